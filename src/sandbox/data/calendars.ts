// The seeded events expanded into instances, and each participant's view of them as Graph events: recurring series
// become occurrences with a seriesMasterId, and every participant's calendar has its own ids and response.
import { DateTime } from "luxon";
import { SEED_EVENTS, type Response, type SeedAttendee, type SeedEvent } from "./calendar.js";
import { Clock, DAY_MS, dateTimeIn, ianaOf, instantIn, isoInstant } from "./clock.js";
import { PEOPLE, type Person } from "./directory.js";
import { guid, outlookId } from "./ids.js";
import { textOfHtml } from "./kql.js";
import type { Json } from "./mailboxes.js";

export interface Instance {
  seed: SeedEvent;
  start: Date;
  end: Date;
  /** The occurrence's day (yyyy-MM-dd in the series zone), for recurring series. */
  occurrence?: string;
}

export interface CalendarEntry {
  owner: Person;
  instance: Instance;
  id: string;
  seriesMasterId?: string;
}

const isPerson = (who: SeedAttendee["who"]): who is Person => "id" in who;

function expand(seed: SeedEvent, clock: Clock): Instance[] {
  const at = (day: number): Instance => {
    const midnight = clock.monday + day * DAY_MS;
    if (seed.allDayCount) {
      const start = instantIn(seed.zone, midnight, "00:00");
      return { seed, start, end: instantIn(seed.zone, midnight + seed.allDayCount * DAY_MS, "00:00") };
    }
    const start = instantIn(seed.zone, midnight, seed.start);
    return { seed, start, end: new Date(start.getTime() + seed.minutes * 60_000) };
  };
  if (!seed.repeat) return [at(seed.day)];
  const instances: Instance[] = [];
  for (let week = -seed.repeat.weeksBefore; week <= seed.repeat.weeksAfter; week++) {
    for (const weekday of seed.repeat.weekdays) {
      const instance = at(week * 7 + weekday - 1);
      instances.push({ ...instance, occurrence: DateTime.fromJSDate(instance.start, { zone: ianaOf(seed.zone) }).toISODate() ?? "" });
    }
  }
  return instances;
}

/** How a participant answered: the organizer organized, attendees as seeded. */
export function responseOf(seed: SeedEvent, person: Person): Response | "organizer" | undefined {
  if (seed.organizer.id === person.id) return "organizer";
  return seed.attendees.find((a) => isPerson(a.who) && a.who.id === person.id)?.response;
}

function participants(seed: SeedEvent): Person[] {
  return [seed.organizer, ...seed.attendees.map((a) => a.who).filter(isPerson)];
}

export class Calendars {
  private readonly entries = new Map<string, CalendarEntry[]>();

  constructor(private readonly clock: Clock) {
    for (const seed of SEED_EVENTS) {
      for (const instance of expand(seed, clock)) {
        for (const owner of participants(seed)) {
          const series = outlookId(`event:${owner.id}:${seed.key}`);
          const entry: CalendarEntry = instance.occurrence
            ? { owner, instance, id: outlookId(`occurrence:${owner.id}:${seed.key}:${instance.occurrence}`), seriesMasterId: series }
            : { owner, instance, id: series };
          const list = this.entries.get(owner.id) ?? [];
          list.push(entry);
          this.entries.set(owner.id, list);
        }
      }
    }
    for (const list of this.entries.values()) list.sort((a, b) => a.instance.start.getTime() - b.instance.start.getTime());
  }

  of(person: Person): CalendarEntry[] {
    return this.entries.get(person.id) ?? [];
  }

  find(person: Person, id: string): CalendarEntry | undefined {
    return this.of(person).find((e) => e.id === id);
  }

  /** Instances overlapping [start, end), earliest first. */
  between(person: Person, start: Date, end: Date): CalendarEntry[] {
    return this.of(person).filter((e) => e.instance.start < end && e.instance.end > start);
  }

  get eventCount(): number {
    return SEED_EVENTS.length;
  }

  get people(): Person[] {
    return PEOPLE.filter((p) => this.entries.has(p.id));
  }

  /** The Graph event as `entry.owner` sees it, with times in `zone` (Prefer: outlook.timezone; UTC by default). */
  json(entry: CalendarEntry, zone = "UTC"): Json {
    const { seed, start, end } = entry.instance;
    const created = isoInstant(new Date(this.clock.monday - 21 * DAY_MS));
    const html = `<html><body>${seed.paragraphs.map((p) => `<p>${p}</p>`).join("")}</body></html>`;
    const response = responseOf(seed, entry.owner) ?? "none";
    const joinUrl = seed.online ? `https://teams.microsoft.com/l/meetup-join/19%3ameeting_${guid(`meeting:${seed.key}`).replace(/-/g, "")}%40thread.v2/0` : undefined;
    const floating = (date: Date): { dateTime: string; timeZone: string } => {
      // All-day events float: midnight of their days, whatever zone is asked for.
      const day = DateTime.fromJSDate(date, { zone: ianaOf(seed.zone) }).toFormat("yyyy-MM-dd");
      return { dateTime: `${day}T00:00:00.0000000`, timeZone: zone };
    };
    const location = seed.location ?? (seed.online ? "Microsoft Teams Meeting" : "");
    return {
      "@odata.etag": `W/"${outlookId(`etag:${entry.id}`, "DwAAAB").slice(0, 22)}"`,
      id: entry.id,
      createdDateTime: created,
      lastModifiedDateTime: created,
      changeKey: outlookId(`etag:${entry.id}`, "DwAAAB").slice(0, 22),
      categories: [],
      transactionId: null,
      originalStartTimeZone: seed.zone,
      originalEndTimeZone: seed.zone,
      iCalUId: `040000008200E00074C5B7101A82E008${guid(`ical:${seed.key}`).replace(/-/g, "").toUpperCase()}`,
      reminderMinutesBeforeStart: seed.allDayCount ? 1080 : 15,
      isReminderOn: !seed.allDayCount,
      hasAttachments: false,
      subject: seed.subject,
      bodyPreview: textOfHtml(html).replace(/\s+/g, " ").slice(0, 255),
      importance: "normal",
      sensitivity: "normal",
      isAllDay: Boolean(seed.allDayCount),
      isCancelled: false,
      isOrganizer: response === "organizer",
      responseRequested: true,
      seriesMasterId: entry.seriesMasterId ?? null,
      showAs: seed.showAs ?? (response === "tentativelyAccepted" ? "tentative" : "busy"),
      type: entry.seriesMasterId ? "occurrence" : "singleInstance",
      webLink: `https://outlook.office365.com/owa/?itemid=${encodeURIComponent(entry.id)}&exvsurl=1&path=/calendar/item`,
      onlineMeetingUrl: null,
      isOnlineMeeting: Boolean(seed.online),
      onlineMeetingProvider: seed.online ? "teamsForBusiness" : "unknown",
      allowNewTimeProposals: true,
      isDraft: false,
      hideAttendees: false,
      responseStatus: { response, time: response === "none" || response === "organizer" ? "0001-01-01T00:00:00Z" : created },
      body: { contentType: "html", content: html },
      start: seed.allDayCount ? floating(start) : dateTimeIn(start, zone),
      end: seed.allDayCount ? floating(end) : dateTimeIn(end, zone),
      location: { displayName: location, locationType: "default", uniqueIdType: location ? "private" : "unknown" },
      locations: location ? [{ displayName: location, locationType: "default", uniqueIdType: "private" }] : [],
      recurrence: null,
      attendees: seed.attendees.map((a) => ({
        type: a.type ?? "required",
        status: { response: a.response, time: a.response === "none" ? "0001-01-01T00:00:00Z" : created },
        emailAddress: isPerson(a.who) ? { name: a.who.displayName, address: a.who.mail } : { name: a.who.name, address: a.who.address },
      })),
      organizer: { emailAddress: { name: seed.organizer.displayName, address: seed.organizer.mail } },
      onlineMeeting: joinUrl ? { joinUrl } : null,
    };
  }
}
