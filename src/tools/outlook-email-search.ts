// outlook_email_search: finds messages in the caller's mailbox, or a shared one, with Outlook's $search or $filter.
import { listFolderMessages, listMessages, listUserFolderMessages, listUserMessages } from "../../generated/graph-client.js";
import type { OutlookEmailSearchInput, OutlookEmailSearchOutput } from "../../generated/tool-types.js";
import { InvalidInput, PermissionMissing } from "../failure.js";
import { openCursor } from "../graph/paging.js";
import { hasSearchText, kqlPhrase, kqlProperty, odataDateTime, odataString, outlookSearchValue } from "../graph/query-syntax.js";
import { dateBound, dayZoneFor, dayZoneNote, isPlainDate } from "./dates.js";
import { graphTime, type EmailAddress, type Message, type MessageCollectionResponse } from "./graph-models.js";
import { escapeMarkdown, nextPageLine, phraseHint, verbatim } from "./markdown.js";
import { resourceUri } from "./resources/uri.js";
import { type ToolContext, type ToolHandler } from "./types.js";

type MessageQuery = NonNullable<Parameters<typeof listMessages>[1]["query"]>;
type MessageOperation = "listMessages" | "listFolderMessages" | "listUserMessages" | "listUserFolderMessages";
type EmailItem = OutlookEmailSearchOutput["messages"][number];
type Person = NonNullable<EmailItem["from"]>;

/** receivedAfter and receivedBefore as instants: a plain date is the start of its day (see dates.ts). */
interface Received {
  after?: Date;
  before?: Date;
  /** How plain dates were read, for the answer. */
  note?: string;
}

interface Target {
  operation: MessageOperation;
  mailbox: string | undefined;
  folder: string | undefined;
}

const SHARED_SCOPE = "Mail.Read.Shared";
// Mail.ReadBasic leaves out bodyPreview; these scopes include it.
const PREVIEW_SCOPES = ["Mail.Read", SHARED_SCOPE];
const BASE_FIELDS = ["id", "subject", "from", "toRecipients", "receivedDateTime", "hasAttachments", "isRead", "webLink"];
// Outlook needs the $orderby property first in $filter; this floor keeps other filters valid without a date.
const NO_EARLIER_THAN = "1900-01-01T00:00:00Z";
// No path or query characters: a mailbox address becomes a URL path segment.
const EMAIL_ADDRESS = /^[^\s@/\\?#%]+@[^\s@/\\?#%]+\.[^\s@/\\?#%]+$/;
const CRITERIA = ["query", "from", "to", "subject", "receivedAfter", "receivedBefore", "folder", "hasAttachments", "unreadOnly"] as const;

function targetOf(input: OutlookEmailSearchInput): Target {
  const { mailbox, folder } = input;
  if (mailbox !== undefined && !EMAIL_ADDRESS.test(mailbox)) {
    throw new InvalidInput("`mailbox` must be an email address, e.g. sales@contoso.com.");
  }
  const operation: MessageOperation = mailbox ? (folder ? "listUserFolderMessages" : "listUserMessages") : folder ? "listFolderMessages" : "listMessages";
  return { operation, mailbox, folder };
}

async function receivedOf(input: OutlookEmailSearchInput, ctx: ToolContext): Promise<Received> {
  const zone = await dayZoneFor(ctx, [input.receivedAfter, input.receivedBefore]);
  const after = input.receivedAfter === undefined ? undefined : dateBound(input.receivedAfter, "receivedAfter", zone);
  const before = input.receivedBefore === undefined ? undefined : dateBound(input.receivedBefore, "receivedBefore", zone);
  if (after && before && after > before) throw new InvalidInput("`receivedAfter` must not be later than `receivedBefore`.");
  const note = dayZoneNote(zone, [["receivedAfter", input.receivedAfter, after], ["receivedBefore", input.receivedBefore, before]]);
  return { ...(after ? { after } : {}), ...(before ? { before } : {}), ...(note ? { note } : {}) };
}

function checkCriteria(input: OutlookEmailSearchInput): void {
  // unreadOnly: false narrows nothing, so it does not count as a criterion.
  const given = CRITERIA.filter((name) => (name === "unreadOnly" ? input.unreadOnly === true : input[name] !== undefined));
  if (given.length === 0) {
    throw new InvalidInput(`Give at least one search criterion: ${CRITERIA.map((c) => `\`${c}\``).join(", ")}.`);
  }
}

/** A KQL date as the Outlook docs write it (received:07/23/2018): a plain date's own day, else the instant's UTC day. */
function kqlDate(value: string): string {
  const d = new Date(isPlainDate(value) ? `${value}T00:00:00Z` : value);
  const pad = (n: number): string => String(n).padStart(2, "0");
  return `${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${d.getUTCFullYear()}`;
}

/** Free text, recipients, subjects and sender names need $search; the rest can be exact $filter conditions. */
function needsSearch(input: OutlookEmailSearchInput): boolean {
  return Boolean(input.query ?? input.to ?? input.subject) || (input.from !== undefined && !EMAIL_ADDRESS.test(input.from));
}

function phrase(value: string, name: string, build: (v: string) => string): string {
  if (!hasSearchText(value)) throw new InvalidInput(`\`${name}\` has no searchable text.`);
  return build(value);
}

/** A plain receivedBefore excludes its day, as $filter's `lt` does; a date-time includes its UTC day. */
function receivedClauses(input: OutlookEmailSearchInput): string[] {
  const { receivedAfter: after, receivedBefore: before } = input;
  return [
    ...(after === undefined ? [] : [`received>=${kqlDate(after)}`]),
    ...(before === undefined ? [] : [`received${isPlainDate(before) ? "<" : "<="}${kqlDate(before)}`]),
  ];
}

function searchClause(input: OutlookEmailSearchInput): string {
  if (input.unreadOnly) {
    throw new InvalidInput(
      "`unreadOnly` cannot be combined with `query`, `to`, `subject` or a sender name: Outlook's text search has no read-state filter. " +
        "Drop `unreadOnly`, or search by sender address, dates, folder and attachments only.",
    );
  }
  const terms = [
    input.query === undefined ? undefined : phrase(input.query, "query", kqlPhrase),
    input.from === undefined ? undefined : phrase(input.from, "from", (v) => kqlProperty("from", v)),
    input.to === undefined ? undefined : phrase(input.to, "to", (v) => kqlProperty("to", v)),
    input.subject === undefined ? undefined : phrase(input.subject, "subject", (v) => kqlProperty("subject", v)),
    ...receivedClauses(input),
    input.hasAttachments === undefined ? undefined : `hasAttachments:${input.hasAttachments}`,
  ];
  return outlookSearchValue(terms.filter((t) => t !== undefined).join(" "));
}

function filterClause(input: OutlookEmailSearchInput, received: Received): string | undefined {
  const others = [
    input.from === undefined ? undefined : `from/emailAddress/address eq ${odataString(input.from)}`,
    input.hasAttachments === undefined ? undefined : `hasAttachments eq ${input.hasAttachments}`,
    input.unreadOnly ? "isRead eq false" : undefined,
  ].filter((c) => c !== undefined);
  const dates = [
    received.after === undefined ? undefined : `receivedDateTime ge ${odataDateTime(received.after)}`,
    received.before === undefined ? undefined : `receivedDateTime lt ${odataDateTime(received.before)}`,
  ].filter((c) => c !== undefined);
  if (dates.length === 0 && others.length > 0) dates.push(`receivedDateTime ge ${NO_EARLIER_THAN}`);
  const conditions = [...dates, ...others];
  return conditions.length ? conditions.join(" and ") : undefined;
}

function queryFor(input: OutlookEmailSearchInput, received: Received, ctx: ToolContext): MessageQuery {
  const fields = PREVIEW_SCOPES.some((s) => ctx.grantedScopes.has(s)) ? [...BASE_FIELDS, "bodyPreview"] : BASE_FIELDS;
  const base = { $select: fields.join(","), $top: input.limit };
  if (needsSearch(input)) return { ...base, $search: searchClause(input) };
  const filter = filterClause(input, received);
  return { ...base, ...(filter ? { $filter: filter } : {}), $orderby: "receivedDateTime desc" };
}

function fetchPage(ctx: ToolContext, target: Target, query: MessageQuery, nextLink: string | undefined): Promise<MessageCollectionResponse | undefined> {
  const { mailbox, folder } = target;
  if (mailbox && folder) return listUserFolderMessages(ctx.graph, { path: { "user-id": mailbox, "mailFolder-id": folder }, query }, nextLink);
  if (mailbox) return listUserMessages(ctx.graph, { path: { "user-id": mailbox }, query }, nextLink);
  if (folder) return listFolderMessages(ctx.graph, { path: { "mailFolder-id": folder }, query }, nextLink);
  return listMessages(ctx.graph, { query }, nextLink);
}

async function pageLink(cursor: string | undefined, target: Target, ctx: ToolContext): Promise<string | undefined> {
  if (cursor === undefined) return undefined;
  const { nextLink } = await openCursor(ctx, cursor, [target.operation]);
  if (!nextLink) throw new InvalidInput("The cursor holds no page link; run the search again without a cursor.");
  return nextLink;
}

function person(address: EmailAddress | null | undefined): Person | undefined {
  const out: Person = {};
  if (address?.name) out.name = address.name;
  if (address?.address) out.address = address.address;
  return out.name || out.address ? out : undefined;
}

function itemOf(message: Message, mailbox: string | undefined): EmailItem | undefined {
  if (!message.id) return undefined;
  const uri = resourceUri({ kind: "mail", messageId: message.id, ...(mailbox ? { address: mailbox } : {}) });
  const item: EmailItem = { id: message.id, uri, subject: message.subject ?? "" };
  const from = person(message.from?.emailAddress);
  if (from) item.from = from;
  const to = (message.toRecipients ?? []).map((r) => person(r.emailAddress)).filter((p) => p !== undefined);
  if (to.length) item.to = to;
  const received = graphTime(message.receivedDateTime);
  if (received) item.receivedDateTime = odataDateTime(received);
  if (message.bodyPreview) item.preview = message.bodyPreview;
  if (typeof message.hasAttachments === "boolean") item.hasAttachments = message.hasAttachments;
  if (typeof message.isRead === "boolean") item.isRead = message.isRead;
  if (message.webLink) item.webLink = message.webLink;
  return item;
}

function markdownOf(items: EmailItem[], mailbox: string | undefined, notes: readonly string[], nextCursor: string | undefined): string {
  const where = mailbox ? ` in ${escapeMarkdown(mailbox)}` : "";
  const heading = items.length === 0 ? `## Email search${where}: no messages found` : `## Email search${where}: ${items.length} message${items.length === 1 ? "" : "s"}`;
  const lines = [heading, ...notes.map((note) => `> ${note}`)];
  if (items.length) lines.push("");
  items.forEach((m, i) => {
    const sender = m.from ? escapeMarkdown(m.from.name ?? m.from.address ?? "") : "unknown sender";
    const flags = [m.receivedDateTime, m.isRead === false ? "unread" : undefined, m.hasAttachments ? "attachments" : undefined].filter(Boolean);
    lines.push(`${i + 1}. **${escapeMarkdown(m.subject) || "(no subject)"}** from ${sender}${flags.length ? ` (${flags.join(", ")})` : ""}`);
    if (m.preview) lines.push(`   ${escapeMarkdown(m.preview)}`);
    lines.push(`   ${verbatim(m.uri)}`);
  });
  if (nextCursor) lines.push("", nextPageLine("More messages match", nextCursor));
  return lines.join("\n");
}

const outlookEmailSearch: ToolHandler<OutlookEmailSearchInput, OutlookEmailSearchOutput> = async (input, ctx) => {
  const target = targetOf(input);
  if (target.mailbox && !ctx.grantedScopes.has(SHARED_SCOPE)) {
    throw new PermissionMissing(`Searching another mailbox needs the ${SHARED_SCOPE} permission, which has not been granted; leave out \`mailbox\` to search your own mailbox.`, SHARED_SCOPE);
  }
  checkCriteria(input);
  const received = await receivedOf(input, ctx);
  const query = queryFor(input, received, ctx);
  const nextLink = await pageLink(input.cursor, target, ctx);
  const page = await fetchPage(ctx, target, query, nextLink);
  const messages = (page?.value ?? []).map((m) => itemOf(m, target.mailbox)).filter((m) => m !== undefined);
  const structured: OutlookEmailSearchOutput = { messages };
  const nextPage = page?.["@odata.nextLink"];
  if (nextPage) structured.nextCursor = await ctx.cursors.seal({ operation: target.operation, nextLink: nextPage });
  const hint = phraseHint(input.query, query.$search ?? "", messages.length);
  const notes = [...(received.note ? [received.note] : []), ...(hint ? [hint] : [])];
  return { structured, markdown: markdownOf(messages, target.mailbox, notes, structured.nextCursor) };
};

export default outlookEmailSearch;
