// Teams messages for read_resource: a chat message with its chat's topic, or a channel message with its replies.
import { getChannelMessage, getChat, getChatMessage, listChannelMessageReplies } from "../../../generated/graph-client.js";
import { graphTime, type Chat, type ChatMessage, type ChatMessageCollectionResponse } from "../graph-models.js";
import type { ToolContext } from "../types.js";
import { bodyText, header, identityName, isoTime, list, oneLine, optional, type Header, type ResourceDocument } from "./document.js";

const MAX_REPLIES = 50;

function messageHeaders(message: ChatMessage | undefined): Header[] {
  return [
    header("from", "From", identityName(message?.from)),
    header("date", "Sent", isoTime(message?.createdDateTime)),
    header("subject", "Subject", message?.subject),
    header("attachments", "Attachments", list((message?.attachments ?? []).map((a) => a.name ?? undefined))),
  ];
}

const CHAT_KINDS: Record<string, string> = { oneOnOne: "one-on-one chat", group: "group chat", meeting: "meeting chat" };
/** How many members a chat's name lists; a large group chat says how many more there are. */
const NAMED_MEMBERS = 5;

/** The chat with its members: $expand=members lists them inline (chat-get, Example 3), one call per chat. */
export function readChat(chatId: string, ctx: ToolContext): Promise<Chat | undefined> {
  return getChat(ctx.graph, { path: { "chat-id": chatId }, query: { $expand: "members" } });
}

export function memberNames(chat: Chat | undefined, exceptUserId?: string): string[] {
  return (chat?.members ?? []).filter((m) => !exceptUserId || m.userId?.toLowerCase() !== exceptUserId.toLowerCase()).flatMap((m) => (m.displayName?.trim() ? [oneLine(m.displayName)] : []));
}

function namesList(names: readonly string[]): string {
  const shown = names.slice(0, NAMED_MEMBERS);
  const more = names.length - shown.length;
  if (more > 0) return `${shown.join(", ")} and ${more} other${more === 1 ? "" : "s"}`;
  return shown.length > 1 ? `${shown.slice(0, -1).join(", ")} and ${shown.at(-1) ?? ""}` : (shown[0] ?? "");
}

export interface ChatName {
  /** The topic, else the kind and the other members, e.g. "one-on-one chat with Alex Wilber". */
  text: string;
  topic: boolean;
}

/** A chat as a reader knows it; undefined when Graph said nothing of it. */
export function chatName(chat: Chat | undefined, userId: string): ChatName | undefined {
  const topic = oneLine(chat?.topic ?? "");
  if (topic) return { text: topic, topic: true };
  if (!chat?.chatType && !chat?.members?.length) return undefined;
  const kind = CHAT_KINDS[chat.chatType ?? ""] ?? "chat";
  const others = memberNames(chat, userId);
  return { text: others.length ? `${kind} with ${namesList(others)}` : kind, topic: false };
}

/** Deleted messages keep their id but lose their body. */
function messageBody(message: ChatMessage | undefined, ctx: ToolContext): Promise<string> {
  return graphTime(message?.deletedDateTime) ? Promise.resolve("(This message was deleted.)") : bodyText(message?.body, ctx);
}

const isPlain = (message: ChatMessage | undefined): boolean => !graphTime(message?.deletedDateTime) && message?.body?.contentType === "text";

export async function readChatMessage(chatId: string, messageId: string, ctx: ToolContext): Promise<ResourceDocument> {
  const [message, chat] = await Promise.all([getChatMessage(ctx.graph, { path: { "chat-id": chatId, "chatMessage-id": messageId } }), optional(readChat(chatId, ctx), ctx, "a chat's topic and members were not read")]);
  const name = chatName(chat, ctx.userId);
  const from = identityName(message?.from);
  const members = memberNames(chat);
  return {
    title: name ? `${from ?? "Message"} in ${name.topic ? name.text : `a ${name.text}`}` : `Chat message from ${from ?? "unknown sender"}`,
    headers: [
      ...messageHeaders(message),
      header("chat", "Chat", name?.text),
      header("members", "Members", members.length ? members.join(", ") : undefined),
      header("webUrl", "Web link", message?.webUrl),
    ],
    body: await messageBody(message, ctx),
    plainBody: isPlain(message),
    sections: [],
  };
}

async function repliesSection(page: ChatMessageCollectionResponse | undefined, ctx: ToolContext): Promise<string> {
  const replies = (page?.value ?? [])
    .filter((r) => !graphTime(r.deletedDateTime))
    .sort((a, b) => (graphTime(a.createdDateTime)?.getTime() ?? 0) - (graphTime(b.createdDateTime)?.getTime() ?? 0));
  if (!replies.length) return "";
  const more = page?.["@odata.nextLink"] ? ` (the first ${MAX_REPLIES}; there are more)` : "";
  const blocks = await Promise.all(replies.map(async (r) => `[${isoTime(r.createdDateTime) ?? "undated"}] ${identityName(r.from) ?? "unknown sender"}:\n${await bodyText(r.body, ctx)}`));
  return [`Replies${more}:`, ...blocks].join("\n\n");
}

export async function readChannelMessage(teamId: string, channelId: string, messageId: string, ctx: ToolContext): Promise<ResourceDocument> {
  const path = { "team-id": teamId, "channel-id": channelId, "chatMessage-id": messageId };
  const [message, replies] = await Promise.all([
    getChannelMessage(ctx.graph, { path }),
    optional(listChannelMessageReplies(ctx.graph, { path, query: { $top: MAX_REPLIES } }), ctx, "a channel message's replies were not read"),
  ]);
  const from = identityName(message?.from);
  return {
    title: message?.subject?.trim() || `Channel message from ${from ?? "unknown sender"}`,
    headers: [...messageHeaders(message), header("webUrl", "Web link", message?.webUrl)],
    body: await messageBody(message, ctx),
    plainBody: isPlain(message),
    sections: [await repliesSection(replies, ctx)].filter(Boolean),
  };
}
