// Calendar events for read_resource: when, where, who, how to join, and the description as text.
import { getEvent } from "../../../generated/graph-client.js";
import type { Attendee, DateTimeTimeZone, Event } from "../graph-models.js";
import type { ToolContext } from "../types.js";
import { bodyText, header, list, mailbox, type ResourceDocument } from "./document.js";

const FIELDS = "id,subject,body,start,end,isAllDay,isCancelled,location,locations,organizer,attendees,onlineMeeting,onlineMeetingUrl,webLink";

/** Graph writes wall-clock times as 2026-12-01T09:00:00.0000000 in the event's (or requested) zone. */
const wallClock = (value: DateTimeTimeZone | null | undefined): string | undefined =>
  value?.dateTime ? value.dateTime.replace("T", " ").replace(/:\d{2}(\.\d+)?$/, "") : undefined;

function when(event: Event | undefined): string | undefined {
  const start = wallClock(event?.start);
  const end = wallClock(event?.end);
  if (!start) return undefined;
  const zone = event?.start?.timeZone ? ` (${event.start.timeZone})` : "";
  const allDay = event?.isAllDay ? ", all day" : "";
  const cancelled = event?.isCancelled ? ", cancelled" : "";
  return `${start}${end ? ` – ${end}` : ""}${zone}${allDay}${cancelled}`;
}

function where(event: Event | undefined): string | undefined {
  const names = (event?.locations ?? []).map((l) => l.displayName ?? undefined);
  return list(names.length ? names : [event?.location?.displayName ?? undefined]);
}

function attendee(a: Attendee): string | undefined {
  const who = mailbox(a.emailAddress);
  if (!who) return undefined;
  const response = a.status?.response && a.status.response !== "none" ? a.status.response : undefined;
  const details = [a.type ?? undefined, response].filter(Boolean).join(", ");
  return details ? `${who} (${details})` : who;
}

export async function readEvent(eventId: string, ctx: ToolContext): Promise<ResourceDocument> {
  const event = await getEvent(ctx.graph, { path: { "event-id": eventId }, query: { $select: FIELDS } });
  return {
    title: event?.subject?.trim() || "(no title)",
    headers: [
      header("subject", "Subject", event?.subject),
      header("when", "When", when(event)),
      header("where", "Where", where(event)),
      header("organizer", "Organizer", mailbox(event?.organizer?.emailAddress)),
      header("attendees", "Attendees", list((event?.attendees ?? []).map(attendee))),
      header("joinUrl", "Join URL", event?.onlineMeeting?.joinUrl ?? event?.onlineMeetingUrl),
      header("webUrl", "Web link", event?.webLink),
    ],
    body: await bodyText(event?.body, ctx),
    plainBody: event?.body?.contentType === "text",
    sections: [],
  };
}
