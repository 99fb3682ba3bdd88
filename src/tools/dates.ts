// The dates that bound a search: an ISO 8601 date-time with an offset, or a plain date (2026-11-24), which means
// the start of that day in the user's mailbox time zone when it is known, and in UTC otherwise. The answer says which.
import { DateTime } from "luxon";
import { getMailboxSettings } from "../../generated/graph-client.js";
import { InvalidInput } from "../failure.js";
import { optional } from "./resources/document.js";
import { parseRequestedTimeZone } from "./availability/time-zones.js";
import type { ToolContext } from "./types.js";

/** The `pattern` of every date bound in spec/tools.yaml: a date, or a date-time with seconds optional and an offset. */
export const DATE_PATTERN = "^(19|20)\\d{2}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])(T([01]\\d|2[0-3]):[0-5]\\d(:[0-5]\\d(\\.\\d+)?)?(Z|[+-](0\\d|1[0-4]):[0-5]\\d))?$";
/** How an argument that does not match DATE_PATTERN is refused. */
export const DATE_FORMS = "a date such as 2026-11-24 or an ISO 8601 date-time with an offset such as 2026-11-24T09:00:00Z";

const PLAIN_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_OR_TIME = new RegExp(DATE_PATTERN, "u");

/** A calendar date without a time, and a real one (2027-02-30 is not). */
export const isPlainDate = (value: string | undefined): value is string =>
  value !== undefined && PLAIN_DATE.test(value) && DateTime.fromISO(value, { zone: "UTC" }).isValid;

/** The zone plain dates are days of, and how the answer names where it came from. */
export interface DayZone {
  iana: string;
  /** e.g. "your mailbox's time zone", "UTC (your mailbox's time zone is not known)". */
  source: string;
}

/** The mailbox time zone needs MailboxSettings.Read; without it, or when Graph does not say, plain dates are UTC days. */
async function mailboxZone(ctx: ToolContext): Promise<DayZone> {
  const settings = ctx.grantedScopes.has("MailboxSettings.Read") ? await optional(getMailboxSettings(ctx.graph, { query: { $select: "timeZone" } }), ctx, "the mailbox time zone was not read") : undefined;
  const zone = settings?.timeZone ? parseRequestedTimeZone(settings.timeZone) : undefined;
  return zone ? { iana: zone.iana, source: "your mailbox's time zone" } : { iana: "UTC", source: "UTC, as your mailbox's time zone is not known" };
}

/**
 * The zone for the plain dates among `values`, or undefined when there are none (then nothing is asked of Graph).
 * A zone the caller named for the answer (`requested`) is the zone its days are read in.
 */
export async function dayZoneFor(ctx: ToolContext, values: ReadonlyArray<string | undefined>, requested?: string): Promise<DayZone | undefined> {
  if (!values.some(isPlainDate)) return undefined;
  if (requested) return { iana: requested, source: "the `timeZone` asked for" };
  return mailboxZone(ctx);
}

/** An instant from a date-time with an offset, or the start of a plain date's day in `zone`. */
export function dateBound(value: string, field: string, zone: DayZone | undefined): Date {
  if (isPlainDate(value) && zone) {
    const start = DateTime.fromISO(value, { zone: zone.iana }).startOf("day");
    if (start.isValid) return start.toJSDate();
  } else if (DATE_OR_TIME.test(value) && !PLAIN_DATE.test(value)) {
    const time = Date.parse(value);
    if (Number.isFinite(time)) return new Date(time);
  }
  throw new InvalidInput(`\`${field}\` must be ${DATE_FORMS}; got "${value.slice(0, 40)}".`);
}

/** One line for the answer: how its plain dates were read, e.g. "receivedAfter 2026-11-24 = 2026-11-24T00:00:00-08:00". */
export function dayZoneNote(zone: DayZone | undefined, bounds: ReadonlyArray<[field: string, value: string | undefined, instant: Date | undefined]>): string | undefined {
  if (!zone) return undefined;
  const read = bounds.flatMap(([field, value, instant]) =>
    isPlainDate(value) && instant ? [`\`${field}\` ${value} as ${DateTime.fromJSDate(instant, { zone: zone.iana }).toISO({ suppressMilliseconds: true }) ?? ""}`] : [],
  );
  return `Dates read as the start of the day in ${zone.iana} (${zone.source}): ${read.join(", ")}.`;
}
