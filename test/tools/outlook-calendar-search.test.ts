import assert from "node:assert/strict";
import type { CallToolResult } from "@modelcontextprotocol/client";
import { TEN_KB, odataPage } from "../support/fixtures.js";
import { graphError, queryOf, throttled } from "../support/mock-graph.js";
import { textOf, useHarness } from "../support/harness.js";
import { CURSOR_OUTSIDE, INVALID_CURSOR, tamperedSignature, toolCalls } from "../support/tool-calls.js";

/** Page links as paths under the Graph version root; the simulated Graph's origin is known once it listens. */
const GRAPH = "/v1.0";
const CONTEXT = "https://graph.microsoft.com/v1.0/$metadata#users('a11ce000')/calendarView";
const SELECT = "id,subject,start,end,isAllDay,isCancelled,location,organizer,attendees,onlineMeeting,type,seriesMasterId,webLink";
const BERLIN = "W. Europe Standard Time";

interface Who {
  name: string;
  address: string;
}

const BOB: Who = { name: "Bob Smith", address: "bob@contoso.com" };
const CAROL: Who = { name: "Carol Jones", address: "carol@contoso.com" };
const DAVE: Who = { name: "Dave Miller", address: "dave@fabrikam.com" };

function event(id: string, subject: string, start: string, end: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    "@odata.etag": 'W/"DwAAABYAAAA="',
    id,
    subject,
    start: { dateTime: `${start}.0000000`, timeZone: BERLIN },
    end: { dateTime: `${end}.0000000`, timeZone: BERLIN },
    isAllDay: false,
    isCancelled: false,
    location: { displayName: "Room 4.12" },
    organizer: { emailAddress: BOB },
    attendees: [
      { type: "required", status: { response: "accepted", time: "2027-02-20T10:00:00Z" }, emailAddress: CAROL },
      { type: "optional", status: { response: "none", time: "0001-01-01T00:00:00Z" }, emailAddress: DAVE },
    ],
    onlineMeeting: null,
    type: "singleInstance",
    seriesMasterId: null,
    webLink: `https://outlook.office365.com/owa/?itemid=${id}&exvsurl=1&path=/calendar/item`,
    ...extra,
  };
}

const page = (value: unknown[], nextLink?: string): Record<string, unknown> => odataPage(CONTEXT, value, nextLink);

const NEXT = `${GRAPH}/me/calendarView?startDateTime=2027-03-01T00%3A00%3A00Z&endDateTime=2027-03-15T00%3A00%3A00Z&$select=id,subject&$orderby=start%2FdateTime&$top=10&$skip=10`;
const NEXT2 = NEXT.replace("$skip=10", "$skip=20");
const NEXT3 = NEXT.replace("$skip=10", "$skip=30");
const NEXT4 = NEXT.replace("$skip=10", "$skip=40");
const NEXT5 = NEXT.replace("$skip=10", "$skip=50");

const WINDOW = { startDateTime: "2027-03-01T00:00:00Z", endDateTime: "2027-03-15T00:00:00Z" };

describe("outlook_calendar_search", () => {
  const harness = useHarness();
  const abs = (path: string): string => `${harness().graphEndpoint}${path}`;

  const { call } = toolCalls(harness, "outlook_calendar_search");
  const structured = (result: CallToolResult): { events: Array<Record<string, unknown>>; nextCursor?: string } =>
    result.structuredContent as { events: Array<Record<string, unknown>>; nextCursor?: string };

  it("returns events in the requested zone and sends the subject filter, window and Prefer header", async () => {
    const { graph } = harness();
    const teams = { joinUrl: "https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0" };
    graph.on("listCalendarView", () => ({
      body: page([
        event("AAMkAG=1", "Budget review", "2027-03-02T10:00:00", "2027-03-02T11:00:00", { onlineMeeting: teams }),
        event("AAMkAG=2", "Budget planning [Q2]", "2027-03-03T16:30:00", "2027-03-04T09:00:00", {
          type: "occurrence",
          seriesMasterId: "AAMkAG=S",
          location: { displayName: "" },
          attendees: [],
        }),
      ]),
    }));
    const result = await call({ query: "budget", timeZone: "Europe/Berlin", ...WINDOW });
    assert.equal(result.isError, undefined, textOf(result));
    const [request] = graph.requestsFor("listCalendarView");
    assert.deepEqual(queryOf(request), {
      startDateTime: "2027-03-01T00:00:00Z",
      endDateTime: "2027-03-15T00:00:00Z",
      $select: SELECT,
      $filter: "contains(subject,'budget')",
      $orderby: "start/dateTime",
      $top: "10",
    });
    assert.equal(request?.headers.get("prefer"), 'outlook.timezone="W. Europe Standard Time"');
    assert.deepEqual(structured(result), {
      events: [
        {
          id: "AAMkAG=1",
          subject: "Budget review",
          start: "2027-03-02T10:00:00+01:00",
          end: "2027-03-02T11:00:00+01:00",
          timeZone: "Europe/Berlin",
          isAllDay: false,
          isCancelled: false,
          location: "Room 4.12",
          organizer: { name: "Bob Smith", address: "bob@contoso.com" },
          attendees: [
            { name: "Carol Jones", address: "carol@contoso.com", type: "required", response: "accepted" },
            { name: "Dave Miller", address: "dave@fabrikam.com", type: "optional", response: "none" },
          ],
          joinUrl: teams.joinUrl,
          isRecurring: false,
          webLink: "https://outlook.office365.com/owa/?itemid=AAMkAG=1&exvsurl=1&path=/calendar/item",
          uri: "m365://events/AAMkAG%3D1",
        },
        {
          id: "AAMkAG=2",
          subject: "Budget planning [Q2]",
          start: "2027-03-03T16:30:00+01:00",
          end: "2027-03-04T09:00:00+01:00",
          timeZone: "Europe/Berlin",
          isAllDay: false,
          isCancelled: false,
          organizer: { name: "Bob Smith", address: "bob@contoso.com" },
          attendees: [],
          isRecurring: true,
          webLink: "https://outlook.office365.com/owa/?itemid=AAMkAG=2&exvsurl=1&path=/calendar/item",
          uri: "m365://events/AAMkAG%3D2",
        },
      ],
    });
    const text = textOf(result);
    assert.match(text, /^## 2 calendar events \(times in Europe\/Berlin\)/);
    assert.ok(text.includes("1. **[Budget review](https://outlook.office365.com/owa/?itemid=AAMkAG=1&exvsurl=1&path=/calendar/item)**: Tue 2 Mar 2027 10:00–11:00"));
    assert.ok(text.includes("   - Attendees: Carol Jones \\<carol@contoso.com\\> (accepted), Dave Miller \\<dave@fabrikam.com\\> (none)"));
    assert.ok(text.includes(`   - Join: ${teams.joinUrl}\n   \`m365://events/AAMkAG%3D1\`\n2. `), text);
    assert.ok(text.endsWith("\n   `m365://events/AAMkAG%3D2`"), text);
    assert.ok(text.includes("2. **[Budget planning \\[Q2\\]]("));
    assert.ok(text.includes("Wed 3 Mar 2027 16:30–Thu 4 Mar 2027 09:00 (recurring)"));
    assert.ok(!text.includes("More events"));
  });

  it("defaults to now through 14 days ahead in UTC, without a subject filter", async () => {
    const { graph } = harness();
    graph.on("listCalendarView", () => ({
      body: page([
        {
          ...event("AAMkAG=3", "Offsite", "2027-03-05T00:00:00", "2027-03-07T00:00:00", { isAllDay: true, isCancelled: true, type: "exception" }),
          start: { dateTime: "2027-03-05T00:00:00.0000000", timeZone: "UTC" },
          end: { dateTime: "2027-03-07T00:00:00.0000000", timeZone: "UTC" },
        },
      ]),
    }));
    const before = Date.now();
    const result = await call({ limit: 3 });
    const after = Date.now();
    const query = queryOf(graph.requestsFor("listCalendarView")[0]);
    const start = Date.parse(query["startDateTime"] ?? "");
    const end = Date.parse(query["endDateTime"] ?? "");
    assert.ok(start >= before - 1000 && start <= after, `startDateTime ${query["startDateTime"]} is now`);
    assert.equal(end - start, 14 * 86_400_000);
    assert.equal(query["$top"], "3");
    assert.equal(query["$filter"], undefined);
    assert.equal(graph.requestsFor("listCalendarView")[0]?.headers.get("prefer"), 'outlook.timezone="UTC"');
    const [item] = structured(result).events;
    assert.equal(item?.["start"], "2027-03-05T00:00:00Z");
    assert.equal(item["timeZone"], "UTC");
    assert.equal(item["isAllDay"], true);
    assert.equal(item["isCancelled"], true);
    assert.equal(item["isRecurring"], true);
    assert.ok(textOf(result).includes("**: Fri 5 Mar 2027 to Sat 6 Mar 2027 (all day) (cancelled) (recurring)"));
  });

  it("accepts a Windows zone name and presents times in its IANA zone", async () => {
    const { graph } = harness();
    graph.on("listCalendarView", () => ({
      body: page([
        {
          ...event("AAMkAG=4", "Standup", "2027-03-02T09:00:00", "2027-03-02T09:15:00"),
          start: { dateTime: "2027-03-02T09:00:00.0000000", timeZone: "Pacific Standard Time" },
          end: { dateTime: "2027-03-02T09:15:00.0000000", timeZone: "Pacific Standard Time" },
        },
      ]),
    }));
    const result = await call({ timeZone: "Pacific Standard Time", ...WINDOW });
    assert.equal(graph.requestsFor("listCalendarView")[0]?.headers.get("prefer"), 'outlook.timezone="Pacific Standard Time"');
    assert.equal(structured(result).events[0]?.["start"], "2027-03-02T09:00:00-08:00");
    assert.equal(structured(result).events[0]?.["timeZone"], "America/Los_Angeles");
  });

  it("reads plain dates as days in the mailbox's time zone, or in the zone asked for", async () => {
    const { graph } = harness();
    graph.on("getMailboxSettings", () => ({ body: { timeZone: "Pacific Standard Time" } }));
    graph.on("listCalendarView", () => ({ body: page([]) }));
    const mine = await call({ startDateTime: "2027-03-01", endDateTime: "2027-03-08" });
    assert.equal(mine.isError, undefined, textOf(mine));
    const [first, second] = graph.requestsFor("listCalendarView");
    assert.deepEqual([first?.query.get("startDateTime"), first?.query.get("endDateTime")], ["2027-03-01T08:00:00Z", "2027-03-08T08:00:00Z"]);
    assert.equal(
      textOf(mine),
      "## 0 calendar events (times in UTC)\n> Dates read as the start of the day in America/Los_Angeles (your mailbox's time zone): `startDateTime` 2027-03-01 as 2027-03-01T00:00:00-08:00, `endDateTime` 2027-03-08 as 2027-03-08T00:00:00-08:00.\n\nNo events matched in this part of the calendar.",
    );
    assert.equal(second, undefined);
    const berlin = await call({ startDateTime: "2027-03-01", endDateTime: "2027-03-08T12:00:00Z", timeZone: "Europe/Berlin" });
    assert.match(textOf(berlin), /> Dates read as the start of the day in Europe\/Berlin \(the `timeZone` asked for\): `startDateTime` 2027-03-01 as 2027-03-01T00:00:00\+01:00\.\n\n/);
    assert.equal(graph.requestsFor("listCalendarView")[1]?.query.get("startDateTime"), "2027-02-28T23:00:00Z");
    assert.equal(graph.requestsFor("getMailboxSettings").length, 1);
  });

  it("says so when nothing matches", async () => {
    const { graph } = harness();
    graph.on("listCalendarView", () => ({ body: page([]) }));
    const result = await call({ query: "nothing", ...WINDOW });
    assert.deepEqual(result.structuredContent, { events: [] });
    assert.equal(textOf(result), "## 0 calendar events (times in UTC)\nNo events matched in this part of the calendar.");
  });

  describe("paging", () => {
    it("continues with Graph's nextLink, the same zone and the same filters", async () => {
      const { graph } = harness();
      graph.on("listCalendarView", (req) => {
        if (req.query.get("$skip") === "10") return { body: page([event("AAMkAG=6", "Later", "2027-03-10T10:00:00", "2027-03-10T11:00:00")]) };
        return { body: page([event("AAMkAG=5", "First", "2027-03-02T10:00:00", "2027-03-02T11:00:00")], abs(NEXT)) };
      });
      const first = await call({ timeZone: "Europe/Berlin", attendee: "carol", ...WINDOW });
      const cursor = structured(first).nextCursor;
      assert.equal(typeof cursor, "string");
      assert.ok(
        textOf(first).endsWith(`\n\nMore events may follow (attendee and organizer filters are applied page by page, so a page may hold fewer events than \`limit\`): call again with just \`cursor\`: \`${String(cursor)}\``),
        textOf(first),
      );
      const second = await call({ cursor });
      assert.equal(second.isError, undefined, textOf(second));
      const requests = graph.requestsFor("listCalendarView");
      assert.equal(requests.length, 2);
      assert.equal(requests[1]?.url.href, abs(NEXT));
      assert.equal(requests[1].headers.get("prefer"), 'outlook.timezone="W. Europe Standard Time"');
      assert.deepEqual(structured(second).events.map((e) => [e["id"], e["start"]]), [["AAMkAG=6", "2027-03-10T10:00:00+01:00"]]);
      assert.equal(structured(second).nextCursor, undefined);
    });

    it("rejects a tampered cursor", async () => {
      const { graph } = harness();
      graph.on("listCalendarView", () => ({ body: page([event("AAMkAG=5", "First", "2027-03-02T10:00:00", "2027-03-02T11:00:00")], abs(NEXT)) }));
      const cursor = structured(await call(WINDOW)).nextCursor;
      assert.equal(typeof cursor, "string");
      const result = await call({ cursor: tamperedSignature(String(cursor)) });
      assert.equal(result.isError, true);
      assert.equal(textOf(result), INVALID_CURSOR);
      assert.equal(graph.requests.length, 1);
    });

    for (const [what, link] of [
      ["another host", "https://evil.example.com/v1.0/me/calendarView?startDateTime=2027-03-01T00%3A00%3A00Z&endDateTime=2027-03-15T00%3A00%3A00Z"],
      ["another path", `${GRAPH}/me/messages?%24skip=10`],
    ] as const) {
      it(`rejects a cursor whose page link points to ${what}`, async () => {
        const { graph } = harness();
        graph.on("listCalendarView", () => ({ body: page([event("AAMkAG=5", "First", "2027-03-02T10:00:00", "2027-03-02T11:00:00")], link.startsWith("/") ? abs(link) : link) }));
        const first = await call(WINDOW);
        const result = await call({ cursor: structured(first).nextCursor });
        assert.equal(result.isError, true);
        assert.equal(textOf(result), CURSOR_OUTSIDE);
        assert.equal(graph.requests.length, 1);
      });
    }
  });

  describe("attendee and organizer filters", () => {
    it("filters by attendee or organizer client-side and skips pages without a match", async () => {
      const { graph } = harness();
      const noDave = { attendees: [{ type: "required", status: { response: "accepted", time: "2027-02-20T10:00:00Z" }, emailAddress: CAROL }] };
      graph.on("listCalendarView", (req) => {
        if (req.query.get("$skip") === "10") {
          return {
            body: page(
              [
                event("AAMkAG=8", "Without Dave", "2027-03-04T10:00:00", "2027-03-04T11:00:00", noDave),
                event("AAMkAG=9", "With Dave", "2027-03-05T10:00:00", "2027-03-05T11:00:00"),
              ],
              abs(NEXT2),
            ),
          };
        }
        return { body: page([event("AAMkAG=7", "Also without", "2027-03-02T10:00:00", "2027-03-02T11:00:00", noDave)], abs(NEXT)) };
      });
      const result = await call({ attendee: "DAVE@fabrikam", ...WINDOW });
      const requests = graph.requestsFor("listCalendarView");
      assert.equal(requests.length, 2);
      assert.equal(queryOf(requests[0])["$filter"], undefined);
      assert.equal(requests[1]?.url.href, abs(NEXT));
      assert.deepEqual(structured(result).events.map((e) => e["id"]), ["AAMkAG=9"]);
      const next = await call({ cursor: structured(result).nextCursor });
      assert.equal(next.isError, undefined, textOf(next));
      assert.equal(graph.requestsFor("listCalendarView")[2]?.url.href, abs(NEXT2));
    });

    it("matches the organizer by name for attendee, but organizer only matches the organizer", async () => {
      const { graph } = harness();
      graph.on("listCalendarView", () => ({
        body: page([
          event("AAMkAG=10", "Bob organizes", "2027-03-02T10:00:00", "2027-03-02T11:00:00"),
          event("AAMkAG=11", "Carol organizes", "2027-03-03T10:00:00", "2027-03-03T11:00:00", { organizer: { emailAddress: CAROL }, attendees: [{ type: "required", emailAddress: BOB }] }),
        ]),
      }));
      const asAttendee = await call({ attendee: "bob smith", ...WINDOW });
      assert.deepEqual(structured(asAttendee).events.map((e) => e["id"]), ["AAMkAG=10", "AAMkAG=11"]);
      const asOrganizer = await call({ organizer: "Bob", ...WINDOW });
      assert.deepEqual(structured(asOrganizer).events.map((e) => e["id"]), ["AAMkAG=10"]);
    });

    it("stops after five pages without a match and hands back a cursor", async () => {
      const { graph } = harness();
      const links: Record<string, string> = { "": abs(NEXT), "10": abs(NEXT2), "20": abs(NEXT3), "30": abs(NEXT4), "40": abs(NEXT5) };
      graph.on("listCalendarView", (req) => ({
        body: page([event(`AAMkAG=${req.query.get("$skip") ?? "0"}`, "Other", "2027-03-02T10:00:00", "2027-03-02T11:00:00")], links[req.query.get("$skip") ?? ""]),
      }));
      const result = await call({ organizer: "nobody@contoso.com", ...WINDOW });
      assert.equal(graph.requestsFor("listCalendarView").length, 5);
      assert.deepEqual(structured(result).events, []);
      assert.equal(typeof structured(result).nextCursor, "string");
      await call({ cursor: structured(result).nextCursor });
      assert.equal(graph.requestsFor("listCalendarView")[5]?.url.href, abs(NEXT5));
    });
  });

  describe("invalid input", () => {
    it("rejects an end before the start", async () => {
      const result = await call({ startDateTime: "2027-03-15T00:00:00Z", endDateTime: "2027-03-01T00:00:00Z" });
      assert.equal(result.isError, true);
      assert.equal(textOf(result), "`endDateTime` (2027-03-01T00:00:00Z) must be after `startDateTime`, 2027-03-15T00:00:00Z.");
    });

    it("rejects an end in the past when the start defaults to now", async () => {
      const result = await call({ endDateTime: "2020-01-01T00:00:00Z" });
      assert.equal(result.isError, true);
      assert.match(textOf(result), /^`endDateTime` \(2020-01-01T00:00:00Z\) must be after `startDateTime`, now \(20\d\d-/);
    });

    it("rejects an unknown time zone", async () => {
      const result = await call({ timeZone: "Mars/Olympus_Mons" });
      assert.equal(result.isError, true);
      assert.equal(textOf(result), 'Unknown time zone "Mars/Olympus_Mons": use an IANA name such as Europe/Berlin or America/New_York.');
    });

    it("rejects a limit above 50, a date without an offset and a 10 kB query", async () => {
      const limit = await call({ limit: 51 });
      assert.equal(textOf(limit), "Invalid arguments: `limit` must be <= 50.");
      const date = await call({ startDateTime: "next tuesday" });
      assert.equal(textOf(date), "Invalid arguments: `startDateTime` must be a date such as 2026-11-24 or an ISO 8601 date-time with an offset such as 2026-11-24T09:00:00Z.");
      const local = await call({ startDateTime: "2026-12-01T09:00:00" });
      assert.equal(textOf(local), "Invalid arguments: `startDateTime` must be a date such as 2026-11-24 or an ISO 8601 date-time with an offset such as 2026-11-24T09:00:00Z.");
      const february = await call({ startDateTime: "2027-02-30" });
      assert.equal(textOf(february), '`startDateTime` must be a date such as 2026-11-24 or an ISO 8601 date-time with an offset such as 2026-11-24T09:00:00Z; got "2027-02-30".');
      const long = await call({ query: TEN_KB });
      assert.equal(textOf(long), "Invalid arguments: `query` must NOT have more than 255 characters.");
      assert.equal(harness().graph.requests.length, 0);
    });
  });

  it("quotes hostile subject text so it stays one OData string", async () => {
    const { graph } = harness();
    graph.on("listCalendarView", () => ({ body: page([]) }));
    const hostile = "O'Brien') or (1 eq 1 OR * \"ü\" 日本";
    await call({ query: hostile, ...WINDOW });
    assert.equal(queryOf(graph.requestsFor("listCalendarView")[0])["$filter"], "contains(subject,'O''Brien'') or (1 eq 1 OR * \"ü\" 日本')");
  });

  describe("Graph errors", () => {
    it("maps 403", async () => {
      harness().graph.on("listCalendarView", () => graphError(403, "ErrorAccessDenied", "Access is denied."));
      const result = await call(WINDOW);
      assert.equal(result.isError, true);
      assert.equal(textOf(result), "Graph denied access to your calendar (403 ErrorAccessDenied)");
    });

    it("maps 400 with Graph's message", async () => {
      harness().graph.on("listCalendarView", () => graphError(400, "ErrorInvalidUrlQueryFilter", "The query filter contains one or more invalid nodes."));
      const result = await call({ query: "x", ...WINDOW });
      assert.equal(textOf(result), "Graph rejected the request for your calendar (400 ErrorInvalidUrlQueryFilter): The query filter contains one or more invalid nodes.");
    });

    it("maps 429 after the SDK's retries", async () => {
      const { graph } = harness();
      graph.on("listCalendarView", () => throttled("ApplicationThrottled", "Too many requests."));
      const result = await call(WINDOW);
      assert.equal(graph.requestsFor("listCalendarView").length, 4);
      assert.equal(textOf(result), "Graph is throttling requests for your calendar; retry after 0 seconds (429 ApplicationThrottled)");
    });
  });
});
