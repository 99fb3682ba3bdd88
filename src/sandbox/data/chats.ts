// The seeded Teams chats and channels as Graph chats and chat messages, with membership for per-user access.
import { Clock, isoInstant } from "./clock.js";
import { TENANTS, type Person } from "./directory.js";
import { guid, threadId } from "./ids.js";
import { textOfHtml } from "./kql.js";
import type { Json } from "./mailboxes.js";
import { SEED_CHATS, SEED_TEAMS, type SeedChat, type SeedChatMessage, type SeedTeam } from "./teams.js";

export interface StoredChatMessage {
  id: string;
  from: Person;
  sent: Date;
  html: string;
  text: string;
  files: string[];
  chat?: StoredChat;
  channel?: StoredChannel;
  /** The thread's first message, for replies. */
  replyTo?: StoredChatMessage;
  replies: StoredChatMessage[];
  subject?: string;
}

export interface StoredChat {
  seed: SeedChat;
  id: string;
  members: Person[];
  messages: StoredChatMessage[];
}

export interface StoredTeam {
  seed: SeedTeam;
  id: string;
  members: Person[];
}

export interface StoredChannel {
  team: StoredTeam;
  id: string;
  name: string;
  /** Thread roots, each with its replies. */
  messages: StoredChatMessage[];
}

function message(seed: SeedChatMessage, clock: Clock, extra: Partial<StoredChatMessage>): StoredChatMessage {
  const sent = clock.minutesAgo(seed.minutesAgo);
  return { id: String(sent.getTime()), from: seed.from, sent, html: seed.html, text: textOfHtml(seed.html), files: seed.files ?? [], replies: [], ...extra };
}

export class Chats {
  readonly chats: StoredChat[];
  readonly teams: StoredTeam[];
  readonly channels: StoredChannel[] = [];

  /** `fileUrl` finds the web URL of a file shared in a message, by tenant and name. */
  constructor(
    clock: Clock,
    private readonly fileUrl: (tenant: Person["tenant"], name: string) => string | undefined,
  ) {
    this.chats = SEED_CHATS.map((seed) => {
      const [first, second] = seed.members;
      const id = seed.kind === "oneOnOne" && first && second ? `19:${first.id}_${second.id}@unq.gbl.spaces` : threadId(`chat:${seed.key}`, "thread.v2");
      const chat: StoredChat = { seed, id, members: seed.members, messages: [] };
      chat.messages = seed.messages.map((m) => message(m, clock, { chat }));
      return chat;
    });
    this.teams = SEED_TEAMS.map((seed) => {
      const team: StoredTeam = { seed, id: guid(`team:${seed.key}`), members: seed.members };
      for (const channelSeed of seed.channels) {
        const channel: StoredChannel = { team, id: threadId(`channel:${seed.key}:${channelSeed.key}`, "thread.tacv2"), name: channelSeed.name, messages: [] };
        for (const thread of channelSeed.threads) {
          const root = message(thread.root, clock, { channel, ...(thread.subject ? { subject: thread.subject } : {}) });
          root.replies = thread.replies.map((r) => message(r, clock, { channel, replyTo: root }));
          channel.messages.push(root);
        }
        this.channels.push(channel);
      }
      return team;
    });
  }

  /** Every message the person can see: their chats, and the channels of their teams (roots and replies). */
  visibleTo(person: Person): StoredChatMessage[] {
    const inChats = this.chats.filter((c) => c.members.includes(person)).flatMap((c) => c.messages);
    const inChannels = this.channels.filter((c) => c.team.members.includes(person)).flatMap((c) => c.messages.flatMap((m) => [m, ...m.replies]));
    return [...inChats, ...inChannels];
  }

  get messageCount(): number {
    return this.chats.reduce((n, c) => n + c.messages.length, 0) + this.channels.reduce((n, c) => n + c.messages.reduce((k, m) => k + 1 + m.replies.length, 0), 0);
  }

  /** The chat's members as Graph lists them with $expand=members: Microsoft Entra users, each an owner of the chat. */
  membersJson(chat: StoredChat): Json[] {
    return chat.members.map((p) => ({
      "@odata.type": "#microsoft.graph.aadUserConversationMember",
      id: Buffer.from(`1##${chat.id}##${p.id}`).toString("base64"),
      roles: ["owner"],
      displayName: p.displayName,
      visibleHistoryStartDateTime: "0001-01-01T00:00:00Z",
      userId: p.id,
      email: p.mail,
      tenantId: TENANTS[p.tenant].id,
    }));
  }

  chatJson(chat: StoredChat): Json {
    const first = chat.messages[0]?.sent ?? new Date(0);
    const last = chat.messages[chat.messages.length - 1]?.sent ?? first;
    return {
      id: chat.id,
      topic: chat.seed.topic ?? null,
      createdDateTime: isoInstant(new Date(first.getTime() - 3_600_000)),
      lastUpdatedDateTime: isoInstant(last),
      chatType: chat.seed.kind,
      webUrl: `https://teams.microsoft.com/l/chat/${encodeURIComponent(chat.id)}/0?tenantId=${TENANTS[chat.members[0]?.tenant ?? "contoso"].id}`,
      tenantId: TENANTS[chat.members[0]?.tenant ?? "contoso"].id,
    };
  }

  messageJson(m: StoredChatMessage): Json {
    const tenantId = TENANTS[m.from.tenant].id;
    const root = m.replyTo ?? m;
    const webUrl = m.channel
      ? `https://teams.microsoft.com/l/message/${encodeURIComponent(m.channel.id)}/${m.id}?groupId=${m.channel.team.id}&tenantId=${tenantId}&createdTime=${m.id}&parentMessageId=${root.id}`
      : null;
    return {
      id: m.id,
      replyToId: m.replyTo?.id ?? null,
      etag: m.id,
      messageType: "message",
      createdDateTime: m.sent.toISOString(),
      lastModifiedDateTime: m.sent.toISOString(),
      lastEditedDateTime: null,
      deletedDateTime: null,
      subject: m.subject ?? null,
      summary: null,
      ...(m.chat ? { chatId: m.chat.id } : {}),
      ...(m.channel ? { channelIdentity: { teamId: m.channel.team.id, channelId: m.channel.id } } : {}),
      importance: "normal",
      locale: "en-us",
      webUrl,
      from: { application: null, device: null, user: { "@odata.type": "#microsoft.graph.teamworkUserIdentity", id: m.from.id, displayName: m.from.displayName, userIdentityType: "aadUser", tenantId } },
      body: { contentType: "html", content: m.html + m.files.map((_, i) => `<attachment id="${guid(`att:${m.id}:${i}`)}"></attachment>`).join("") },
      attachments: m.files.map((name, i) => ({
        id: guid(`att:${m.id}:${i}`),
        contentType: "reference",
        contentUrl: this.fileUrl(m.from.tenant, name) ?? null,
        content: null,
        name,
        thumbnailUrl: null,
        teamsAppId: null,
      })),
      mentions: [],
      reactions: [],
    };
  }
}
