// chat_message_search: finds Teams chat and channel messages with Microsoft Search (POST /search/query, entity chatMessage).
import { searchQuery } from "../../generated/graph-client.js";
import type { ChatMessageSearchInput, ChatMessageSearchOutput } from "../../generated/tool-types.js";
import { InvalidInput } from "../failure.js";
import { jsonObject, jsonText, type JsonObject } from "../graph/json.js";
import { hasSearchText, kqlPhrase, kqlProperty, odataDateTime } from "../graph/query-syntax.js";
import { cleanSnippet } from "../graph/search-text.js";
import { dateBound, type DayZone } from "./dates.js";
import { escapeMarkdown, nextPageLine, phraseHint, verbatim } from "./markdown.js";
import { optional } from "./resources/document.js";
import { chatName, readChat, type ChatName } from "./resources/teams.js";
import { resourceUri } from "./resources/uri.js";
import { type ToolContext, type ToolHandler } from "./types.js";

type ChatItem = ChatMessageSearchOutput["messages"][number];

const OPERATION = "searchQuery";
/** Chat search compares sent dates by whole UTC days, so a plain date is a UTC day and a date-time counts by its own. */
const UTC_DAYS: DayZone = { iana: "UTC", source: "Teams search compares whole UTC days" };
const DAYS_NOTE = "Sent dates are compared by whole UTC days.";

/** The UTC day of a date bound, as the chat search docs write dates (sent>2022-07-14). */
const kqlDay = (value: string, field: string): string => dateBound(value, field, UTC_DAYS).toISOString().slice(0, 10);

function queryString(input: ChatMessageSearchInput): string {
  if (!hasSearchText(input.query)) throw new InvalidInput("`query` has no searchable text.");
  if (input.from !== undefined && !hasSearchText(input.from)) throw new InvalidInput("`from` has no searchable text.");
  const after = input.sentAfter === undefined ? undefined : kqlDay(input.sentAfter, "sentAfter");
  const before = input.sentBefore === undefined ? undefined : kqlDay(input.sentBefore, "sentBefore");
  if (after && before && after > before) throw new InvalidInput("`sentAfter` must not be later than `sentBefore`.");
  return [
    kqlPhrase(input.query),
    input.from === undefined ? undefined : kqlProperty("from", input.from),
    after === undefined ? undefined : `sent>=${after}`,
    before === undefined ? undefined : `sent<=${before}`,
  ]
    .filter((t) => t !== undefined)
    .join(" ");
}

async function offset(cursor: string | undefined, ctx: ToolContext): Promise<number> {
  if (cursor === undefined) return 0;
  const { from } = await ctx.cursors.open(cursor, [OPERATION]);
  if (from === undefined) throw new InvalidInput("The cursor holds no result offset; run the search again without a cursor.");
  return from;
}

/** Search hits name the sender as an email address; chatMessage itself uses an identity set. */
function sender(from: JsonObject | undefined): ChatItem["from"] {
  const email = jsonObject(from?.["emailAddress"]);
  const user = jsonObject(from?.["user"]);
  const name = jsonText(email?.["name"]) ?? jsonText(user?.["displayName"]);
  const address = jsonText(email?.["address"]);
  if (!name && !address) return undefined;
  return { ...(name ? { name } : {}), ...(address ? { address } : {}) };
}

/** The first message of a channel reply's thread: replyToId, or the parentMessageId of its Teams link. */
function threadOf(resource: JsonObject): string | undefined {
  const replyTo = jsonText(resource["replyToId"]);
  if (replyTo) return replyTo;
  const webUrl = jsonText(resource["webUrl"]);
  if (!webUrl) return undefined;
  try {
    return new URL(webUrl).searchParams.get("parentMessageId") ?? undefined;
  } catch {
    return undefined;
  }
}

/** Where the message lives, and the read_resource URI for it; undefined when the hit names neither a chat nor a channel. */
function location(resource: JsonObject, id: string): Pick<ChatItem, "uri" | "chatId" | "teamId" | "channelId"> | undefined {
  const channel = jsonObject(resource["channelIdentity"]);
  const teamId = jsonText(channel?.["teamId"]);
  const channelId = jsonText(channel?.["channelId"]);
  if (teamId && channelId) {
    // Graph reads a reply only through its thread, so a reply's uri names the thread's first message.
    const thread = threadOf(resource) ?? id;
    return { teamId, channelId, uri: resourceUri({ kind: "channelMessage", teamId, channelId, messageId: thread }) };
  }
  const chatId = jsonText(resource["chatId"]);
  return chatId ? { chatId, uri: resourceUri({ kind: "chatMessage", chatId, messageId: id }) } : undefined;
}

function itemOf(hit: JsonObject): ChatItem | undefined {
  const resource = jsonObject(hit["resource"]);
  const id = jsonText(resource?.["id"]);
  if (!resource || !id) return undefined;
  const where = location(resource, id);
  if (!where) return undefined;
  const item: ChatItem = { id, ...where, snippet: cleanSnippet(jsonText(hit["summary"])) };
  const from = sender(jsonObject(resource["from"]));
  if (from) item.from = from;
  const sent = jsonText(resource["createdDateTime"]);
  if (sent && !Number.isNaN(Date.parse(sent))) item.sentDateTime = odataDateTime(new Date(sent));
  const webUrl = jsonText(resource["webUrl"]);
  if (webUrl) item.webUrl = webUrl;
  return item;
}

/**
 * Each distinct chat of the hits, read once (one getChat per chat of the page, in parallel) for its topic and
 * members. A chat Graph does not give stays unnamed: the search still answers.
 */
async function nameChats(items: readonly ChatItem[], ctx: ToolContext): Promise<Map<string, ChatName | undefined>> {
  if (!ctx.grantedScopes.has("Chat.Read")) return new Map();
  const ids = [...new Set(items.flatMap((m) => (m.chatId ? [m.chatId] : [])))];
  return new Map(await Promise.all(ids.map(async (id) => [id, chatName(await optional(readChat(id, ctx), ctx, "a chat's topic and members were not read"), ctx.userId)] as const)));
}

const unnamedNote = (count: number): string =>
  `The topic and members of ${count === 1 ? "one chat" : `${count} chats`} could not be read; read_resource of its messages may still show them.`;

function markdownOf(items: ChatItem[], chats: ReadonlyMap<string, ChatName | undefined>, notes: readonly string[], nextCursor: string | undefined): string {
  const heading = items.length === 0 ? "## Teams message search: no messages found" : `## Teams message search: ${items.length} message${items.length === 1 ? "" : "s"}`;
  const lines = [heading, ...notes.map((note) => `> ${note}`)];
  if (items.length) lines.push("");
  items.forEach((m, i) => {
    const who = m.from ? escapeMarkdown(m.from.name ?? m.from.address ?? "") : "unknown sender";
    const chat = m.chatId ? chats.get(m.chatId) : undefined;
    const where = m.chatId ? (chat ? (chat.topic ? `the chat "${escapeMarkdown(chat.text)}"` : `a ${escapeMarkdown(chat.text)}`) : "a chat") : "a channel";
    lines.push(`${i + 1}. **${who}** in ${where}${m.sentDateTime ? ` (${m.sentDateTime})` : ""}: ${escapeMarkdown(m.snippet) || "(no preview)"}`);
    lines.push(`   ${verbatim(m.uri)}`);
  });
  if (nextCursor) lines.push("", nextPageLine("More messages match", nextCursor));
  return lines.join("\n");
}

const chatMessageSearch: ToolHandler<ChatMessageSearchInput, ChatMessageSearchOutput> = async (input, ctx) => {
  const size = input.limit;
  const queryText = queryString(input);
  const from = await offset(input.cursor, ctx);
  const response = await searchQuery(ctx.graph, {
    body: { requests: [{ entityTypes: ["chatMessage"], query: { queryString: queryText }, from, size }] },
  });
  const container = response?.value[0]?.hitsContainers?.[0];
  const messages = (container?.hits ?? []).map((hit) => itemOf(hit as JsonObject)).filter((m) => m !== undefined);
  const structured: ChatMessageSearchOutput = { messages };
  if (container?.moreResultsAvailable) structured.nextCursor = await ctx.cursors.seal({ operation: OPERATION, from: from + size });
  const chats = await nameChats(messages, ctx);
  for (const m of messages) {
    const chat = m.chatId ? chats.get(m.chatId) : undefined;
    if (chat) m.chat = chat.text;
  }
  const unnamed = [...chats.values()].filter((name) => name === undefined).length;
  const hint = phraseHint(input.query, queryText, messages.length);
  const notes = [...(input.sentAfter !== undefined || input.sentBefore !== undefined ? [DAYS_NOTE] : []), ...(unnamed ? [unnamedNote(unnamed)] : []), ...(hint ? [hint] : [])];
  return { structured, markdown: markdownOf(messages, chats, notes, structured.nextCursor) };
};

export default chatMessageSearch;
