// Time for the seeded data: everything is placed relative to the seed's `now`, so a sandbox started today has mail
// from last week and meetings this week. Graph date-time formats and zone conversion live here too.
import { DateTime, IANAZone } from "luxon";
import { findIana } from "windows-iana";

const MINUTE = 60_000;
export const DAY_MS = 86_400_000;

export class Clock {
  /** Midnight UTC of the seed day. */
  readonly today: number;
  /** Midnight UTC of Monday of the seed's week. */
  readonly monday: number;

  constructor(readonly now: Date) {
    this.today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
    this.monday = this.today - ((now.getUTCDay() + 6) % 7) * DAY_MS;
  }

  /** An instant `daysAgo` days before today at a UTC time of day (HH:MM), never later than now. */
  daysAgo(days: number, time = "09:00"): Date {
    const at = new Date(this.today - days * DAY_MS + minutesOf(time) * MINUTE);
    return at > this.now ? new Date(this.now.getTime() - 5 * MINUTE) : at;
  }

  minutesAgo(minutes: number): Date {
    return new Date(this.now.getTime() - minutes * MINUTE);
  }
}

export const minutesOf = (time: string): number => {
  const [h = "0", m = "0"] = time.split(":");
  return Number(h) * 60 + Number(m);
};

/** Graph's instant form: 2026-11-20T09:15:00Z. */
export const isoInstant = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, "Z");

/** An IANA zone for a Windows or IANA name (Graph accepts both in Prefer: outlook.timezone); UTC when unknown. */
export function ianaOf(name: string): string {
  const windows = findIana(name).find((zone) => IANAZone.isValidZone(zone));
  if (windows) return windows;
  return IANAZone.isValidZone(name) ? name : "UTC";
}

/** A wall-clock time in a zone, as an instant. */
export function instantIn(zone: string, utcMidnightOfDay: number, time: string): Date {
  const day = DateTime.fromMillis(utcMidnightOfDay, { zone: "utc" });
  const local = DateTime.fromObject({ year: day.year, month: day.month, day: day.day, hour: Math.floor(minutesOf(time) / 60), minute: minutesOf(time) % 60 }, { zone: ianaOf(zone) });
  return local.toJSDate();
}

/** Graph's dateTimeTimeZone: wall-clock time in `zoneName` with seven fractional digits. */
export function dateTimeIn(date: Date, zoneName: string): { dateTime: string; timeZone: string } {
  const local = DateTime.fromJSDate(date, { zone: ianaOf(zoneName) });
  return { dateTime: `${local.toFormat("yyyy-MM-dd'T'HH:mm:ss")}.0000000`, timeZone: zoneName };
}
