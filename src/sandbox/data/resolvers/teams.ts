// Teams: chats and their messages for members, channel messages and their replies for team members.
import type { GraphRequest, MockReply } from "../../graph.js";
import type { Chats, StoredChannel, StoredChat } from "../chats.js";
import type { Person } from "../directory.js";
import { asUser } from "./auth.js";
import { accessDenied, collection, entity, notFound } from "./odata.js";
import type { Register } from "./register.js";

function chatOf(chats: Chats, request: GraphRequest, user: Person): StoredChat | MockReply {
  const chat = chats.chats.find((c) => c.id === request.pathParams["chat-id"]);
  if (!chat || chat.members[0]?.tenant !== user.tenant) return notFound("NotFound", "Resource not found.");
  return chat.members.includes(user) ? chat : accessDenied("Forbidden", "Forbidden: the caller is not a member of this chat.");
}

function channelOf(chats: Chats, request: GraphRequest, user: Person): StoredChannel | MockReply {
  const channel = chats.channels.find((c) => c.team.id === request.pathParams["team-id"] && c.id === request.pathParams["channel-id"]);
  if (!channel || channel.team.members[0]?.tenant !== user.tenant) return notFound("NotFound", "Resource not found.");
  return channel.team.members.includes(user) ? channel : accessDenied("Forbidden", "Forbidden: the caller is not a member of this team.");
}

const found = <T extends object>(value: T | MockReply, key: keyof T): value is T => key in value;

export function registerTeams(register: Register, chats: Chats): void {
  register(
    "getChat",
    asUser((request, user) => {
      const chat = chatOf(chats, request, user);
      if (!found(chat, "members")) return chat;
      const expand = (request.query.get("$expand") ?? "").split(",").map((s) => s.trim());
      return entity("chats", { ...chats.chatJson(chat), ...(expand.includes("members") ? { members: chats.membersJson(chat) } : {}) });
    }),
  );
  register(
    "getChatMessage",
    asUser((request, user) => {
      const chat = chatOf(chats, request, user);
      if (!found(chat, "members")) return chat;
      const message = chat.messages.find((m) => m.id === request.pathParams["chatMessage-id"]);
      return message ? entity(`chats('${encodeURIComponent(chat.id)}')/messages`, chats.messageJson(message)) : notFound("NotFound", "Message not found.");
    }),
  );
  const rootOf = (request: GraphRequest, user: Person) => {
    const channel = channelOf(chats, request, user);
    if (!found(channel, "team")) return channel;
    return channel.messages.find((m) => m.id === request.pathParams["chatMessage-id"]) ?? notFound("NotFound", "Message not found.");
  };
  register(
    "getChannelMessage",
    asUser((request, user) => {
      const root = rootOf(request, user);
      return found(root, "replies") ? entity(`teams('${root.channel?.team.id ?? ""}')/channels('${encodeURIComponent(root.channel?.id ?? "")}')/messages`, chats.messageJson(root)) : root;
    }),
  );
  register(
    "listChannelMessageReplies",
    asUser((request, user) => {
      const root = rootOf(request, user);
      if (!found(root, "replies")) return root;
      const top = Number(request.query.get("$top") ?? 20);
      const replies = [...root.replies].sort((a, b) => b.sent.getTime() - a.sent.getTime());
      return collection(`teams('${root.channel?.team.id ?? ""}')/channels('${encodeURIComponent(root.channel?.id ?? "")}')/messages('${root.id}')/replies`, replies.slice(0, top).map((r) => chats.messageJson(r)));
    }),
  );
}
