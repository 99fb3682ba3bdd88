// The tool.call event: what a tool was asked, what it touched and how it went, without the content it read.
import type { Failure } from "../failure.js";
import type { GraphRequestRecord } from "../graph/client.js";
import { isM365Uri, linkDigest, resourceLabel, textDigest, webLink } from "./digest.js";
import type { ArgumentSummary, GraphRequestSummary, GraphTokenOrigin, ToolCallEvent } from "./events.js";

/**
 * Arguments that are identifiers, dates, enums or settings rather than text a person typed: logged as given.
 * Every other string argument (query, name, subject, from, to, attendee, organizer, attendees, library, and any
 * argument a new tool adds) counts as free text, logged as length and hash unless auditQueries is on.
 */
const STRUCTURED_ARGUMENTS: ReadonlySet<string> = new Set([
  "limit",
  "maxChars",
  "maxSuggestions",
  "durationMinutes",
  "hasAttachments",
  "unreadOnly",
  "workingHoursOnly",
  "fileTypes",
  "modifiedAfter",
  "modifiedBefore",
  "receivedAfter",
  "receivedBefore",
  "sentAfter",
  "sentBefore",
  "startDateTime",
  "endDateTime",
  "timeZone",
  "folder",
  "mailbox",
  "site",
]);

/** Paging cursors are signed tokens whose payload holds the search (Graph's nextLink): always a digest. */
const OPAQUE_ARGUMENTS: ReadonlySet<string> = new Set(["cursor"]);

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const isList = (value: unknown): value is unknown[] => Array.isArray(value);

function summarizeString(name: string, value: string, logQueries: boolean): ArgumentSummary {
  if (OPAQUE_ARGUMENTS.has(name)) return textDigest(value);
  // Before the name check: a pasted sharing link is bearer-like whichever argument it arrives in.
  const link = webLink(value);
  if (link) return linkDigest(link, value);
  if (isM365Uri(value) || STRUCTURED_ARGUMENTS.has(name) || logQueries) return value;
  return textDigest(value);
}

function summarizeValue(name: string, value: unknown, logQueries: boolean): ArgumentSummary {
  if (typeof value === "string") return summarizeString(name, value, logQueries);
  if (typeof value === "number" || typeof value === "boolean" || value === null) return value;
  if (isList(value)) return value.map((item) => summarizeValue(name, item, logQueries));
  if (isRecord(value)) return summarizeArguments(value, { logQueries });
  // undefined, functions and the like cannot come from JSON arguments.
  return null;
}

/** The tool's arguments as the audit trail shows them: see STRUCTURED_ARGUMENTS for what is logged as given. */
export function summarizeArguments(args: unknown, options: { logQueries: boolean }): Record<string, ArgumentSummary> {
  if (!isRecord(args)) return {};
  // fromEntries defines own properties, so an argument named __proto__ stays an argument.
  return Object.fromEntries(Object.entries(args).map(([name, value]) => [name, summarizeValue(name, value, options.logQueries)]));
}

/** The list a tool's output is about, in the order tools name it; other arrays (notes, warnings) are not results. */
const MAIN_LISTS = ["results", "folders", "messages", "events", "items", "files", "slots"];

function collectUris(value: unknown, into: string[]): void {
  if (isList(value)) {
    for (const item of value) collectUris(item, into);
    return;
  }
  if (!isRecord(value)) return;
  for (const [key, entry] of Object.entries(value)) {
    if (key === "uri" && typeof entry === "string") into.push(entry);
    else collectUris(entry, into);
  }
}

function mainList(structured: Record<string, unknown>): unknown[] | undefined {
  for (const name of MAIN_LISTS) {
    const list = structured[name];
    if (isList(list)) return list;
  }
  // A tool added later: its first list of items that carry a uri.
  return Object.values(structured).filter(isList).find((list) => list.some((item) => isRecord(item) && typeof item["uri"] === "string"));
}

/**
 * The resources a call touched: the `uri` argument, then every `uri` in the structured output (result lists and
 * read_resource's own), each once, labelled by resourceLabel; and the length of the main result list, if any.
 */
export function touchedResources(structured: unknown, args: unknown): { resources: string[]; resultCount: number | undefined } {
  const uris: string[] = [];
  if (isRecord(args) && typeof args["uri"] === "string") uris.push(args["uri"]);
  collectUris(structured, uris);
  const resources = [...new Set(uris.map(resourceLabel))];
  return { resources, resultCount: isRecord(structured) ? mainList(structured)?.length : undefined };
}

const graphRequestSummary = ({ operationId, clientRequestId, requestId, status }: GraphRequestRecord): GraphRequestSummary => ({
  operationId,
  clientRequestId,
  ...(requestId ? { requestId } : {}),
  status,
});

export interface ToolCallInput {
  tool: string;
  caller: { tenantId: string; userId: string; upn?: string | undefined; clientAppId?: string | undefined; graphToken?: GraphTokenOrigin | undefined };
  requestId: string;
  args: unknown;
  structured?: unknown;
  graphRequests: readonly GraphRequestRecord[];
  outcome: "ok" | "error" | "denied";
  failure?: Failure;
  durationMs: number;
  logQueries: boolean;
}

export function toolCallEvent(input: ToolCallInput): ToolCallEvent {
  const { resources, resultCount } = touchedResources(input.structured, input.args);
  return {
    event: "tool.call",
    requestId: input.requestId,
    tenantId: input.caller.tenantId,
    userId: input.caller.userId,
    ...(input.caller.upn ? { upn: input.caller.upn } : {}),
    ...(input.caller.clientAppId ? { clientAppId: input.caller.clientAppId } : {}),
    ...(input.caller.graphToken ? { graphToken: input.caller.graphToken } : {}),
    tool: input.tool,
    arguments: summarizeArguments(input.args, { logQueries: input.logQueries }),
    resources,
    ...(resultCount === undefined ? {} : { resultCount }),
    graphRequests: input.graphRequests.map(graphRequestSummary),
    outcome: input.outcome,
    ...(input.failure ? { errorKind: input.failure.kind, ...(input.failure.details.code ? { errorCode: input.failure.details.code } : {}) } : {}),
    durationMs: Math.round(input.durationMs),
  };
}
