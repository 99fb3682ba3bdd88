import assert from "node:assert/strict";
import { TEN_KB, odataPage } from "../support/fixtures.js";
import { graphError, queryOf, type GraphRequest } from "../support/mock-graph.js";
import { ALICE, textOf, useHarness } from "../support/harness.js";
import { toolCalls } from "../support/tool-calls.js";

const ME = {
  "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users(displayName,mail,userPrincipalName)/$entity",
  displayName: "Alice Example",
  mail: "alice@contoso.com",
  userPrincipalName: "alice@contoso.com",
};

const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday"];
const WINDOW = { startDateTime: "2027-03-08T00:00:00Z", endDateTime: "2027-03-09T00:00:00Z" };
const SCHEDULE_WINDOW = {
  startTime: { dateTime: "2027-03-08T00:00:00", timeZone: "UTC" },
  endTime: { dateTime: "2027-03-09T00:00:00", timeZone: "UTC" },
  availabilityViewInterval: 30,
};

const at = (time: string): { dateTime: string; timeZone: string } => ({ dateTime: `2027-03-08T${time}:00.0000000`, timeZone: "UTC" });
const item = (status: string, from: string, to: string): Record<string, unknown> => ({ isPrivate: false, status, start: at(from), end: at(to) });

function info(scheduleId: string, zone: string, start: string, end: string, items: unknown[] = []): Record<string, unknown> {
  return {
    scheduleId,
    availabilityView: "000000000000000000000000000000000000000000000000",
    scheduleItems: items,
    workingHours: { daysOfWeek: WEEKDAYS, startTime: `${start}:00.0000000`, endTime: `${end}:00.0000000`, timeZone: { name: zone } },
  };
}

// Alice works 09:00-17:00 Berlin (08:00-16:00Z), Bob 08:00-17:00 New York (13:00-22:00Z), Carol 10:00-20:00 India (04:30-14:30Z).
const SCHEDULES: Record<string, Record<string, unknown>> = {
  "alice@contoso.com": info("alice@contoso.com", "W. Europe Standard Time", "09:00", "17:00", [item("busy", "09:00", "10:00"), item("free", "11:00", "12:00")]),
  "bob@contoso.com": info("bob@contoso.com", "Eastern Standard Time", "08:00", "17:00", [item("tentative", "13:30", "14:00")]),
  "carol@contoso.com": info("carol@contoso.com", "India Standard Time", "10:00", "20:00"),
};

const scheduleReply = (req: GraphRequest) => {
  const { schedules } = req.body as { schedules: string[] };
  const value = schedules.map((id) => SCHEDULES[id] ?? info(id, "UTC", "00:00", "00:00"));
  return { body: { "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#Collection(microsoft.graph.scheduleInformation)", value } };
};

const person = (displayName: string, address: string) => ({
  id: `p-${address}`,
  displayName,
  userPrincipalName: address,
  scoredEmailAddresses: [{ address, relevanceScore: 8 }],
  personType: { class: "Person", subclass: "OrganizationUser" },
});

const people = (...value: unknown[]) => ({ body: odataPage("https://graph.microsoft.com/v1.0/$metadata#users('a11ce000')/people", value) });
const users = (...value: unknown[]) => ({ body: odataPage("https://graph.microsoft.com/v1.0/$metadata#users", value) });

describe("find_meeting_availability", () => {
  const harness = useHarness();

  const { call } = toolCalls(harness, "find_meeting_availability");

  function mockAll(): void {
    harness()
      .graph.on("getMe", () => ({ body: ME }))
      .on("getSchedule", scheduleReply)
      .on("listPeople", () => people(person("Carol Jones", "carol@contoso.com")))
      .on("listUsers", () => users());
  }

  it("finds common slots for attendees in three zones and resolves a name", async () => {
    mockAll();
    const { graph } = harness();
    const result = await call({ attendees: ["bob@contoso.com", "Carol Jones"], timeZone: "America/New_York", ...WINDOW });
    assert.equal(result.isError, undefined, textOf(result));
    assert.equal(queryOf(graph.requestsFor("getMe")[0])["$select"], "displayName,mail,userPrincipalName");
    assert.deepEqual(queryOf(graph.requestsFor("listPeople")[0]), { $search: '"Carol Jones"', $select: "displayName,scoredEmailAddresses,userPrincipalName", $top: "10" });
    assert.equal(graph.requestsFor("listUsers").length, 0);
    assert.deepEqual(
      graph.requestsFor("getSchedule").map((r) => r.body),
      [{ schedules: ["alice@contoso.com", "bob@contoso.com", "carol@contoso.com"], ...SCHEDULE_WINDOW }],
    );
    const everyone = ["alice@contoso.com", "bob@contoso.com", "carol@contoso.com"];
    assert.deepEqual(result.structuredContent, {
      timeZone: "America/New_York",
      slots: [
        { start: "2027-03-08T08:00:00-05:00", end: "2027-03-08T08:30:00-05:00", timeZone: "America/New_York", freeAttendees: everyone },
        { start: "2027-03-08T09:00:00-05:00", end: "2027-03-08T09:30:00-05:00", timeZone: "America/New_York", freeAttendees: everyone },
      ],
      attendees: [
        {
          address: "alice@contoso.com",
          name: "Alice Example",
          isSelf: true,
          scheduleRead: true,
          busy: [{ start: "2027-03-08T04:00:00-05:00", end: "2027-03-08T05:00:00-05:00", status: "busy" }],
          workingHours: { daysOfWeek: WEEKDAYS, startTime: "09:00", endTime: "17:00", timeZone: "W. Europe Standard Time" },
        },
        {
          address: "bob@contoso.com",
          isSelf: false,
          scheduleRead: true,
          busy: [{ start: "2027-03-08T08:30:00-05:00", end: "2027-03-08T09:00:00-05:00", status: "tentative" }],
          workingHours: { daysOfWeek: WEEKDAYS, startTime: "08:00", endTime: "17:00", timeZone: "Eastern Standard Time" },
        },
        {
          address: "carol@contoso.com",
          name: "Carol Jones",
          requested: "Carol Jones",
          isSelf: false,
          scheduleRead: true,
          busy: [],
          workingHours: { daysOfWeek: WEEKDAYS, startTime: "10:00", endTime: "20:00", timeZone: "India Standard Time" },
        },
      ],
      warnings: ["bob@contoso.com has 1 tentative item(s) in the window; they were treated as busy."],
    });
    const text = textOf(result);
    assert.ok(text.startsWith("## 2 meeting times for 30 minutes (America/New_York)\n1. Mon 8 Mar 2027 08:00–08:30\n2. Mon 8 Mar 2027 09:00–09:30\n"), text);
    assert.ok(text.includes("Free at these times: Alice Example \\<alice@contoso.com\\>, bob@contoso.com, Carol Jones \\<carol@contoso.com\\>."));
    assert.ok(text.includes("- **bob@contoso.com**: Mon 8 Mar 2027 08:30–09:00 (tentative)"));
    assert.ok(text.includes("- **Carol Jones \\<carol@contoso.com\\>**: free throughout"));
  });

  it("without attendees finds the user's own free time in their working-hours zone", async () => {
    mockAll();
    const { graph } = harness();
    const result = await call({ ...WINDOW, durationMinutes: 60, maxSuggestions: 3 });
    assert.deepEqual(graph.requestsFor("getSchedule").map((r) => r.body), [{ schedules: ["alice@contoso.com"], ...SCHEDULE_WINDOW }]);
    const out = result.structuredContent as { timeZone: string; slots: Array<{ start: string; end: string }> };
    assert.equal(out.timeZone, "Europe/Berlin");
    assert.deepEqual(out.slots.map((s) => [s.start, s.end]), [
      ["2027-03-08T09:00:00+01:00", "2027-03-08T10:00:00+01:00"],
      ["2027-03-08T11:00:00+01:00", "2027-03-08T12:00:00+01:00"],
      ["2027-03-08T11:30:00+01:00", "2027-03-08T12:30:00+01:00"],
    ]);
  });

  it("ignores working hours when asked", async () => {
    mockAll();
    const result = await call({ attendees: ["carol@contoso.com"], ...WINDOW, workingHoursOnly: false, maxSuggestions: 2, timeZone: "UTC" });
    const out = result.structuredContent as { slots: Array<{ start: string }> };
    assert.deepEqual(out.slots.map((s) => s.start), ["2027-03-08T00:00:00Z", "2027-03-08T00:30:00Z"]);
  });

  describe("plain dates", () => {
    const berlinDays = { ...SCHEDULE_WINDOW, startTime: { dateTime: "2027-03-07T23:00:00", timeZone: "UTC" }, endTime: { dateTime: "2027-03-08T23:00:00", timeZone: "UTC" } };

    it("reads them as days in the mailbox's time zone and says so first", async () => {
      mockAll();
      const { graph } = harness();
      graph.on("getMailboxSettings", () => ({ body: { timeZone: "W. Europe Standard Time" } }));
      const result = await call({ startDateTime: "2027-03-08", endDateTime: "2027-03-09", durationMinutes: 60, maxSuggestions: 1 });
      assert.equal(result.isError, undefined, textOf(result));
      assert.equal(queryOf(graph.requestsFor("getMailboxSettings")[0])["$select"], "timeZone");
      assert.deepEqual(graph.requestsFor("getSchedule").map((r) => r.body), [{ schedules: ["alice@contoso.com"], ...berlinDays }]);
      const note = "Dates read as the start of the day in Europe/Berlin (your mailbox's time zone): `startDateTime` 2027-03-08 as 2027-03-08T00:00:00+01:00, `endDateTime` 2027-03-09 as 2027-03-09T00:00:00+01:00.";
      assert.deepEqual((result.structuredContent as { warnings: string[] }).warnings, [note]);
      assert.ok(textOf(result).startsWith(`## 1 meeting time for 60 minutes (Europe/Berlin)\n> ${note}\n\n1. Mon 8 Mar 2027 09:00–10:00\n`), textOf(result));
      assert.ok(!textOf(result).includes("**Notes**"), textOf(result));
    });

    it("reads them in the zone asked for, without asking the mailbox, and next to full date-times", async () => {
      mockAll();
      const { graph } = harness();
      const result = await call({ startDateTime: "2027-03-08", endDateTime: "2027-03-08T23:00:00Z", timeZone: "Europe/Berlin" });
      assert.equal(result.isError, undefined, textOf(result));
      assert.equal(graph.requestsFor("getMailboxSettings").length, 0);
      assert.deepEqual(graph.requestsFor("getSchedule").map((r) => r.body), [{ schedules: ["alice@contoso.com"], ...berlinDays }]);
      assert.match(textOf(result), /\n> Dates read as the start of the day in Europe\/Berlin \(the `timeZone` asked for\): `startDateTime` 2027-03-08 as 2027-03-08T00:00:00\+01:00\.\n\n1\. /);
    });

    it("reads them as UTC days when the mailbox's time zone cannot be read", async () => {
      mockAll();
      const { graph } = harness();
      graph.on("getMailboxSettings", () => graphError(403, "ErrorAccessDenied", "Access is denied."));
      const result = await call({ startDateTime: "2027-03-08", endDateTime: "2027-03-09" });
      assert.equal(result.isError, undefined, textOf(result));
      assert.deepEqual(graph.requestsFor("getSchedule").map((r) => r.body), [{ schedules: ["alice@contoso.com"], ...SCHEDULE_WINDOW }]);
      assert.match(textOf(result), /\n> Dates read as the start of the day in UTC \(UTC, as your mailbox's time zone is not known\): `startDateTime` 2027-03-08 as 2027-03-08T00:00:00Z, `endDateTime` 2027-03-09 as 2027-03-09T00:00:00Z\.\n/);
    });

    it("asks for no mailbox settings and adds no note when both bounds have a time", async () => {
      mockAll();
      const { graph } = harness();
      const result = await call(WINDOW);
      assert.equal(result.isError, undefined, textOf(result));
      assert.equal(graph.requestsFor("getMailboxSettings").length, 0);
      assert.ok(!textOf(result).includes("Dates read"), textOf(result));
    });

    it("refuses a date that is not in the calendar, or a date-time without an offset, before any Graph request", async () => {
      const february = await call({ startDateTime: "2027-02-30", endDateTime: "2027-03-09T00:00:00Z" });
      assert.equal(textOf(february), '`startDateTime` must be a date such as 2026-11-24 or an ISO 8601 date-time with an offset such as 2026-11-24T09:00:00Z; got "2027-02-30".');
      const local = await call({ startDateTime: "2027-03-08", endDateTime: "2027-03-09T09:00:00" });
      assert.equal(textOf(local), "Invalid arguments: `endDateTime` must be a date such as 2026-11-24 or an ISO 8601 date-time with an offset such as 2026-11-24T09:00:00Z.");
      assert.equal(harness().graph.requests.length, 0);
    });
  });

  describe("name resolution", () => {
    it("lists the candidates of an ambiguous name", async () => {
      mockAll();
      const { graph } = harness();
      graph.on("listPeople", () => people(person("Chris Lee", "chris.lee@contoso.com"), person("Chris Park", "chris.park@contoso.com"), person("Chris Lee", "chris.lee@contoso.com")));
      const result = await call({ attendees: ["Chris"], ...WINDOW });
      assert.equal(result.isError, true);
      assert.equal(
        textOf(result),
        '"Chris" matches several people: Chris Lee <chris.lee@contoso.com>, Chris Park <chris.park@contoso.com>; pass the email address of the one you mean.',
      );
      assert.equal(graph.requestsFor("getSchedule").length, 0);
    });

    it("takes the one exact name among fuzzier matches", async () => {
      mockAll();
      const { graph } = harness();
      graph.on("listPeople", () => people(person("Chris Leeds", "chris.leeds@contoso.com"), person("Chris Lee", "chris.lee@contoso.com")));
      const result = await call({ attendees: ["chris lee"], ...WINDOW });
      assert.equal(result.isError, undefined, textOf(result));
      assert.deepEqual((graph.requestsFor("getSchedule")[0]?.body as { schedules: string[] }).schedules, ["alice@contoso.com", "chris.lee@contoso.com"]);
    });

    it("falls back to the directory, then reports an unknown name", async () => {
      mockAll();
      const { graph } = harness();
      graph.on("listPeople", () => people());
      const result = await call({ attendees: ["Zed"], ...WINDOW });
      assert.equal(result.isError, true);
      assert.equal(textOf(result), 'No one named "Zed" was found in your people list or the directory; pass their email address instead.');
      assert.deepEqual(queryOf(graph.requestsFor("listUsers")[0]), { $filter: "startswith(displayName,'Zed')", $select: "displayName,mail,userPrincipalName", $top: "10" });
    });

    it("uses a unique directory match when the people list has none", async () => {
      mockAll();
      const { graph } = harness();
      graph.on("listPeople", () => people());
      graph.on("listUsers", () => users({ id: "u1", displayName: "Dana Scully", mail: "dana@contoso.com", userPrincipalName: "dana@contoso.onmicrosoft.com" }));
      const result = await call({ attendees: ["Dana"], ...WINDOW });
      assert.equal(result.isError, undefined, textOf(result));
      const dana = (result.structuredContent as { attendees: Array<Record<string, unknown>> }).attendees[1];
      assert.deepEqual([dana?.["address"], dana?.["name"], dana?.["requested"]], ["dana@contoso.com", "Dana Scully", "Dana"]);
    });

    it("uses only the directory when People.Read is not granted", async () => {
      mockAll();
      const { graph, auth } = harness();
      auth.add("dir-token", { ...ALICE, scopes: ["Calendars.Read", "User.Read", "User.ReadBasic.All"] });
      const result = await call({ attendees: ["Zed"], ...WINDOW }, "dir-token");
      assert.equal(textOf(result), 'No one named "Zed" was found in the directory; pass their email address instead.');
      assert.equal(graph.requestsFor("listPeople").length, 0);
    });

    it("explains the missing permission when names cannot be resolved", async () => {
      mockAll();
      const { graph, auth } = harness();
      auth.add("cal-token", { ...ALICE, scopes: ["Calendars.Read", "User.Read"] });
      const names = await call({ attendees: ["Bob Smith"], ...WINDOW }, "cal-token");
      assert.equal(
        textOf(names),
        '"Bob Smith" is a name, and resolving names needs the People.Read or User.ReadBasic.All permission, which was not granted; pass email addresses instead.',
      );
      assert.equal(graph.requestsFor("listPeople").length + graph.requestsFor("listUsers").length, 0);
      const addresses = await call({ attendees: ["bob@contoso.com"], ...WINDOW }, "cal-token");
      assert.equal(addresses.isError, undefined, textOf(addresses));
    });

    it("keeps hostile names inside one KQL phrase and one OData string", async () => {
      mockAll();
      const { graph } = harness();
      graph.on("listPeople", () => people());
      await call({ attendees: ["O'Neil \"x\" OR (*)"], ...WINDOW });
      assert.equal(queryOf(graph.requestsFor("listPeople")[0])["$search"], '"O\'Neil x OR (*)"');
      assert.equal(queryOf(graph.requestsFor("listUsers")[0])["$filter"], "startswith(displayName,'O''Neil \"x\" OR (*)')");
    });

    it("rejects a name made only of quotes and a malformed address", async () => {
      mockAll();
      const result = await call({ attendees: ['""', "bob@"], ...WINDOW });
      assert.equal(textOf(result), '"""" is neither a name nor an email address. "bob@" is not a valid email address.');
      assert.equal(harness().graph.requestsFor("listPeople").length, 0);
    });
  });

  it("answers for the others when one attendee's schedule cannot be read", async () => {
    mockAll();
    const { graph } = harness();
    graph.on("getSchedule", (req) => {
      const reply = scheduleReply(req);
      reply.body.value[1] = { scheduleId: "bob@contoso.com", availabilityView: "", error: { message: "The recipient could not be found.", responseCode: "ErrorMailRecipientNotFound" } };
      return reply;
    });
    const result = await call({ attendees: ["bob@contoso.com", "carol@contoso.com"], timeZone: "UTC", ...WINDOW });
    assert.equal(result.isError, undefined, textOf(result));
    const out = result.structuredContent as { slots: Array<{ start: string; freeAttendees: string[] }>; attendees: Array<Record<string, unknown>>; warnings: string[] };
    // Alice 08:00-16:00Z minus 09:00-10:00Z, Carol 04:30-14:30Z: first common slots from 08:00Z.
    assert.deepEqual(out.slots.map((s) => s.start), ["2027-03-08T08:00:00Z", "2027-03-08T08:30:00Z", "2027-03-08T10:00:00Z", "2027-03-08T10:30:00Z", "2027-03-08T11:00:00Z"]);
    assert.deepEqual(out.slots[0]?.freeAttendees, ["alice@contoso.com", "carol@contoso.com"]);
    assert.deepEqual(out.attendees[1], { address: "bob@contoso.com", isSelf: false, scheduleRead: false, error: "The recipient could not be found.", busy: [] });
    assert.deepEqual(out.warnings, ["The schedule of bob@contoso.com could not be read (The recipient could not be found.); the times ignore their availability."]);
    assert.ok(textOf(result).includes("- **bob@contoso.com**: schedule not read (The recipient could not be found.); not taken into account"));
  });

  it("splits more than 20 schedules into several getSchedule calls and drops duplicates", async () => {
    mockAll();
    const { graph } = harness();
    const many = Array.from({ length: 25 }, (_, i) => `user${i + 1}@contoso.com`);
    const result = await call({ attendees: [...many, "USER3@contoso.com", "alice@contoso.com"], ...WINDOW });
    assert.equal(result.isError, undefined, textOf(result));
    // The calls run in parallel, so they may reach Graph in either order.
    const bodies = graph.requestsFor("getSchedule").map((r) => r.body as { schedules: string[] });
    bodies.sort((a, b) => b.schedules.length - a.schedules.length);
    assert.equal(bodies.length, 2);
    assert.deepEqual(bodies, [
      { schedules: ["alice@contoso.com", ...many.slice(0, 19)], ...SCHEDULE_WINDOW },
      { schedules: many.slice(19), ...SCHEDULE_WINDOW },
    ]);
    assert.equal((result.structuredContent as { attendees: unknown[] }).attendees.length, 26);
  });

  describe("invalid input", () => {
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ["an end before the start", { startDateTime: "2027-03-09T00:00:00Z", endDateTime: "2027-03-08T00:00:00Z" }, "`endDateTime` (2027-03-08T00:00:00Z) must be after `startDateTime` (2027-03-09T00:00:00Z)."],
      [
        "a window of 62 days",
        { startDateTime: "2027-03-01T00:00:00Z", endDateTime: "2027-05-02T00:00:00Z" },
        "The window from 2027-03-01T00:00:00Z to 2027-05-02T00:00:00Z is 62 days long; free/busy can be read for less than 62 days at a time. Choose a shorter window.",
      ],
      ["a window shorter than the meeting", { startDateTime: "2027-03-08T09:00:00Z", endDateTime: "2027-03-08T09:30:00Z", durationMinutes: 45 }, "The window is shorter than the meeting (45 minutes); choose a longer window."],
      ["a window in the past", { startDateTime: "2020-03-08T09:00:00Z", endDateTime: "2020-03-09T09:30:00Z" }, "The window ends in the past (2020-03-09T09:30:00Z); choose a window after now."],
      ["an unknown time zone", { ...WINDOW, timeZone: "Atlantis/Capital" }, 'Unknown time zone "Atlantis/Capital": use an IANA name such as Europe/Berlin or America/New_York.'],
      ["a 4-minute meeting", { ...WINDOW, durationMinutes: 4 }, "Invalid arguments: `durationMinutes` must be >= 5."],
      ["41 attendees", { ...WINDOW, attendees: Array.from({ length: 41 }, (_, i) => `u${i}@contoso.com`) }, "Invalid arguments: `attendees` must NOT have more than 40 items."],
      ["a missing end", { startDateTime: "2027-03-08T00:00:00Z" }, "Invalid arguments: `endDateTime` is required."],
      ["a 10 kB attendee", { ...WINDOW, attendees: [TEN_KB] }, "Invalid arguments: `attendees.0` must NOT have more than 320 characters."],
    ];
    for (const [what, args, message] of cases) {
      it(`rejects ${what}`, async () => {
        const result = await call(args);
        assert.equal(result.isError, true);
        assert.equal(textOf(result), message);
        assert.equal(harness().graph.requests.length, 0);
      });
    }
  });

  describe("Graph errors", () => {
    it("fails the tool when a getSchedule call fails", async () => {
      mockAll();
      harness().graph.on("getSchedule", () => graphError(403, "ErrorAccessDenied", "Access is denied."));
      const result = await call({ attendees: ["bob@contoso.com"], ...WINDOW });
      assert.equal(result.isError, true);
      assert.equal(textOf(result), "Graph denied access to the attendees' free/busy schedules (403 ErrorAccessDenied)");
    });

    it("fails the tool when name lookup fails", async () => {
      mockAll();
      harness().graph.on("listPeople", () => graphError(400, "BadRequest", "Invalid search."));
      const result = await call({ attendees: ["Carol"], ...WINDOW });
      assert.equal(textOf(result), "Graph rejected the request for your people list (400 BadRequest): Invalid search.");
    });

    it("fails the tool when the profile cannot be read", async () => {
      mockAll();
      harness().graph.on("getMe", () => graphError(401, "InvalidAuthenticationToken", "Access token has expired."));
      const result = await call(WINDOW);
      assert.equal(textOf(result), "Graph did not accept the caller's credentials (401 InvalidAuthenticationToken)");
    });

    it("reports when no schedule at all could be read", async () => {
      mockAll();
      harness().graph.on("getSchedule", () => ({
        body: { value: [{ scheduleId: "alice@contoso.com", availabilityView: "", error: { message: "Mailbox unavailable.", responseCode: "ErrorMailboxUnavailable" } }] },
      }));
      const result = await call(WINDOW);
      assert.equal(result.isError, true);
      assert.equal(textOf(result), "No schedule could be read: Alice Example <alice@contoso.com> (Mailbox unavailable.).");
    });
  });
});
