// Common free slots from getSchedule data, which gives raw free/busy and working hours but no suggestions.
// Pure: every input, including "now" (the window), comes from the caller.
import { DateTime } from "luxon";
import { resolveTimeZone } from "./time-zones.js";

export interface BusyBlock {
  start: Date;
  end: Date;
  /** Graph free/busy status; only busy, oof and tentative block a slot. */
  status: string;
}

export interface WorkingHours {
  /** Lower-case English day names as Graph sends them ("monday"); the day a shift starts on. */
  daysOfWeek: string[];
  /** Local wall-clock time, "HH:MM[:SS[.fraction]]"; "24:00" allowed as an end. */
  startTime: string;
  /** An end at or before the start means the shift runs past midnight into the next day. */
  endTime: string;
  /** Windows or IANA zone name; unknown names fall back to UTC (see availabilityWarnings). */
  timeZone: string;
}

export interface AttendeeSchedule {
  id: string;
  busy: BusyBlock[];
  /** Missing means the attendee is treated as always working. */
  workingHours?: WorkingHours;
}

export interface SlotRequest {
  window: { start: Date; end: Date };
  durationMinutes: number;
  workingHoursOnly: boolean;
  maxSuggestions: number;
  /** Default 30. Slot starts are multiples of this many minutes since the Unix epoch (so :00/:30 UTC for 30). */
  stepMinutes?: number;
}

export interface Slot {
  start: Date;
  end: Date;
  /** Everyone listed is free for the whole slot. */
  freeAttendees: string[];
}

export type AvailabilityWarningCode = "unknownTimeZone" | "invalidWorkingHours" | "tentativeTreatedAsBusy";

export interface AvailabilityWarning {
  attendee: string;
  code: AvailabilityWarningCode;
  message: string;
}

/** Half-open [start, end) in epoch milliseconds. */
interface Interval {
  start: number;
  end: number;
}

const MS_PER_MINUTE = 60_000;
const SECONDS_PER_DAY = 86_400;
const DEFAULT_STEP_MINUTES = 30;
const BUSY_STATUSES: ReadonlySet<string> = new Set(["busy", "oof", "tentative"]);
const WEEKDAY_NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;

/** Busy, out-of-office and tentative block a slot; free, workingElsewhere and unknown do not. */
export function isBusyStatus(status: string): boolean {
  return BUSY_STATUSES.has(status);
}

// ---- Graph input normalisation ----

export interface GraphDateTimeTimeZone {
  dateTime?: string | null;
  timeZone?: string | null;
}

/**
 * Turns Graph's zone-less "2026-03-09T09:00:00.0000000" plus its timeZone into a Date.
 * A missing or unknown zone is read as UTC, which is what the getSchedule request asks for. Throws on a malformed time.
 */
export function parseGraphDateTime(value: GraphDateTimeTimeZone): Date {
  const zone = resolveTimeZone(value.timeZone ?? "UTC").iana;
  const parsed = DateTime.fromISO(value.dateTime ?? "", { zone });
  if (!parsed.isValid) throw new RangeError(`Invalid Graph dateTime: ${JSON.stringify(value.dateTime)}`);
  return parsed.toJSDate();
}

/** Kiota's TimeOnly has this shape; raw JSON has a string. */
export interface TimeOfDayParts {
  hours: number;
  minutes: number;
  seconds?: number;
}

export interface GraphScheduleItem {
  status?: string | null;
  start?: GraphDateTimeTimeZone | null;
  end?: GraphDateTimeTimeZone | null;
}

export interface GraphWorkingHours {
  daysOfWeek?: (string | null)[] | null;
  startTime?: string | TimeOfDayParts | null;
  endTime?: string | TimeOfDayParts | null;
  timeZone?: { name?: string | null } | null;
}

export interface GraphScheduleInformation {
  scheduleId?: string | null;
  scheduleItems?: GraphScheduleItem[] | null;
  workingHours?: GraphWorkingHours | null;
  error?: unknown;
}

function formatTimeOfDay(value: string | TimeOfDayParts): string {
  if (typeof value === "string") return value;
  const pad = (n: number): string => String(n).padStart(2, "0");
  return `${pad(value.hours)}:${pad(value.minutes)}:${pad(value.seconds ?? 0)}`;
}

function toBusyBlock(item: GraphScheduleItem): BusyBlock | undefined {
  const status = item.status ?? "unknown";
  if (!isBusyStatus(status) || !item.start || !item.end) return undefined;
  return { start: parseGraphDateTime(item.start), end: parseGraphDateTime(item.end), status };
}

function toWorkingHours(hours: GraphWorkingHours | null | undefined): WorkingHours | undefined {
  if (!hours?.startTime || !hours.endTime) return undefined;
  return {
    daysOfWeek: (hours.daysOfWeek ?? []).filter((day): day is string => typeof day === "string"),
    startTime: formatTimeOfDay(hours.startTime),
    endTime: formatTimeOfDay(hours.endTime),
    timeZone: hours.timeZone?.name ?? "",
  };
}

/**
 * Converts one getSchedule scheduleInformation item; undefined when Graph could not read that schedule
 * (an error or no id), since such an attendee's availability is unknown and must not constrain the slots.
 */
export function toAttendeeSchedule(info: GraphScheduleInformation): AttendeeSchedule | undefined {
  if (info.error != null || !info.scheduleId) return undefined;
  const busy = (info.scheduleItems ?? []).map(toBusyBlock).filter((block): block is BusyBlock => block !== undefined);
  const workingHours = toWorkingHours(info.workingHours);
  return workingHours ? { id: info.scheduleId, busy, workingHours } : { id: info.scheduleId, busy };
}

// ---- Interval arithmetic (all lists sorted, disjoint, half-open) ----

function mergeIntervals(intervals: Interval[]): Interval[] {
  const sorted = intervals.filter((i) => i.end > i.start).sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const next of sorted) {
    const last = merged.at(-1);
    if (last && next.start <= last.end) last.end = Math.max(last.end, next.end);
    else merged.push({ ...next });
  }
  return merged;
}

function intersectIntervals(a: Interval[], b: Interval[]): Interval[] {
  const result: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i];
    const y = b[j];
    if (!x || !y) break;
    const start = Math.max(x.start, y.start);
    const end = Math.min(x.end, y.end);
    if (end > start) result.push({ start, end });
    if (x.end < y.end) i++;
    else j++;
  }
  return result;
}

function subtractIntervals(base: Interval[], cuts: Interval[]): Interval[] {
  const result: Interval[] = [];
  for (const part of base) {
    let cursor = part.start;
    for (const cut of cuts) {
      if (cut.end <= cursor || cut.start >= part.end) continue;
      if (cut.start > cursor) result.push({ start: cursor, end: cut.start });
      cursor = Math.max(cursor, cut.end);
    }
    if (cursor < part.end) result.push({ start: cursor, end: part.end });
  }
  return result;
}

// ---- Working hours ----

/** Seconds after local midnight, or undefined when malformed; 24:00 is allowed so a shift can end at midnight. */
function parseTimeOfDay(text: string): number | undefined {
  const match = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/.exec(text.trim());
  if (!match) return undefined;
  const [hours, minutes, seconds] = [match[1], match[2], match[3] ?? "0"].map(Number);
  if (hours === undefined || minutes === undefined || seconds === undefined) return undefined;
  if (minutes > 59 || seconds > 59) return undefined;
  const total = hours * 3600 + minutes * 60 + seconds;
  return total <= SECONDS_PER_DAY ? total : undefined;
}

interface ParsedWorkingHours {
  zone: string;
  days: ReadonlySet<string>;
  startSeconds: number;
  endSeconds: number;
}

function parseWorkingHours(hours: WorkingHours): ParsedWorkingHours | undefined {
  const startSeconds = parseTimeOfDay(hours.startTime);
  const endSeconds = parseTimeOfDay(hours.endTime);
  if (startSeconds === undefined || endSeconds === undefined) return undefined;
  const days = new Set(hours.daysOfWeek.map((day) => day.trim().toLowerCase()));
  return { zone: resolveTimeZone(hours.timeZone).iana, days, startSeconds, endSeconds };
}

// Wall-clock set (not elapsed-time addition) so 09:00 stays 09:00 on DST change days.
function atLocalTime(day: DateTime, secondsAfterMidnight: number): number {
  const dayOffset = Math.floor(secondsAfterMidnight / SECONDS_PER_DAY);
  const rest = secondsAfterMidnight % SECONDS_PER_DAY;
  return day
    .plus({ days: dayOffset })
    .set({ hour: Math.floor(rest / 3600), minute: Math.floor((rest % 3600) / 60), second: rest % 60, millisecond: 0 })
    .toMillis();
}

function shiftOn(day: DateTime, hours: ParsedWorkingHours): Interval {
  const start = atLocalTime(day, hours.startSeconds);
  // An end at or before the start belongs to the next day; equal times therefore mean a 24-hour shift.
  const endSeconds =
    hours.endSeconds <= hours.startSeconds ? hours.endSeconds + SECONDS_PER_DAY : hours.endSeconds;
  return { start, end: atLocalTime(day, endSeconds) };
}

function weekdayName(day: DateTime): string {
  return WEEKDAY_NAMES[day.weekday - 1] ?? "";
}

/** Working shifts overlapping the window; starts a day early to catch a shift that crosses midnight into it. */
function workingIntervals(hours: ParsedWorkingHours, window: Interval): Interval[] {
  const shifts: Interval[] = [];
  let day = DateTime.fromMillis(window.start, { zone: hours.zone }).startOf("day").minus({ days: 1 });
  const lastDay = DateTime.fromMillis(window.end, { zone: hours.zone }).startOf("day").toMillis();
  while (day.toMillis() <= lastDay) {
    if (hours.days.has(weekdayName(day))) shifts.push(shiftOn(day, hours));
    day = day.plus({ days: 1 });
  }
  return mergeIntervals(shifts);
}

// ---- Slot search ----

function busyIntervals(attendee: AttendeeSchedule): Interval[] {
  const blocks = attendee.busy.filter((block) => isBusyStatus(block.status));
  return mergeIntervals(blocks.map((block) => ({ start: block.start.getTime(), end: block.end.getTime() })));
}

function freeIntervals(attendee: AttendeeSchedule, window: Interval, workingHoursOnly: boolean): Interval[] {
  const hours = workingHoursOnly && attendee.workingHours ? parseWorkingHours(attendee.workingHours) : undefined;
  const available = hours ? intersectIntervals(workingIntervals(hours, window), [window]) : [window];
  return subtractIntervals(available, busyIntervals(attendee));
}

function validateRequest(req: SlotRequest): { durationMs: number; stepMs: number } {
  const step = req.stepMinutes ?? DEFAULT_STEP_MINUTES;
  if (!(req.durationMinutes > 0) || !Number.isFinite(req.durationMinutes)) {
    throw new RangeError("durationMinutes must be a positive number");
  }
  if (!(step > 0) || !Number.isFinite(step)) throw new RangeError("stepMinutes must be a positive number");
  if (!Number.isInteger(req.maxSuggestions) || req.maxSuggestions < 0) {
    throw new RangeError("maxSuggestions must be a non-negative integer");
  }
  if (Number.isNaN(req.window.start.getTime()) || Number.isNaN(req.window.end.getTime())) {
    throw new RangeError("window must have valid start and end dates");
  }
  return { durationMs: req.durationMinutes * MS_PER_MINUTE, stepMs: step * MS_PER_MINUTE };
}

function gridStartsIn(interval: Interval, stepMs: number, durationMs: number, limit: number): number[] {
  const starts: number[] = [];
  for (let start = Math.ceil(interval.start / stepMs) * stepMs; start + durationMs <= interval.end; start += stepMs) {
    if (starts.length >= limit) break;
    starts.push(start);
  }
  return starts;
}

/**
 * Slots on the step grid inside the window where every attendee is free (and, if asked, within their working
 * hours in their own zone) for the whole duration. Chronological, at most maxSuggestions, may overlap.
 * Throws RangeError on a malformed request.
 */
export function findCommonFreeSlots(attendees: AttendeeSchedule[], req: SlotRequest): Slot[] {
  const { durationMs, stepMs } = validateRequest(req);
  const window: Interval = { start: req.window.start.getTime(), end: req.window.end.getTime() };
  if (window.end <= window.start) return [];
  const common = attendees.reduce(
    (acc, attendee) => intersectIntervals(acc, freeIntervals(attendee, window, req.workingHoursOnly)),
    [window],
  );
  const ids = attendees.map((attendee) => attendee.id);
  const slots: Slot[] = [];
  for (const interval of common) {
    for (const start of gridStartsIn(interval, stepMs, durationMs, req.maxSuggestions - slots.length)) {
      slots.push({ start: new Date(start), end: new Date(start + durationMs), freeAttendees: [...ids] });
    }
  }
  return slots;
}

// ---- Warnings for the tool to pass on ----

function workingHoursWarning(attendee: AttendeeSchedule): AvailabilityWarning | undefined {
  const hours = attendee.workingHours;
  if (!hours) return undefined;
  if (!parseWorkingHours(hours)) {
    const range = `${hours.startTime}-${hours.endTime}`;
    const message = `Working hours of ${attendee.id} could not be read (${range}); treated as always working.`;
    return { attendee: attendee.id, code: "invalidWorkingHours", message };
  }
  if (resolveTimeZone(hours.timeZone).source !== "fallback") return undefined;
  const message = `Time zone "${hours.timeZone}" of ${attendee.id} is not recognised; working hours were read as UTC.`;
  return { attendee: attendee.id, code: "unknownTimeZone", message };
}

function tentativeWarning(
  attendee: AttendeeSchedule,
  window: { start: Date; end: Date },
): AvailabilityWarning | undefined {
  const count = attendee.busy.filter(
    (block) => block.status === "tentative" && block.start < window.end && block.end > window.start,
  ).length;
  if (count === 0) return undefined;
  const message = `${attendee.id} has ${count} tentative item(s) in the window; they were treated as busy.`;
  return { attendee: attendee.id, code: "tentativeTreatedAsBusy", message };
}

/**
 * What findCommonFreeSlots assumed on the caller's behalf, for the tool to report.
 * Working-hour warnings are only given for workingHoursOnly requests, the only ones they affect.
 */
export function availabilityWarnings(attendees: AttendeeSchedule[], req: SlotRequest): AvailabilityWarning[] {
  return attendees.flatMap((attendee) => {
    const hoursWarning = req.workingHoursOnly ? workingHoursWarning(attendee) : undefined;
    const tentative = tentativeWarning(attendee, req.window);
    return [hoursWarning, tentative].filter((w): w is AvailabilityWarning => w !== undefined);
  });
}
