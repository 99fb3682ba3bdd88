// Teams messages for read_resource: a chat message with its chat's topic, or a channel message with its replies.
import { getChannelMessage, getChat, getChatMessage, listChannelMessageReplies } from "../../../generated/graph-client.js";
import { graphTime, type Chat, type ChatMessage, type ChatMessageCollectionResponse } from "../graph-models.js";
import type { ToolContext } from "../types.js";
import { bodyText, header, identityName, isoTime, list, optional, type Header, type ResourceDocument } from "./document.js";

const MAX_REPLIES = 50;

function messageHeaders(message: ChatMessage | undefined): Header[] {
  return [
    header("from", "From", identityName(message?.from)),
    header("date", "Sent", isoTime(message?.createdDateTime)),
    header("subject", "Subject", message?.subject),
    header("attachments", "Attachments", list((message?.attachments ?? []).map((a) => a.name ?? undefined))),
  ];
}

function chatName(chat: Chat | undefined): string | undefined {
  if (chat?.topic) return chat.topic;
  if (chat?.chatType === "oneOnOne") return "one-on-one chat";
  return chat?.chatType ? `${chat.chatType} chat` : undefined;
}

/** Deleted messages keep their id but lose their body. */
function messageBody(message: ChatMessage | undefined, ctx: ToolContext): Promise<string> {
  return graphTime(message?.deletedDateTime) ? Promise.resolve("(This message was deleted.)") : bodyText(message?.body, ctx);
}

const isPlain = (message: ChatMessage | undefined): boolean => !graphTime(message?.deletedDateTime) && message?.body?.contentType === "text";

export async function readChatMessage(chatId: string, messageId: string, ctx: ToolContext): Promise<ResourceDocument> {
  const [message, chat] = await Promise.all([
    getChatMessage(ctx.graph, { path: { "chat-id": chatId, "chatMessage-id": messageId } }),
    optional(getChat(ctx.graph, { path: { "chat-id": chatId } })),
  ]);
  const topic = chatName(chat);
  const from = identityName(message?.from);
  return {
    title: topic ? `${from ?? "Message"} in ${topic}` : `Chat message from ${from ?? "unknown sender"}`,
    headers: [...messageHeaders(message), header("chat", "Chat", topic), header("webUrl", "Web link", message?.webUrl)],
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
    optional(listChannelMessageReplies(ctx.graph, { path, query: { $top: MAX_REPLIES } })),
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
