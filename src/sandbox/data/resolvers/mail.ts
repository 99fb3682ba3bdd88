// Mail: the signed-in user's mailbox and the shared mailbox a delegate may open, with Outlook's $search (KQL),
// $filter, $orderby, $top/$skip paging, $select and $count; single messages and their attachments.
import type { GraphRequest, MockReply } from "../../graph.js";
import { personByAddress, type Person } from "../directory.js";
import { containsText, hasTerm, parseKql, type Restriction } from "../kql.js";
import type { Mailboxes, StoredMessage } from "../mailboxes.js";
import { asUser } from "./auth.js";
import { accessDenied, badRequest, collection, entity, notFound, odataStringValue, paged, pick } from "./odata.js";
import type { Register } from "./register.js";

const WELL_KNOWN_FOLDERS = ["inbox", "sentitems", "archive", "drafts", "deleteditems", "junkemail", "outbox"];
const DAY = 86_400_000;

/** The mailbox a request names: the user's own (/me) or /users/{id or address}, which only its delegates may open. */
function mailboxOf(request: GraphRequest, user: Person): Person | MockReply {
  const named = request.pathParams["user-id"];
  if (named === undefined) return user;
  const owner = personByAddress(named);
  if (!owner || owner.tenant !== user.tenant) return notFound("ErrorInvalidUser", `The requested user '${named}' is invalid.`);
  if (owner.id === user.id || owner.sharedWith?.includes(user.id)) return owner;
  return accessDenied("ErrorAccessDenied", "Access is denied. Check credentials and try again.");
}

const isReply = (value: Person | MockReply): value is MockReply => !("id" in value);

type Predicate = (m: StoredMessage) => boolean;

/** received>=MM/DD/YYYY (Outlook) or 2026-01-31: the UTC day, as milliseconds. */
function dayOf(value: string): number | undefined {
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  const time = us ? Date.UTC(Number(us[3]), Number(us[1]) - 1, Number(us[2])) : Date.parse(value.slice(0, 10));
  return Number.isNaN(time) ? undefined : time;
}

function compareDay(received: Date, op: Restriction["op"], day: number): boolean {
  const start = Date.UTC(received.getUTCFullYear(), received.getUTCMonth(), received.getUTCDate());
  if (op === ">=") return start >= day;
  if (op === ">") return start >= day + DAY;
  if (op === "<=") return start <= day;
  if (op === "<") return start < day;
  return start === day;
}

const names = (list: unknown): string =>
  (Array.isArray(list) ? list : []).map((r: { emailAddress?: { name?: string; address?: string } }) => `${r.emailAddress?.name ?? ""} ${r.emailAddress?.address ?? ""}`).join(" ");

function restrictionHolds(m: StoredMessage, r: Restriction): boolean {
  const json = m.json;
  switch (r.property) {
    case undefined:
      return hasTerm(m.text, r.value);
    case "from":
      return containsText(names([json["from"]]), r.value);
    case "to":
      return containsText(names(json["toRecipients"]), r.value);
    case "cc":
      return containsText(names(json["ccRecipients"]), r.value);
    case "participants":
      return containsText(names([json["from"], ...(json["toRecipients"] as unknown[]), ...(json["ccRecipients"] as unknown[])]), r.value);
    case "subject":
      return hasTerm(m.seed.subject, r.value);
    case "body":
      return hasTerm(m.text, r.value);
    case "attachment":
      return (m.seed.attachments ?? []).some((a) => hasTerm(a.name, r.value));
    case "hasattachments":
      return String(json["hasAttachments"]) === r.value.toLowerCase();
    case "received":
    case "sent": {
      const day = dayOf(r.value);
      return day !== undefined && compareDay(m.received, r.op, day);
    }
    default:
      return hasTerm(m.text, r.value);
  }
}

/** $search="…": a KQL query in double quotes, inner quotes escaped with backslashes. */
function searchPredicate(value: string): Predicate {
  const kql = value.replace(/^"|"$/g, "").replace(/\\(.)/g, "$1");
  const clauses = parseKql(kql);
  return (m) => clauses.every((clause) => clause.some((r) => restrictionHolds(m, r)));
}

/** Splits a $filter on `and`, outside string literals. */
function conditions(filter: string): string[] {
  const parts: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < filter.length; i++) {
    const c = filter[i] ?? "";
    if (c === "'") quoted = !quoted;
    if (!quoted && /^\s+and\s+/i.test(filter.slice(i))) {
      parts.push(current.trim());
      i += (/^\s+and\s+/i.exec(filter.slice(i))?.[0].length ?? 1) - 1;
      current = "";
      continue;
    }
    current += c;
  }
  return [...parts, current.trim()].filter(Boolean);
}

const FIELDS: Record<string, (m: StoredMessage) => unknown> = {
  receivedDateTime: (m) => m.received.getTime(),
  "from/emailAddress/address": (m) => (m.json["from"] as { emailAddress: { address: string } }).emailAddress.address.toLowerCase(),
  hasAttachments: (m) => m.json["hasAttachments"],
  isRead: (m) => m.json["isRead"],
  conversationId: (m) => m.json["conversationId"],
  importance: (m) => m.json["importance"],
  "flag/flagStatus": (m) => (m.json["flag"] as { flagStatus: string }).flagStatus,
  subject: (m) => m.seed.subject,
};

function literal(field: string, raw: string): unknown {
  if (raw.startsWith("'")) return field === "from/emailAddress/address" ? odataStringValue(raw).toLowerCase() : odataStringValue(raw);
  if (raw === "true" || raw === "false") return raw === "true";
  return Date.parse(raw);
}

function filterPredicate(filter: string): Predicate | string {
  const tests: Predicate[] = [];
  for (const condition of conditions(filter)) {
    const match = /^([\w/]+)\s+(eq|ne|ge|gt|le|lt)\s+(.+)$/i.exec(condition);
    const read = match?.[1] ? FIELDS[match[1]] : undefined;
    if (!match?.[1] || !match[2] || !match[3] || !read) return `Invalid filter clause: ${condition}`;
    const expected = literal(match[1], match[3].trim());
    const op = match[2].toLowerCase();
    tests.push((m) => {
      const actual = read(m);
      if (op === "eq") return actual === expected;
      if (op === "ne") return actual !== expected;
      if (typeof actual !== "number" || typeof expected !== "number") return false;
      return op === "ge" ? actual >= expected : op === "gt" ? actual > expected : op === "le" ? actual <= expected : actual < expected;
    });
  }
  return (m) => tests.every((t) => t(m));
}

function list(mail: Mailboxes, request: GraphRequest, user: Person): MockReply {
  const owner = mailboxOf(request, user);
  if (isReply(owner)) return owner;
  const folderParam = request.pathParams["mailFolder-id"];
  let messages = mail.messagesOf(owner);
  if (folderParam !== undefined) {
    const folder = folderParam.toLowerCase();
    if (WELL_KNOWN_FOLDERS.includes(folder)) messages = messages.filter((m) => m.seed.folder === folder);
    else if (messages.some((m) => m.json["parentFolderId"] === folderParam)) messages = messages.filter((m) => m.json["parentFolderId"] === folderParam);
    else return badRequest("ErrorInvalidIdMalformed", "Id is malformed.");
  }
  const search = request.query.get("$search");
  const filter = request.query.get("$filter");
  if (search && filter) return badRequest("ErrorInvalidUrlQuery", "The query parameter 'Filter' is invalid.");
  if (search && request.query.has("$orderby")) return badRequest("ErrorInvalidUrlQuery", "The query parameter 'OrderBy' is invalid.");
  if (search) messages = messages.filter(searchPredicate(search));
  if (filter) {
    const predicate = filterPredicate(filter);
    if (typeof predicate === "string") return badRequest("ErrorInvalidUrlQuery", predicate);
    messages = messages.filter(predicate);
  }
  if (/receivedDateTime\s+asc/i.test(request.query.get("$orderby") ?? "")) messages = [...messages].reverse();
  const page = paged(request, messages, 10);
  const select = request.query.get("$select");
  const count = request.query.get("$count") === "true" ? messages.length : undefined;
  return collection(`users('${encodeURIComponent(owner.mail)}')/messages`, page.items.map((m) => pick(m.json, select)), page.nextLink, count);
}

function one(mail: Mailboxes, request: GraphRequest, user: Person): StoredMessage | MockReply {
  const owner = mailboxOf(request, user);
  if (isReply(owner)) return owner;
  const message = mail.find(owner, request.pathParams["message-id"] ?? "");
  return message ?? notFound("ErrorItemNotFound", "The specified object was not found in the store.");
}

export function registerMail(register: Register, mail: Mailboxes): void {
  const listing = asUser((request, user) => list(mail, request, user));
  for (const op of ["listMessages", "listFolderMessages", "listUserMessages", "listUserFolderMessages"]) register(op, listing);
  const get = asUser((request, user) => {
    const found = one(mail, request, user);
    return "seed" in found ? entity(`users('${encodeURIComponent(found.seed.mailbox.mail)}')/messages`, pick(found.json, request.query.get("$select"))) : found;
  });
  register("getMessage", get);
  register("getUserMessage", get);
  const attachments = asUser((request, user) => {
    const found = one(mail, request, user);
    if (!("seed" in found)) return found;
    const select = request.query.get("$select");
    const values = found.attachments.map((a) => ({ "@odata.type": a["@odata.type"], ...pick(a, select) }));
    return collection(`users('${encodeURIComponent(found.seed.mailbox.mail)}')/messages('${encodeURIComponent(found.id)}')/attachments`, values);
  });
  register("listMessageAttachments", attachments);
  register("listUserMessageAttachments", attachments);
}
