// Calendars: calendarView over a window (series expanded into occurrences, times in the Prefer zone), single
// events, and free/busy with working hours for getSchedule.
import { DateTime } from "luxon";
import type { GraphRequest, MockReply } from "../../graph.js";
import { responseOf, type CalendarEntry, type Calendars } from "../calendars.js";
import { dateTimeIn, ianaOf } from "../clock.js";
import { personByAddress, type Person } from "../directory.js";
import { asUser } from "./auth.js";
import { badRequest, collection, entity, notFound, odataStringValue, paged, pick } from "./odata.js";
import { workingHoursOf } from "./people.js";
import type { Register } from "./register.js";

/** The zone of Prefer: outlook.timezone="…", else UTC. */
function preferredZone(request: GraphRequest): string {
  return /outlook\.timezone="([^"]+)"/.exec(request.headers.get("prefer") ?? "")?.[1] ?? "UTC";
}

function calendarView(calendars: Calendars, request: GraphRequest, user: Person): MockReply {
  const start = Date.parse(request.query.get("startDateTime") ?? "");
  const end = Date.parse(request.query.get("endDateTime") ?? "");
  if (Number.isNaN(start) || Number.isNaN(end)) return badRequest("ErrorInvalidParameter", "The value of the parameter 'StartDateTime' or 'EndDateTime' is invalid.");
  let entries = calendars.between(user, new Date(start), new Date(end));
  const filter = request.query.get("$filter");
  if (filter) {
    const contains = /^contains\(subject,('(?:[^']|'')*')\)$/i.exec(filter.trim());
    if (!contains?.[1]) return badRequest("ErrorInvalidUrlQueryFilter", "The filter expression is not supported.");
    const wanted = odataStringValue(contains[1]).toLowerCase();
    entries = entries.filter((e) => e.instance.seed.subject.toLowerCase().includes(wanted));
  }
  const zone = preferredZone(request);
  const page = paged(request, entries, 10);
  return collection(`users('${user.id}')/calendarView`, page.items.map((e) => pick(calendars.json(e, zone), request.query.get("$select"))), page.nextLink);
}

interface ScheduleBody {
  schedules: string[];
  startTime: { dateTime: string; timeZone: string };
  endTime: { dateTime: string; timeZone: string };
  availabilityViewInterval?: number;
}

const instant = (value: { dateTime: string; timeZone: string }): Date => DateTime.fromISO(value.dateTime, { zone: ianaOf(value.timeZone) }).toJSDate();

const STATUS_RANK: Record<string, number> = { free: 0, tentative: 1, busy: 2, oof: 3 };

/** What an entry shows on free/busy: declined meetings and free time show nothing. */
function statusOf(entry: CalendarEntry): string | undefined {
  const response = responseOf(entry.instance.seed, entry.owner);
  if (response === "declined") return undefined;
  const showAs = entry.instance.seed.showAs ?? "busy";
  if (showAs === "free") return undefined;
  return response === "tentativelyAccepted" || response === "none" ? "tentative" : showAs;
}

function schedule(calendars: Calendars, address: string, user: Person, start: Date, end: Date, interval: number): Record<string, unknown> {
  const person = personByAddress(address);
  if (!person || person.tenant !== user.tenant) {
    return { scheduleId: address, availabilityView: "", error: { message: `The recipient ${address} could not be found in this organization.`, responseCode: "ErrorMailRecipientNotFound" } };
  }
  const items = calendars.between(person, start, end).flatMap((e) => {
    const status = statusOf(e);
    if (!status) return [];
    const seed = e.instance.seed;
    return [{ isPrivate: false, status, subject: seed.subject, location: seed.location ?? "", start: dateTimeIn(e.instance.start, "UTC"), end: dateTimeIn(e.instance.end, "UTC") }];
  });
  let view = "";
  for (let t = start.getTime(); t < end.getTime(); t += interval * 60_000) {
    const slotEnd = t + interval * 60_000;
    const rank = Math.max(0, ...calendars.between(person, new Date(t), new Date(slotEnd)).map((e) => STATUS_RANK[statusOf(e) ?? "free"] ?? 0));
    view += String(rank);
  }
  return { scheduleId: address, availabilityView: view, scheduleItems: items, workingHours: workingHoursOf(person) };
}

export function registerCalendar(register: Register, calendars: Calendars): void {
  register("listCalendarView", asUser((request, user) => calendarView(calendars, request, user)));
  register(
    "getEvent",
    asUser((request, user) => {
      const entry = calendars.find(user, request.pathParams["event-id"] ?? "");
      if (!entry) return notFound("ErrorItemNotFound", "The specified object was not found in the store.");
      return entity(`users('${user.id}')/events`, pick(calendars.json(entry, preferredZone(request)), request.query.get("$select")));
    }),
  );
  register(
    "getSchedule",
    asUser((request, user) => {
      const body = request.body as ScheduleBody;
      const start = instant(body.startTime);
      const end = instant(body.endTime);
      if (!(end > start) || end.getTime() - start.getTime() >= 62 * 86_400_000) return badRequest("ErrorInvalidParameter", "The requested time duration must be shorter than 62 days.");
      const interval = body.availabilityViewInterval ?? 30;
      const value = body.schedules.map((address) => schedule(calendars, address, user, start, end, interval));
      return { body: { "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#Collection(microsoft.graph.scheduleInformation)", value } };
    }),
  );
}
