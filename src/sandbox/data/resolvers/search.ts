// Microsoft Search (POST /search/query): KQL over the files, pages and list items the user can open, and over the
// Teams messages they can see; hits with <c0> highlighted summaries, from/size paging, total and moreResultsAvailable.
import type { GraphRequest, MockReply } from "../../graph.js";
import type { Chats, StoredChatMessage } from "../chats.js";
import { extensionOf } from "../../../content/formats.js";
import { mimeTypeOf } from "../content.js";
import type { Person } from "../directory.js";
import type { Drives, ItemRecord, ListItemRecord } from "../drives.js";
import { identity } from "../drives.js";
import { containsText, hasTerm, parseKql, snippet, type Clause, type Restriction } from "../kql.js";
import type { Json } from "../mailboxes.js";
import { asUser } from "./auth.js";
import { driveVisible, siteVisible } from "./files.js";
import { badRequest } from "./odata.js";
import type { Register } from "./register.js";

interface SearchRequest {
  entityTypes: string[];
  query: { queryString: string };
  from?: number;
  size?: number;
}

/** Extensions SharePoint does not crawl by default: only drive search finds these files. */
const UNINDEXED = new Set(["md", "markdown", "json", "yaml", "yml"]);
const ALONE = ["message", "chatMessage", "event", "person"];
const FILE_TYPES = ["driveItem", "listItem", "list", "site", "drive", "externalItem"];
const DAY = 86_400_000;

type Candidate = { kind: "driveItem"; item: ItemRecord } | { kind: "listItem"; entry: ListItemRecord };

const freeTerms = (clauses: readonly Clause[]): string[] => clauses.flatMap((c) => c.filter((r) => r.property === undefined).map((r) => r.value));

function compareDays(at: Date, r: Restriction): boolean {
  const day = Date.parse(r.value.slice(0, 10));
  if (Number.isNaN(day)) return false;
  const start = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
  if (r.op === ">=") return start >= day;
  if (r.op === ">") return start >= day + DAY;
  if (r.op === "<=") return start <= day;
  if (r.op === "<") return start < day;
  return start === day;
}

function normalizedPath(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.host}${decodeURIComponent(parsed.pathname)}`.replace(/\/+$/, "").toLowerCase();
  } catch {
    return url.toLowerCase();
  }
}

function candidateFacts(c: Candidate): { name: string; text: string; webUrl: string; modified: Date; author: Person; contentClass: string; folder: boolean } {
  if (c.kind === "driveItem") {
    const { item } = c;
    return { name: item.name, text: item.text, webUrl: item.webUrl, modified: item.modified, author: item.author, contentClass: "STS_ListItem_DocumentLibrary", folder: item.isFolder };
  }
  const { entry } = c;
  return { name: entry.title, text: entry.text, webUrl: entry.webUrl, modified: entry.modified, author: entry.author, contentClass: entry.page ? "STS_ListItem_WebPageLibrary" : "STS_ListItem_GenericList", folder: false };
}

function fileRestriction(c: Candidate, r: Restriction): boolean {
  const facts = candidateFacts(c);
  const value = r.value.toLowerCase();
  switch (r.property) {
    case undefined:
      return hasTerm(`${facts.name}\n${facts.text}`, r.value);
    case "filetype":
    case "fileextension":
      return c.kind === "driveItem" && !c.item.isFolder && extensionOf(c.item.name) === value;
    case "lastmodifiedtime":
    case "write":
      return compareDays(facts.modified, r);
    case "path":
      return `${normalizedPath(facts.webUrl)}/`.startsWith(`${normalizedPath(r.value)}/`);
    case "contentclass":
      return facts.contentClass.toLowerCase() === value;
    case "iscontainer":
      return facts.folder === (value === "true");
    case "isdocument":
      return c.kind === "driveItem" && !c.item.isFolder === (value === "true");
    case "author":
    case "createdby":
      return containsText(facts.author.displayName, r.value);
    case "title":
    case "filename":
      return hasTerm(facts.name, r.value);
    default:
      return false;
  }
}

function rank(terms: readonly string[], name: string, text: string): number {
  return terms.reduce((score, t) => score + (hasTerm(name, t) ? 3 : 0) + (hasTerm(text, t) ? 1 : 0), 0);
}

function driveItemHit(drives: Drives, item: ItemRecord, summary: string, position: number): Json {
  const json = drives.itemJson(item);
  const ids = drives.sharepointIds(item);
  return {
    hitId: item.id,
    rank: position,
    summary,
    resource: {
      "@odata.type": "#microsoft.graph.driveItem",
      id: item.id,
      name: item.name,
      webUrl: item.webUrl,
      size: json["size"],
      createdDateTime: json["createdDateTime"],
      lastModifiedDateTime: json["lastModifiedDateTime"],
      createdBy: identity(item.author),
      lastModifiedBy: identity(item.editor),
      parentReference: { driveId: item.drive.id, id: item.parentId, siteId: item.drive.siteId, sharepointIds: { listId: ids["listId"], listItemId: ids["listItemId"], listItemUniqueId: item.uniqueId } },
      fileSystemInfo: json["fileSystemInfo"],
      ...(item.isFolder ? { folder: json["folder"] } : { file: { mimeType: mimeTypeOf(item.name) } }),
    },
  };
}

function listItemHit(entry: ListItemRecord, summary: string, position: number): Json {
  return {
    hitId: entry.uniqueId,
    rank: position,
    summary,
    resource: {
      "@odata.type": "#microsoft.graph.listItem",
      id: entry.uniqueId,
      name: entry.title,
      webUrl: entry.webUrl,
      createdDateTime: entry.created.toISOString().replace(/\.\d{3}Z$/, "Z"),
      lastModifiedDateTime: entry.modified.toISOString().replace(/\.\d{3}Z$/, "Z"),
      createdBy: identity(entry.author),
      lastModifiedBy: identity(entry.author),
      parentReference: { id: entry.list.id, siteId: entry.list.site.id },
      sharepointIds: { listId: entry.list.id, listItemId: entry.id, listItemUniqueId: entry.uniqueId },
    },
  };
}

interface Found {
  hits: Json[];
  total: number;
  more: boolean;
}

function searchFiles(drives: Drives, request: SearchRequest, user: Person, clauses: Clause[]): Found {
  const types = new Set(request.entityTypes);
  const candidates: Candidate[] = [];
  if (types.has("driveItem")) {
    for (const item of drives.items) {
      if (!item.page && driveVisible(item.drive, user) && !UNINDEXED.has(extensionOf(item.name))) candidates.push({ kind: "driveItem", item });
    }
  }
  if (types.has("listItem")) {
    for (const list of drives.lists) {
      if (siteVisible(list.site, user)) for (const entry of list.items) candidates.push({ kind: "listItem", entry });
    }
  }
  const terms = freeTerms(clauses);
  const matches = candidates
    .filter((c) => clauses.every((clause) => clause.some((r) => fileRestriction(c, r))))
    .map((c) => ({ c, facts: candidateFacts(c) }))
    .sort((a, b) => rank(terms, b.facts.name, b.facts.text) - rank(terms, a.facts.name, a.facts.text) || b.facts.modified.getTime() - a.facts.modified.getTime());
  const from = request.from ?? 0;
  const size = request.size ?? 25;
  const hits = matches.slice(from, from + size).map(({ c, facts }, i) => {
    const summary = facts.text ? snippet(facts.text, terms) : "";
    return c.kind === "driveItem" ? driveItemHit(drives, c.item, summary, from + i + 1) : listItemHit(c.entry, summary, from + i + 1);
  });
  return { hits, total: matches.length, more: from + size < matches.length };
}

function chatRestriction(m: StoredChatMessage, r: Restriction): boolean {
  switch (r.property) {
    case undefined:
      return hasTerm(`${m.subject ?? ""}\n${m.text}\n${m.files.join("\n")}`, r.value);
    case "from":
      return containsText(`${m.from.displayName} ${m.from.mail}`, r.value);
    case "sent":
      return compareDays(m.sent, r);
    case "hasattachment":
      return (m.files.length > 0) === (r.value.toLowerCase() === "true");
    default:
      return false;
  }
}

function chatHit(chats: Chats, m: StoredChatMessage, summary: string, position: number): Json {
  const json = chats.messageJson(m);
  return {
    hitId: Buffer.from(`${m.chat?.id ?? m.channel?.id ?? ""}/${m.id}`).toString("base64"),
    rank: position,
    summary,
    resource: {
      "@odata.type": "microsoft.graph.chatMessage",
      id: m.id,
      createdDateTime: json["createdDateTime"],
      lastModifiedDateTime: json["lastModifiedDateTime"],
      subject: m.subject ?? "",
      importance: "normal",
      from: { emailAddress: { name: m.from.displayName, address: m.from.mail } },
      channelIdentity: m.channel ? { teamId: m.channel.team.id, channelId: m.channel.id } : {},
      etag: m.id,
      ...(m.chat ? { chatId: m.chat.id } : {}),
      ...(json["webUrl"] ? { webUrl: json["webUrl"] } : {}),
    },
  };
}

function searchChats(chats: Chats, request: SearchRequest, user: Person, clauses: Clause[]): Found {
  const terms = freeTerms(clauses);
  const matches = chats
    .visibleTo(user)
    .filter((m) => clauses.every((clause) => clause.some((r) => chatRestriction(m, r))))
    .sort((a, b) => b.sent.getTime() - a.sent.getTime());
  const from = request.from ?? 0;
  const size = request.size ?? 25;
  const hits = matches.slice(from, from + size).map((m, i) => chatHit(chats, m, snippet(m.text, terms), from + i + 1));
  // For chat messages Graph's total counts the hits on this page, not all matches.
  return { hits, total: hits.length, more: from + size < matches.length };
}

function query(drives: Drives, chats: Chats, graphRequest: GraphRequest, user: Person): MockReply {
  const [request] = (graphRequest.body as { requests: SearchRequest[] }).requests;
  if (!request) return badRequest("BadRequest", "The request must hold one search request.");
  const types = request.entityTypes;
  if (types.some((t) => ALONE.includes(t)) && types.length > 1) return badRequest("BadRequest", `The entity types ${types.join(", ")} cannot be combined in one request.`);
  const clauses = parseKql(request.query.queryString);
  const terms = freeTerms(clauses);
  let result: Found = { hits: [], total: 0, more: false };
  if (types.includes("chatMessage")) result = searchChats(chats, request, user, clauses);
  else if (types.some((t) => FILE_TYPES.includes(t))) result = searchFiles(drives, request, user, clauses);
  const container = { ...(result.hits.length ? { hits: result.hits } : {}), total: result.total, moreResultsAvailable: result.more };
  return {
    body: {
      "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#Collection(microsoft.graph.searchResponse)",
      value: [{ searchTerms: terms.flatMap((t) => t.toLowerCase().split(/\s+/)), hitsContainers: [container] }],
    },
  };
}

export function registerSearch(register: Register, drives: Drives, chats: Chats): void {
  register("searchQuery", asUser((request, user) => query(drives, chats, request, user)));
}
