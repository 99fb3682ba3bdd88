// find_meeting_availability: times when the user and the attendees are all free, from Graph free/busy (getSchedule).
// getSchedule gives raw busy blocks and working hours, not suggestions; slots.ts computes the common free time.
import { DateTime } from "luxon";
import { getMe, getSchedule, listPeople, listUsers } from "../../generated/graph-client.js";
import type { FindMeetingAvailabilityInput, FindMeetingAvailabilityOutput } from "../../generated/tool-types.js";
import { Failure, InvalidInput } from "../failure.js";
import { hasSearchText, kqlPhrase, odataString } from "../graph/query-syntax.js";
import {
  availabilityWarnings,
  findCommonFreeSlots,
  toAttendeeSchedule,
  type AttendeeSchedule,
  type GraphScheduleInformation,
  type SlotRequest,
} from "./availability/slots.js";
import { displayInZone, isoInZone, parseRequestedTimeZone, resolveTimeZone } from "./availability/time-zones.js";
import { dateBound, dayZoneFor, dayZoneNote } from "./dates.js";
import { escapeMarkdown } from "./markdown.js";
import { type ToolContext, type ToolHandler } from "./types.js";

type Output = FindMeetingAvailabilityOutput;
type AttendeeOut = Output["attendees"][number];

const SCHEDULES_PER_CALL = 20; // getSchedule's limit per request
const MAX_WINDOW_DAYS = 62; // getSchedule needs a window shorter than this
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const CANDIDATES = 10;
const AVAILABILITY_VIEW_INTERVAL = 30;
const MARKDOWN_BUSY_BLOCKS = 8;

// ---- Window and zone ----

interface Window {
  start: Date;
  end: Date;
  /** Where suggestions may start: not before now. */
  searchStart: Date;
  /** How plain dates were read, for the answer. */
  note?: string;
}

/** Plain dates are days in the zone asked for, else in the mailbox's, as in outlook_calendar_search (see dates.ts). */
async function windowOf(input: FindMeetingAvailabilityInput, ctx: ToolContext, askedZone: string | undefined): Promise<Window> {
  const zone = await dayZoneFor(ctx, [input.startDateTime, input.endDateTime], askedZone);
  const start = dateBound(input.startDateTime, "startDateTime", zone);
  const end = dateBound(input.endDateTime, "endDateTime", zone);
  if (end <= start) {
    throw new InvalidInput(`\`endDateTime\` (${input.endDateTime}) must be after \`startDateTime\` (${input.startDateTime}).`);
  }
  const days = (end.getTime() - start.getTime()) / DAY_MS;
  if (days >= MAX_WINDOW_DAYS) {
    throw new InvalidInput(
      `The window from ${input.startDateTime} to ${input.endDateTime} is ${Math.ceil(days)} days long; ` +
        `free/busy can be read for less than ${MAX_WINDOW_DAYS} days at a time. Choose a shorter window.`,
    );
  }
  if (end.getTime() - start.getTime() < input.durationMinutes * MINUTE_MS) {
    throw new InvalidInput(`The window is shorter than the meeting (${input.durationMinutes} minutes); choose a longer window.`);
  }
  const now = ctx.now();
  if (end <= now) throw new InvalidInput(`The window ends in the past (${input.endDateTime}); choose a window after now.`);
  const note = dayZoneNote(zone, [["startDateTime", input.startDateTime, start], ["endDateTime", input.endDateTime, end]]);
  return { start, end, searchStart: start < now ? now : start, ...(note ? { note } : {}) };
}

function requestedZone(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  const zone = parseRequestedTimeZone(name);
  if (!zone) throw new InvalidInput(`Unknown time zone "${name}": use an IANA name such as Europe/Berlin or America/New_York.`);
  return zone.iana;
}

// ---- Attendees: addresses as given, names resolved through People or the directory ----

interface Participant {
  address: string;
  name?: string;
  /** What the caller passed, when it was a name. */
  requested?: string;
  isSelf: boolean;
}

interface Candidate {
  name: string;
  address: string;
}

const PEOPLE_SCOPE = "People.Read";
const DIRECTORY_SCOPE = "User.ReadBasic.All";
const ADDRESS = /^[^\s@]+@[^\s@]+$/;

async function peopleCandidates(ctx: ToolContext, name: string): Promise<Candidate[]> {
  const query = { $search: kqlPhrase(name), $select: "displayName,scoredEmailAddresses,userPrincipalName", $top: CANDIDATES };
  const page = await listPeople(ctx.graph, { query });
  return (page?.value ?? []).flatMap((person) => {
    const address = person.scoredEmailAddresses?.find((e) => e.address)?.address ?? person.userPrincipalName;
    return address ? [{ name: person.displayName ?? address, address }] : [];
  });
}

async function directoryCandidates(ctx: ToolContext, name: string): Promise<Candidate[]> {
  const query = { $filter: `startswith(displayName,${odataString(name)})`, $select: "displayName,mail,userPrincipalName", $top: CANDIDATES };
  const page = await listUsers(ctx.graph, { query });
  return (page?.value ?? []).flatMap((user) => {
    const address = user.mail ?? user.userPrincipalName;
    return address ? [{ name: user.displayName ?? address, address }] : [];
  });
}

function candidateText(candidate: Candidate): string {
  return `${candidate.name} <${candidate.address}>`;
}

/** The one candidate meant, or the reason there isn't one. A unique exact name wins over fuzzier matches. */
function pick(name: string, found: Candidate[]): Candidate | string | undefined {
  const unique = [...new Map(found.map((c) => [c.address.toLowerCase(), c])).values()];
  if (unique.length <= 1) return unique[0];
  const exact = unique.filter((c) => c.name.trim().toLowerCase() === name.trim().toLowerCase());
  if (exact.length === 1) return exact[0];
  const listed = (exact.length ? exact : unique).map(candidateText).join(", ");
  return `"${name}" matches several people: ${listed}; pass the email address of the one you mean.`;
}

/** Which name sources the granted permissions allow, in order: the user's People first, as they rank by relevance. */
function nameSources(ctx: ToolContext): Array<"people" | "directory"> {
  const sources: Array<"people" | "directory"> = [];
  if (ctx.strategy === "people" || ctx.grantedScopes.has(PEOPLE_SCOPE)) sources.push("people");
  if (ctx.strategy === "directory" || ctx.grantedScopes.has(DIRECTORY_SCOPE)) sources.push("directory");
  return sources;
}

async function resolveName(ctx: ToolContext, name: string): Promise<Participant | string> {
  if (!hasSearchText(name)) return `"${name}" is neither a name nor an email address.`;
  const sources = nameSources(ctx);
  if (sources.length === 0) {
    return `"${name}" is a name, and resolving names needs the ${PEOPLE_SCOPE} or ${DIRECTORY_SCOPE} permission, which was not granted; pass email addresses instead.`;
  }
  for (const source of sources) {
    const found = source === "people" ? await peopleCandidates(ctx, name) : await directoryCandidates(ctx, name);
    const picked = pick(name, found);
    if (typeof picked === "string") return picked;
    if (picked) return { address: picked.address, name: picked.name, requested: name, isSelf: false };
  }
  const where = sources.map((s) => (s === "people" ? "your people list" : "the directory")).join(" or ");
  return `No one named "${name}" was found in ${where}; pass their email address instead.`;
}

async function resolveEntry(ctx: ToolContext, entry: string): Promise<Participant | string> {
  const trimmed = entry.trim();
  if (!trimmed.includes("@")) return resolveName(ctx, trimmed);
  return ADDRESS.test(trimmed) ? { address: trimmed, isSelf: false } : `"${entry}" is not a valid email address.`;
}

async function selfParticipant(ctx: ToolContext): Promise<Participant> {
  const me = await getMe(ctx.graph, { query: { $select: "displayName,mail,userPrincipalName" } });
  const address = me?.mail ?? me?.userPrincipalName;
  if (!address) throw new Failure("not_found", "Your own email address could not be read from your profile, so your free/busy cannot be checked.", { code: "no_own_address" });
  return { address, ...(me?.displayName ? { name: me.displayName } : {}), isSelf: true };
}

/** The user first, then each attendee once; the user's own address among the attendees is not repeated. */
async function participantsOf(ctx: ToolContext, entries: readonly string[]): Promise<Participant[]> {
  const [self, ...resolved] = await Promise.all([selfParticipant(ctx), ...entries.map((e) => resolveEntry(ctx, e))]);
  const problems = resolved.filter((r): r is string => typeof r === "string");
  if (problems.length) throw new InvalidInput(problems.join(" "));
  const byAddress = new Map([[self.address.toLowerCase(), self]]);
  for (const participant of resolved) {
    if (typeof participant !== "string" && !byAddress.has(participant.address.toLowerCase())) byAddress.set(participant.address.toLowerCase(), participant);
  }
  return [...byAddress.values()];
}

// ---- Free/busy ----

type ScheduleInfo = NonNullable<Awaited<ReturnType<typeof getSchedule>>>["value"][number];

interface Reading {
  participant: Participant;
  schedule?: AttendeeSchedule;
  error?: string;
}

function graphUtc(date: Date): { dateTime: string; timeZone: string } {
  return { dateTime: DateTime.fromJSDate(date, { zone: "utc" }).toFormat("yyyy-MM-dd'T'HH:mm:ss"), timeZone: "UTC" };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Graph documents lower-case statuses but examples vary; slots.ts compares lower-case. */
function normalised(info: ScheduleInfo, address: string): GraphScheduleInformation {
  const items = (info.scheduleItems ?? []).map((item) => ({ ...item, status: item.status?.toLowerCase() ?? null }));
  return { ...info, scheduleId: address, scheduleItems: items };
}

function readOne(participant: Participant, info: ScheduleInfo | undefined): Reading {
  if (!info) return { participant, error: "Graph returned no schedule for this attendee" };
  if (info.error) return { participant, error: info.error.message ?? info.error.responseCode ?? "the schedule could not be read" };
  try {
    const schedule = toAttendeeSchedule(normalised(info, participant.address));
    return schedule ? { participant, schedule } : { participant, error: "the schedule could not be read" };
  } catch {
    return { participant, error: "Graph sent schedule times that could not be read" };
  }
}

async function readSchedules(ctx: ToolContext, participants: Participant[], window: Window): Promise<Reading[]> {
  const groups = chunks(participants, SCHEDULES_PER_CALL);
  const replies = await Promise.all(
    groups.map((group) =>
      getSchedule(ctx.graph, {
        body: {
          schedules: group.map((p) => p.address),
          startTime: graphUtc(window.start),
          endTime: graphUtc(window.end),
          availabilityViewInterval: AVAILABILITY_VIEW_INTERVAL,
        },
      }),
    ),
  );
  return groups.flatMap((group, g) => {
    const value = replies[g]?.value ?? [];
    return group.map((participant, i) => {
      const byId = value.find((v) => v.scheduleId?.toLowerCase() === participant.address.toLowerCase());
      return readOne(participant, byId ?? (value.length === group.length ? value[i] : undefined));
    });
  });
}

// ---- Result ----

function label(participant: Participant): string {
  return participant.name ? `${participant.name} <${participant.address}>` : participant.address;
}

function shortTime(text: string | undefined): string {
  return (text ?? "").slice(0, 5);
}

function attendeeOut(reading: Reading, zone: string): AttendeeOut {
  const { participant, schedule, error } = reading;
  const out: AttendeeOut = { address: participant.address, isSelf: participant.isSelf, scheduleRead: schedule !== undefined, busy: [] };
  if (participant.name) out.name = participant.name;
  if (participant.requested) out.requested = participant.requested;
  if (error !== undefined) out.error = error;
  if (!schedule) return out;
  out.busy = schedule.busy.map((b) => ({ start: isoInZone(b.start, zone), end: isoInZone(b.end, zone), status: b.status }));
  const hours = schedule.workingHours;
  if (hours) {
    out.workingHours = { daysOfWeek: hours.daysOfWeek, startTime: shortTime(hours.startTime), endTime: shortTime(hours.endTime), timeZone: hours.timeZone };
  }
  return out;
}

function defaultZone(readings: Reading[]): string {
  const own = readings.find((r) => r.participant.isSelf)?.schedule?.workingHours?.timeZone;
  const resolved = resolveTimeZone(own);
  return resolved.source === "fallback" ? "UTC" : resolved.iana;
}

function rangeText(start: Date, end: Date, zone: string): string {
  const from = displayInZone(start, zone);
  const to = displayInZone(end, zone);
  return `${from}–${from.slice(0, -5) === to.slice(0, -5) ? to.slice(-5) : to}`;
}

function busyLine(reading: Reading, zone: string): string {
  const who = `**${escapeMarkdown(label(reading.participant))}**`;
  if (!reading.schedule) return `- ${who}: schedule not read (${escapeMarkdown(reading.error ?? "")}); not taken into account`;
  const blocks = reading.schedule.busy;
  if (!blocks.length) return `- ${who}: free throughout`;
  const shown = blocks.slice(0, MARKDOWN_BUSY_BLOCKS).map((b) => `${rangeText(b.start, b.end, zone)} (${b.status})`);
  const more = blocks.length > MARKDOWN_BUSY_BLOCKS ? `, and ${blocks.length - MARKDOWN_BUSY_BLOCKS} more` : "";
  return `- ${who}: ${shown.join(", ")}${more}`;
}

function markdownOf(structured: Output, readings: Reading[], slots: Array<{ start: Date; end: Date }>, duration: number, window: Window): string {
  const zone = structured.timeZone;
  const count = structured.slots.length;
  // How plain dates were read heads the answer, as in the calendar search; a blank line ends its quote.
  const lines = [`## ${count} meeting time${count === 1 ? "" : "s"} for ${duration} minutes (${zone})`, ...(window.note ? [`> ${window.note}`, ""] : [])];
  if (count) lines.push(...slots.map((s, i) => `${i + 1}. ${rangeText(s.start, s.end, zone)}`));
  else lines.push("No time in the window suits everyone. Try a longer window, a shorter meeting, or `workingHoursOnly: false`.");
  const free = readings.filter((r) => r.schedule).map((r) => escapeMarkdown(label(r.participant)));
  lines.push("", `Free at these times: ${free.join(", ")}.`);
  const notes = structured.warnings.filter((w) => w !== window.note);
  if (notes.length) lines.push("", "**Notes**", ...notes.map((w) => `- ${escapeMarkdown(w)}`));
  lines.push("", "### Busy times", ...readings.map((r) => busyLine(r, zone)));
  return lines.join("\n");
}

function warningsOf(readings: Reading[], request: SlotRequest, window: Window, zone: string): string[] {
  const unread = readings
    .filter((r) => !r.schedule)
    .map((r) => `The schedule of ${label(r.participant)} could not be read (${r.error ?? ""}); the times ignore their availability.`);
  const schedules = readings.flatMap((r) => (r.schedule ? [r.schedule] : []));
  const assumed = availabilityWarnings(schedules, request).map((w) => w.message);
  const clipped = window.searchStart > window.start ? [`The window starts in the past; only times from now (${displayInZone(window.searchStart, zone)}) were considered.`] : [];
  return [...(window.note ? [window.note] : []), ...unread, ...assumed, ...clipped];
}

const findMeetingAvailability: ToolHandler<FindMeetingAvailabilityInput, Output> = async (input, ctx) => {
  const askedZone = requestedZone(input.timeZone);
  const window = await windowOf(input, ctx, askedZone);
  const participants = await participantsOf(ctx, input.attendees ?? []);
  const readings = await readSchedules(ctx, participants, window);
  const schedules = readings.flatMap((r) => (r.schedule ? [r.schedule] : []));
  if (!schedules.length) {
    throw new Failure("unavailable", `No schedule could be read: ${readings.map((r) => `${label(r.participant)} (${r.error ?? ""})`).join(", ")}.`, { code: "no_schedule" });
  }
  const zone = askedZone ?? defaultZone(readings);
  const request: SlotRequest = {
    window: { start: window.searchStart, end: window.end },
    durationMinutes: input.durationMinutes,
    workingHoursOnly: input.workingHoursOnly,
    maxSuggestions: input.maxSuggestions,
  };
  const slots = findCommonFreeSlots(schedules, request);
  const structured: Output = {
    timeZone: zone,
    slots: slots.map((s) => ({ start: isoInZone(s.start, zone), end: isoInZone(s.end, zone), timeZone: zone, freeAttendees: s.freeAttendees })),
    attendees: readings.map((r) => attendeeOut(r, zone)),
    warnings: warningsOf(readings, request, window, zone),
  };
  return { structured, markdown: markdownOf(structured, readings, slots, input.durationMinutes, window) };
};

export default findMeetingAvailability;
