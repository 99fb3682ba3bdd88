// outlook_calendar_search: the signed-in user's events between two times, recurring series expanded by calendarView.
import { DateTime } from "luxon";
import { graphOperations, listCalendarView } from "../../generated/graph-client.js";
import type { OutlookCalendarSearchInput, OutlookCalendarSearchOutput } from "../../generated/tool-types.js";
import { InvalidInput } from "../failure.js";
import { INVALID_CURSOR } from "../graph/cursor.js";
import { checkNextLink, openCursor } from "../graph/paging.js";
import { odataDateTime, odataString } from "../graph/query-syntax.js";
import { parseGraphDateTime } from "./availability/slots.js";
import { isoInZone, parseRequestedTimeZone, type RequestedTimeZone } from "./availability/time-zones.js";
import type { DateTimeTimeZone, Event, Recipient } from "./graph-models.js";
import { dateBound, dayZoneFor, dayZoneNote, type DayZone } from "./dates.js";
import { escapeMarkdown, nextPageLine, verbatim } from "./markdown.js";
import { resourceUri } from "./resources/uri.js";
import { type ToolContext, type ToolHandler } from "./types.js";

type EventItem = OutlookCalendarSearchOutput["events"][number];
type Person = NonNullable<EventItem["organizer"]>;

const OPERATION = "listCalendarView";
const DEFAULT_WINDOW_DAYS = 14;
const DAY_MS = 86_400_000;
// Attendee and organizer filters run here (Graph rejects them on events), so empty pages are skipped, up to this many.
const MAX_SCANNED_PAGES = 5;
const MARKDOWN_ATTENDEES = 10;
const SELECT = "id,subject,start,end,isAllDay,isCancelled,location,organizer,attendees,onlineMeeting,type,seriesMasterId,webLink";

/** What a cursor must carry besides the page link: headers and client-side filters are not part of Graph's nextLink. */
interface Continuation {
  timeZone: string;
  attendee?: string;
  organizer?: string;
}

interface Search {
  zone: RequestedTimeZone;
  continuation: Continuation;
}

function requestedZone(name: string): RequestedTimeZone {
  const zone = parseRequestedTimeZone(name);
  if (!zone) throw new InvalidInput(`Unknown time zone "${name}": use an IANA name such as Europe/Berlin or America/New_York.`);
  return zone;
}

function searchOf(input: OutlookCalendarSearchInput): Search {
  const timeZone = input.timeZone ?? "UTC";
  const continuation: Continuation = { timeZone };
  if (input.attendee !== undefined) continuation.attendee = input.attendee;
  if (input.organizer !== undefined) continuation.organizer = input.organizer;
  return { zone: requestedZone(timeZone), continuation };
}

interface Window {
  start: Date;
  end: Date;
  /** How plain dates were read, for the answer. */
  note?: string;
}

/** Plain dates are days in the zone asked for, else in the mailbox's (see dates.ts). */
async function windowOf(input: OutlookCalendarSearchInput, ctx: ToolContext): Promise<Window> {
  const requested = input.timeZone === undefined ? undefined : requestedZone(input.timeZone).iana;
  const zone: DayZone | undefined = await dayZoneFor(ctx, [input.startDateTime, input.endDateTime], requested);
  const now = ctx.now();
  const start = input.startDateTime === undefined ? now : dateBound(input.startDateTime, "startDateTime", zone);
  const end = input.endDateTime === undefined ? new Date(start.getTime() + DEFAULT_WINDOW_DAYS * DAY_MS) : dateBound(input.endDateTime, "endDateTime", zone);
  if (end <= start) {
    const from = input.startDateTime === undefined ? `now (${odataDateTime(now)})` : input.startDateTime;
    throw new InvalidInput(`\`endDateTime\` (${input.endDateTime ?? ""}) must be after \`startDateTime\`, ${from}.`);
  }
  const note = dayZoneNote(zone, [["startDateTime", input.startDateTime, start], ["endDateTime", input.endDateTime, end]]);
  return { start, end, ...(note ? { note } : {}) };
}

function parseContinuation(phase: string | undefined): Continuation | undefined {
  try {
    const value: unknown = JSON.parse(phase ?? "");
    if (!value || typeof value !== "object") return undefined;
    const { timeZone, attendee, organizer } = value as Record<string, unknown>;
    if (typeof timeZone !== "string") return undefined;
    if (![attendee, organizer].every((v) => v === undefined || typeof v === "string")) return undefined;
    return { timeZone, ...(typeof attendee === "string" ? { attendee } : {}), ...(typeof organizer === "string" ? { organizer } : {}) };
  } catch {
    return undefined;
  }
}

async function resumeSearch(cursor: string, ctx: ToolContext): Promise<Search & { nextLink: string }> {
  const state = await openCursor(ctx, cursor, [OPERATION]);
  const continuation = parseContinuation(state.phase);
  if (!state.nextLink || !continuation) throw new InvalidInput(INVALID_CURSOR);
  return { nextLink: state.nextLink, continuation, zone: requestedZone(continuation.timeZone) };
}

// ---- Filtering and mapping ----

function personOf(recipient: Recipient | null | undefined): Person | undefined {
  const name = recipient?.emailAddress?.name ?? undefined;
  const address = recipient?.emailAddress?.address ?? undefined;
  if (name === undefined && address === undefined) return undefined;
  return { ...(name !== undefined ? { name } : {}), ...(address !== undefined ? { address } : {}) };
}

function personMatches(recipient: Recipient | null | undefined, needle: string): boolean {
  const wanted = needle.trim().toLowerCase();
  const { name, address } = recipient?.emailAddress ?? {};
  return [name, address].some((value) => typeof value === "string" && value.toLowerCase().includes(wanted));
}

function eventMatches(event: Event, { attendee, organizer }: Continuation): boolean {
  if (organizer !== undefined && !personMatches(event.organizer, organizer)) return false;
  if (attendee === undefined) return true;
  return personMatches(event.organizer, attendee) || (event.attendees ?? []).some((a) => personMatches(a, attendee));
}

function timeIn(value: DateTimeTimeZone | null | undefined, zone: string): string | undefined {
  if (!value?.dateTime) return undefined;
  try {
    return isoInZone(parseGraphDateTime(value), zone);
  } catch {
    return undefined;
  }
}

function attendeesOf(event: Event): EventItem["attendees"] {
  return (event.attendees ?? []).flatMap((attendee) => {
    const person = personOf(attendee);
    if (!person) return [];
    const response = attendee.status?.response ?? undefined;
    const type = attendee.type ?? undefined;
    return [{ ...person, ...(type !== undefined ? { type } : {}), ...(response !== undefined ? { response } : {}) }];
  });
}

/** Undefined for an event Graph sent without an id or readable times (nothing the caller could open or place). */
function toItem(event: Event, zone: string): EventItem | undefined {
  const start = timeIn(event.start, zone);
  const end = timeIn(event.end, zone);
  if (!event.id || start === undefined || end === undefined) return undefined;
  const organizer = personOf(event.organizer);
  const item: EventItem = {
    id: event.id,
    start,
    end,
    timeZone: zone,
    isAllDay: event.isAllDay ?? false,
    isCancelled: event.isCancelled ?? false,
    attendees: attendeesOf(event),
    isRecurring: event.type === "occurrence" || event.type === "exception" || Boolean(event.seriesMasterId),
    uri: resourceUri({ kind: "event", eventId: event.id }),
  };
  if (event.subject) item.subject = event.subject;
  if (event.location?.displayName) item.location = event.location.displayName;
  if (organizer) item.organizer = organizer;
  if (event.onlineMeeting?.joinUrl) item.joinUrl = event.onlineMeeting.joinUrl;
  if (event.webLink) item.webLink = event.webLink;
  return item;
}

// ---- Graph ----

type PageParams = Parameters<typeof listCalendarView>[1];

function firstPageParams(input: OutlookCalendarSearchInput, search: Search, { start, end }: Window): PageParams {
  return {
    query: {
      startDateTime: odataDateTime(start),
      endDateTime: odataDateTime(end),
      $select: SELECT,
      $orderby: "start/dateTime",
      $top: input.limit,
      // calendarView has no $search; contains() on subject runs in Graph, so every page holds only matches.
      ...(input.query !== undefined ? { $filter: `contains(subject,${odataString(input.query)})` } : {}),
    },
    header: { Prefer: `outlook.timezone="${search.zone.graphName}"` },
  };
}

/** Graph's nextLink carries the query; headers are not carried and must be sent again. */
function laterPageParams(search: Search): PageParams {
  return { query: { startDateTime: "", endDateTime: "" }, header: { Prefer: `outlook.timezone="${search.zone.graphName}"` } };
}

interface Page {
  events: Event[];
  nextLink: string | undefined;
}

async function readPage(ctx: ToolContext, params: PageParams, nextLink?: string): Promise<Page> {
  const page = await listCalendarView(ctx.graph, params, nextLink);
  return { events: page?.value ?? [], nextLink: page?.["@odata.nextLink"] };
}

/**
 * Reads whole Graph pages only, so the cursor always resumes exactly where this call stopped and nothing is skipped.
 * With client-side filters, pages without a match are passed over (up to MAX_SCANNED_PAGES); a page with matches ends the call.
 */
async function collect(ctx: ToolContext, search: Search, first: Page): Promise<Page> {
  let page = first;
  let events = page.events.filter((e) => eventMatches(e, search.continuation));
  for (let scanned = 1; events.length === 0 && page.nextLink && scanned < MAX_SCANNED_PAGES; scanned++) {
    checkNextLink(page.nextLink, graphOperations.listCalendarView.pathPattern, ctx.graph.baseUrl);
    page = await readPage(ctx, laterPageParams(search), page.nextLink);
    events = page.events.filter((e) => eventMatches(e, search.continuation));
  }
  return { events, nextLink: page.nextLink };
}

// ---- Markdown ----

function personText(person: Person): string {
  if (person.name && person.address) return `${person.name} <${person.address}>`;
  return person.name ?? person.address ?? "";
}

const DAY_FORMAT = "ccc d LLL yyyy";

function whenText(item: EventItem): string {
  const start = DateTime.fromISO(item.start, { zone: item.timeZone }).setLocale("en-GB");
  const end = DateTime.fromISO(item.end, { zone: item.timeZone }).setLocale("en-GB");
  if (item.isAllDay) {
    // An all-day event ends at the next midnight.
    const last = end.minus({ days: 1 });
    return last > start ? `${start.toFormat(DAY_FORMAT)} to ${last.toFormat(DAY_FORMAT)} (all day)` : `${start.toFormat(DAY_FORMAT)} (all day)`;
  }
  const until = end.hasSame(start, "day") ? end.toFormat("HH:mm") : end.toFormat(`${DAY_FORMAT} HH:mm`);
  return `${start.toFormat(`${DAY_FORMAT} HH:mm`)}–${until}`;
}

function eventMarkdown(item: EventItem, index: number): string {
  const title = escapeMarkdown(item.subject ?? "(no subject)");
  const heading = item.webLink ? `[${title}](${item.webLink.replace(/[()\s]/g, encodeURIComponent)})` : title;
  const lines = [`${index + 1}. **${heading}**: ${whenText(item)}${item.isCancelled ? " (cancelled)" : ""}${item.isRecurring ? " (recurring)" : ""}`];
  if (item.location) lines.push(`   - Location: ${escapeMarkdown(item.location)}`);
  if (item.organizer) lines.push(`   - Organizer: ${escapeMarkdown(personText(item.organizer))}`);
  if (item.attendees.length) {
    const shown = item.attendees.slice(0, MARKDOWN_ATTENDEES).map((a) => `${personText(a)}${a.response ? ` (${a.response})` : ""}`);
    const more = item.attendees.length > MARKDOWN_ATTENDEES ? `, and ${item.attendees.length - MARKDOWN_ATTENDEES} more` : "";
    lines.push(`   - Attendees: ${escapeMarkdown(shown.join(", "))}${more}`);
  }
  if (item.joinUrl) lines.push(`   - Join: ${item.joinUrl}`);
  lines.push(`   ${verbatim(item.uri)}`);
  return lines.join("\n");
}

function markdownOf(structured: OutlookCalendarSearchOutput, zone: string, filtered: boolean, notes: readonly string[]): string {
  const { events, nextCursor } = structured;
  // A blank line ends the notes' quote, so the list is not read as part of it.
  const lines = [`## ${events.length} calendar event${events.length === 1 ? "" : "s"} (times in ${zone})`, ...notes.flatMap((note) => [`> ${note}`, ""])];
  lines.push(...(events.length ? events.map(eventMarkdown) : ["No events matched in this part of the calendar."]));
  if (nextCursor) {
    const why = filtered ? " (attendee and organizer filters are applied page by page, so a page may hold fewer events than `limit`)" : "";
    lines.push("", nextPageLine(`More events may follow${why}`, nextCursor, "call again with just"));
  }
  return lines.join("\n");
}

const outlookCalendarSearch: ToolHandler<OutlookCalendarSearchInput, OutlookCalendarSearchOutput> = async (input, ctx) => {
  let search: Search;
  let page: Page;
  const notes: string[] = [];
  if (input.cursor !== undefined) {
    const opened = await resumeSearch(input.cursor, ctx);
    search = opened;
    page = await collect(ctx, search, await readPage(ctx, laterPageParams(search), opened.nextLink));
  } else {
    search = searchOf(input);
    const window = await windowOf(input, ctx);
    if (window.note) notes.push(window.note);
    page = await collect(ctx, search, await readPage(ctx, firstPageParams(input, search, window)));
  }
  const events = page.events.map((e) => toItem(e, search.zone.iana)).filter((e): e is EventItem => e !== undefined);
  const structured: OutlookCalendarSearchOutput = { events };
  if (page.nextLink) {
    structured.nextCursor = await ctx.cursors.seal({ operation: OPERATION, nextLink: page.nextLink, phase: JSON.stringify(search.continuation) });
  }
  const filtered = search.continuation.attendee !== undefined || search.continuation.organizer !== undefined;
  return { structured, markdown: markdownOf(structured, search.zone.iana, filtered, notes) };
};

export default outlookCalendarSearch;
