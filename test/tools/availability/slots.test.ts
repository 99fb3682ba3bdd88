import assert from "node:assert/strict";
import {
  availabilityWarnings,
  findCommonFreeSlots,
  isBusyStatus,
  parseGraphDateTime,
  toAttendeeSchedule,
  type AttendeeSchedule,
  type BusyBlock,
  type Slot,
  type SlotRequest,
  type WorkingHours,
} from "../../../src/tools/availability/slots.js";
import { resolveTimeZone } from "../../../src/tools/availability/time-zones.js";

const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday"];
const ALL_DAYS = [...WEEKDAYS, "saturday", "sunday"];

function busy(start: string, end: string, status = "busy"): BusyBlock {
  return { start: new Date(start), end: new Date(end), status };
}

function hours(timeZone: string, startTime: string, endTime: string, daysOfWeek = WEEKDAYS): WorkingHours {
  return { daysOfWeek, startTime, endTime, timeZone };
}

function request(start: string, end: string, overrides: Partial<SlotRequest> = {}): SlotRequest {
  return {
    window: { start: new Date(start), end: new Date(end) },
    durationMinutes: 30,
    workingHoursOnly: true,
    maxSuggestions: 50,
    ...overrides,
  };
}

function starts(slots: Slot[]): string[] {
  return slots.map((slot) => slot.start.toISOString());
}

// Shorthand for expected UTC instants: "2026-03-09", "09:00" -> "2026-03-09T09:00:00.000Z".
function utc(date: string, ...times: string[]): string[] {
  return times.map((time) => `${date}T${time}:00.000Z`);
}

describe("findCommonFreeSlots", () => {
  describe("single attendee", () => {
    const alice: AttendeeSchedule = {
      id: "alice@example.com",
      busy: [busy("2026-03-09T10:00:00Z", "2026-03-09T11:00:00Z")],
      workingHours: hours("UTC", "09:00:00.0000000", "17:00:00.0000000"),
    };

    it("suggests every grid start inside working hours that avoids the busy block", () => {
      const slots = findCommonFreeSlots([alice], request("2026-03-09T00:00:00Z", "2026-03-10T00:00:00Z", { durationMinutes: 60 }));
      assert.deepEqual(
        starts(slots),
        utc("2026-03-09", "09:00", "11:00", "11:30", "12:00", "12:30", "13:00", "13:30", "14:00", "14:30", "15:00", "15:30", "16:00"),
      );
      assert.equal(slots[0]?.end.toISOString(), "2026-03-09T10:00:00.000Z");
      assert.deepEqual(slots[0].freeAttendees, ["alice@example.com"]);
    });

    it("stops at maxSuggestions, keeping the earliest", () => {
      const slots = findCommonFreeSlots([alice], request("2026-03-09T00:00:00Z", "2026-03-10T00:00:00Z", { durationMinutes: 60, maxSuggestions: 3 }));
      assert.deepEqual(starts(slots), utc("2026-03-09", "09:00", "11:00", "11:30"));
    });

    it("returns nothing for maxSuggestions 0", () => {
      assert.deepEqual(findCommonFreeSlots([alice], request("2026-03-09T00:00:00Z", "2026-03-10T00:00:00Z", { maxSuggestions: 0 })), []);
    });

    it("ignores working hours when workingHoursOnly is false", () => {
      const req = request("2026-03-09T07:00:00Z", "2026-03-09T12:00:00Z", { workingHoursOnly: false });
      assert.deepEqual(starts(findCommonFreeSlots([alice], req)), utc("2026-03-09", "07:00", "07:30", "08:00", "08:30", "09:00", "09:30", "11:00", "11:30"));
    });

    it("keeps to working hours when workingHoursOnly is true", () => {
      const req = request("2026-03-09T07:00:00Z", "2026-03-09T12:00:00Z");
      assert.deepEqual(starts(findCommonFreeSlots([alice], req)), utc("2026-03-09", "09:00", "09:30", "11:00", "11:30"));
    });

    it("skips days that are not working days", () => {
      // 2026-03-07 and 08 are a weekend; the first working slot is Monday morning.
      const req = request("2026-03-07T00:00:00Z", "2026-03-10T00:00:00Z", { maxSuggestions: 2 });
      assert.deepEqual(starts(findCommonFreeSlots([alice], req)), utc("2026-03-09", "09:00", "09:30"));
    });
  });

  describe("window and grid", () => {
    const free: AttendeeSchedule = { id: "free@example.com", busy: [] };

    it("never starts before the window or ends after it", () => {
      const req = request("2026-03-09T09:10:00Z", "2026-03-09T11:00:00Z");
      const slots = findCommonFreeSlots([free], req);
      assert.deepEqual(starts(slots), utc("2026-03-09", "09:30", "10:00", "10:30"));
      assert.equal(slots.at(-1)?.end.toISOString(), "2026-03-09T11:00:00.000Z");
    });

    it("fits durations longer than the step on the grid", () => {
      const attendee: AttendeeSchedule = { id: "a@example.com", busy: [busy("2026-03-09T12:00:00Z", "2026-03-09T13:00:00Z")] };
      const req = request("2026-03-09T09:00:00Z", "2026-03-09T14:30:00Z", { durationMinutes: 90 });
      const slots = findCommonFreeSlots([attendee], req);
      assert.deepEqual(starts(slots), utc("2026-03-09", "09:00", "09:30", "10:00", "10:30", "13:00"));
      assert.deepEqual(slots.map((slot) => slot.end.toISOString()), utc("2026-03-09", "10:30", "11:00", "11:30", "12:00", "14:30"));
    });

    it("uses a custom step", () => {
      const req = request("2026-03-09T09:00:00Z", "2026-03-09T10:00:00Z", { durationMinutes: 20, stepMinutes: 15 });
      assert.deepEqual(starts(findCommonFreeSlots([free], req)), utc("2026-03-09", "09:00", "09:15", "09:30"));
    });

    it("returns nothing for an empty or inverted window", () => {
      assert.deepEqual(findCommonFreeSlots([free], request("2026-03-09T10:00:00Z", "2026-03-09T10:00:00Z")), []);
      assert.deepEqual(findCommonFreeSlots([free], request("2026-03-09T11:00:00Z", "2026-03-09T10:00:00Z")), []);
    });

    it("rejects malformed requests", () => {
      const window = ["2026-03-09T09:00:00Z", "2026-03-09T10:00:00Z"] as const;
      assert.throws(() => findCommonFreeSlots([free], request(...window, { durationMinutes: 0 })), RangeError);
      assert.throws(() => findCommonFreeSlots([free], request(...window, { stepMinutes: -30 })), RangeError);
      assert.throws(() => findCommonFreeSlots([free], request(...window, { maxSuggestions: 1.5 })), RangeError);
      assert.throws(() => findCommonFreeSlots([free], request("nonsense", window[1])), RangeError);
    });
  });

  describe("busy blocks", () => {
    it("handles unsorted and overlapping busy blocks", () => {
      const attendee: AttendeeSchedule = {
        id: "a@example.com",
        busy: [
          busy("2026-03-09T11:00:00Z", "2026-03-09T12:00:00Z"),
          busy("2026-03-09T09:30:00Z", "2026-03-09T10:15:00Z"),
          busy("2026-03-09T10:00:00Z", "2026-03-09T10:30:00Z"),
          busy("2026-03-09T11:30:00Z", "2026-03-09T11:45:00Z"),
        ],
      };
      const req = request("2026-03-09T09:00:00Z", "2026-03-09T13:00:00Z");
      assert.deepEqual(starts(findCommonFreeSlots([attendee], req)), utc("2026-03-09", "09:00", "10:30", "12:00", "12:30"));
    });

    it("treats tentative and oof as busy, and free, workingElsewhere and unknown as free", () => {
      const attendee: AttendeeSchedule = {
        id: "a@example.com",
        busy: [
          busy("2026-03-09T09:00:00Z", "2026-03-09T10:00:00Z", "tentative"),
          busy("2026-03-09T10:00:00Z", "2026-03-09T11:00:00Z", "free"),
          busy("2026-03-09T11:00:00Z", "2026-03-09T12:00:00Z", "oof"),
          busy("2026-03-09T12:00:00Z", "2026-03-09T13:00:00Z", "workingElsewhere"),
          busy("2026-03-09T13:00:00Z", "2026-03-09T14:00:00Z", "unknown"),
        ],
      };
      const req = request("2026-03-09T09:00:00Z", "2026-03-09T14:00:00Z", { durationMinutes: 60, stepMinutes: 60 });
      assert.deepEqual(starts(findCommonFreeSlots([attendee], req)), utc("2026-03-09", "10:00", "12:00", "13:00"));
    });

    it("requires every attendee to be free and lists them all", () => {
      const a: AttendeeSchedule = { id: "a@example.com", busy: [busy("2026-03-09T09:00:00Z", "2026-03-09T10:00:00Z")] };
      const b: AttendeeSchedule = { id: "b@example.com", busy: [busy("2026-03-09T10:30:00Z", "2026-03-09T11:30:00Z")] };
      const slots = findCommonFreeSlots([a, b], request("2026-03-09T09:00:00Z", "2026-03-09T12:00:00Z"));
      assert.deepEqual(starts(slots), utc("2026-03-09", "10:00", "11:30"));
      assert.deepEqual(slots[0]?.freeAttendees, ["a@example.com", "b@example.com"]);
    });

    it("treats an attendee without working hours as always working", () => {
      const nine2five: AttendeeSchedule = { id: "a@example.com", busy: [], workingHours: hours("UTC", "09:00", "17:00") };
      const anytime: AttendeeSchedule = { id: "b@example.com", busy: [] };
      const req = request("2026-03-09T16:00:00Z", "2026-03-09T19:00:00Z");
      assert.deepEqual(starts(findCommonFreeSlots([nine2five, anytime], req)), utc("2026-03-09", "16:00", "16:30"));
      assert.deepEqual(starts(findCommonFreeSlots([anytime], req)), utc("2026-03-09", "16:00", "16:30", "17:00", "17:30", "18:00", "18:30"));
    });
  });

  describe("time zones and DST", () => {
    // Los Angeles 08:00-17:00 and Berlin 09:00-18:00 overlap by one, two or one hour(s) around the 2026 switches.
    const la: AttendeeSchedule = { id: "la@example.com", busy: [], workingHours: hours("Pacific Standard Time", "08:00", "17:00") };
    const berlin: AttendeeSchedule = { id: "berlin@example.com", busy: [], workingHours: hours("W. Europe Standard Time", "09:00", "18:00") };
    const day = (date: string): SlotRequest => request(`${date}T00:00:00Z`, `${date}T23:59:00Z`);

    it("uses PST and CET before either switch", () => {
      // LA 08:00 PST = 16:00Z; Berlin 18:00 CET = 17:00Z.
      assert.deepEqual(starts(findCommonFreeSlots([la, berlin], day("2026-03-03"))), utc("2026-03-03", "16:00", "16:30"));
    });

    it("uses PDT and CET in the gap week after the US switch", () => {
      // LA 08:00 PDT = 15:00Z; Berlin still 18:00 CET = 17:00Z.
      assert.deepEqual(
        starts(findCommonFreeSlots([la, berlin], day("2026-03-10"))),
        utc("2026-03-10", "15:00", "15:30", "16:00", "16:30"),
      );
    });

    it("uses PDT and CEST after both switches", () => {
      // LA 08:00 PDT = 15:00Z; Berlin 18:00 CEST = 16:00Z.
      assert.deepEqual(starts(findCommonFreeSlots([la, berlin], day("2026-03-31"))), utc("2026-03-31", "15:00", "15:30"));
    });

    it("keeps 09:00-17:00 Los Angeles across the US DST weekend", () => {
      const attendee: AttendeeSchedule = { id: "la@example.com", busy: [], workingHours: hours("America/Los_Angeles", "09:00", "17:00", ALL_DAYS) };
      const req = request("2026-03-07T00:00:00Z", "2026-03-10T00:00:00Z", { durationMinutes: 480, stepMinutes: 60 });
      const slots = findCommonFreeSlots([attendee], req);
      assert.deepEqual(starts(slots), ["2026-03-07T17:00:00.000Z", "2026-03-08T16:00:00.000Z", "2026-03-09T16:00:00.000Z"]);
      assert.deepEqual(slots.map((slot) => slot.end.toISOString()), ["2026-03-08T01:00:00.000Z", "2026-03-09T00:00:00.000Z", "2026-03-10T00:00:00.000Z"]);
    });

    it("keeps 09:00-17:00 Berlin across the European DST weekend", () => {
      const attendee: AttendeeSchedule = { id: "berlin@example.com", busy: [], workingHours: hours("Europe/Berlin", "09:00", "17:00", ALL_DAYS) };
      const req = request("2026-03-28T00:00:00Z", "2026-03-31T00:00:00Z", { durationMinutes: 480, stepMinutes: 60 });
      assert.deepEqual(starts(findCommonFreeSlots([attendee], req)), [
        "2026-03-28T08:00:00.000Z",
        "2026-03-29T07:00:00.000Z",
        "2026-03-30T07:00:00.000Z",
      ]);
    });

    it("handles India's half-hour offset together with Berlin", () => {
      // India 09:00-17:00 IST = 03:30-11:30Z; Berlin 09:00-18:00 CET = 08:00-17:00Z; Berlin busy 09:00-09:45Z.
      const india: AttendeeSchedule = { id: "in@example.com", busy: [], workingHours: hours("India Standard Time", "09:00", "17:00") };
      const busyBerlin: AttendeeSchedule = { ...berlin, busy: [busy("2026-03-10T09:00:00Z", "2026-03-10T09:45:00Z")] };
      const req = request("2026-03-10T00:00:00Z", "2026-03-11T00:00:00Z", { durationMinutes: 60 });
      assert.deepEqual(starts(findCommonFreeSlots([india, busyBerlin], req)), utc("2026-03-10", "08:00", "10:00", "10:30"));
    });

    it("aligns the grid to UTC, so an hourly step starts at 09:30 IST", () => {
      const india: AttendeeSchedule = { id: "in@example.com", busy: [], workingHours: hours("Asia/Kolkata", "09:00", "17:00") };
      const day10 = ["2026-03-10T00:00:00Z", "2026-03-10T06:00:00Z"] as const;
      assert.deepEqual(starts(findCommonFreeSlots([india], request(...day10, { stepMinutes: 60, maxSuggestions: 2 }))), utc("2026-03-10", "04:00", "05:00"));
      assert.deepEqual(starts(findCommonFreeSlots([india], request(...day10, { maxSuggestions: 2 }))), utc("2026-03-10", "03:30", "04:00"));
    });

    it("reads an unknown zone as UTC", () => {
      const custom: AttendeeSchedule = { id: "c@example.com", busy: [], workingHours: hours("Customized Time Zone", "09:00", "10:00") };
      const req = request("2026-03-09T00:00:00Z", "2026-03-10T00:00:00Z");
      assert.deepEqual(starts(findCommonFreeSlots([custom], req)), utc("2026-03-09", "09:00", "09:30"));
    });
  });

  describe("working hours crossing midnight", () => {
    // Monday-only night shift 22:00-06:00 Berlin (CET) = 21:00Z Monday to 05:00Z Tuesday.
    const night: AttendeeSchedule = { id: "night@example.com", busy: [], workingHours: hours("Europe/Berlin", "22:00", "06:00", ["monday"]) };
    const hourly = { durationMinutes: 60, stepMinutes: 60 };

    it("runs the shift from its start day into the next", () => {
      const req = request("2026-03-08T00:00:00Z", "2026-03-11T00:00:00Z", hourly);
      assert.deepEqual(starts(findCommonFreeSlots([night], req)), [
        ...utc("2026-03-09", "21:00", "22:00", "23:00"),
        ...utc("2026-03-10", "00:00", "01:00", "02:00", "03:00", "04:00"),
      ]);
    });

    it("includes the tail of a shift that started before the window", () => {
      const req = request("2026-03-10T00:00:00Z", "2026-03-11T00:00:00Z", hourly);
      assert.deepEqual(starts(findCommonFreeSlots([night], req)), utc("2026-03-10", "00:00", "01:00", "02:00", "03:00", "04:00"));
    });

    it("treats equal start and end as a 24-hour day", () => {
      const allDay: AttendeeSchedule = { id: "a@example.com", busy: [], workingHours: hours("UTC", "00:00", "00:00", ["monday"]) };
      const req = request("2026-03-08T22:00:00Z", "2026-03-10T02:00:00Z", { durationMinutes: 1440, stepMinutes: 60 });
      assert.deepEqual(starts(findCommonFreeSlots([allDay], req)), ["2026-03-09T00:00:00.000Z"]);
    });
  });
});

describe("availabilityWarnings", () => {
  const req = request("2026-03-09T00:00:00Z", "2026-03-10T00:00:00Z");

  it("reports an unknown zone and unreadable working hours", () => {
    const custom: AttendeeSchedule = { id: "c@example.com", busy: [], workingHours: hours("Customized Time Zone", "09:00", "17:00") };
    const broken: AttendeeSchedule = { id: "b@example.com", busy: [], workingHours: hours("UTC", "9am", "17:00") };
    const known: AttendeeSchedule = { id: "k@example.com", busy: [], workingHours: hours("Pacific Standard Time", "09:00", "17:00") };
    const warnings = availabilityWarnings([custom, broken, known], req);
    assert.deepEqual(
      warnings.map((w) => [w.attendee, w.code]),
      [["c@example.com", "unknownTimeZone"], ["b@example.com", "invalidWorkingHours"]],
    );
    assert.match(warnings[0]?.message ?? "", /Customized Time Zone.*UTC/);
  });

  it("skips working-hour warnings when working hours are not used", () => {
    const custom: AttendeeSchedule = { id: "c@example.com", busy: [], workingHours: hours("Customized Time Zone", "09:00", "17:00") };
    assert.deepEqual(availabilityWarnings([custom], { ...req, workingHoursOnly: false }), []);
  });

  it("reports tentative items inside the window only", () => {
    const attendee: AttendeeSchedule = {
      id: "t@example.com",
      busy: [
        busy("2026-03-09T09:00:00Z", "2026-03-09T10:00:00Z", "tentative"),
        busy("2026-03-09T23:30:00Z", "2026-03-10T00:30:00Z", "tentative"),
        busy("2026-03-10T09:00:00Z", "2026-03-10T10:00:00Z", "tentative"),
        busy("2026-03-09T11:00:00Z", "2026-03-09T12:00:00Z", "busy"),
      ],
    };
    const warnings = availabilityWarnings([attendee], req);
    assert.deepEqual(warnings.map((w) => w.code), ["tentativeTreatedAsBusy"]);
    assert.match(warnings[0]?.message ?? "", /2 tentative/);
  });
});

describe("resolveTimeZone", () => {
  it("maps Windows names to IANA zones", () => {
    assert.deepEqual(resolveTimeZone("Pacific Standard Time"), { iana: "America/Los_Angeles", source: "windows" });
    assert.deepEqual(resolveTimeZone("W. Europe Standard Time"), { iana: "Europe/Berlin", source: "windows" });
    assert.deepEqual(resolveTimeZone("India Standard Time"), { iana: "Asia/Calcutta", source: "windows" });
  });

  it("passes IANA names through", () => {
    assert.deepEqual(resolveTimeZone("Asia/Kolkata"), { iana: "Asia/Kolkata", source: "iana" });
    assert.deepEqual(resolveTimeZone(" Europe/Berlin "), { iana: "Europe/Berlin", source: "iana" });
  });

  it("strips Graph's tzone prefix", () => {
    assert.deepEqual(resolveTimeZone("tzone://Microsoft/Utc"), { iana: "Utc", source: "iana" });
  });

  it("falls back to UTC for unknown or missing names", () => {
    assert.deepEqual(resolveTimeZone("Customized Time Zone"), { iana: "UTC", source: "fallback" });
    assert.deepEqual(resolveTimeZone(""), { iana: "UTC", source: "fallback" });
    assert.deepEqual(resolveTimeZone(undefined), { iana: "UTC", source: "fallback" });
  });
});

describe("parseGraphDateTime", () => {
  it("reads Graph's seven-digit fraction as UTC", () => {
    assert.equal(parseGraphDateTime({ dateTime: "2026-03-09T09:00:00.0000000", timeZone: "UTC" }).toISOString(), "2026-03-09T09:00:00.000Z");
  });

  it("reads other zones, Windows names included", () => {
    assert.equal(
      parseGraphDateTime({ dateTime: "2026-03-09T09:00:00.0000000", timeZone: "Pacific Standard Time" }).toISOString(),
      "2026-03-09T16:00:00.000Z",
    );
    assert.equal(parseGraphDateTime({ dateTime: "2026-03-09T09:00:00", timeZone: "Europe/Berlin" }).toISOString(), "2026-03-09T08:00:00.000Z");
  });

  it("treats a missing or unknown zone as UTC", () => {
    assert.equal(parseGraphDateTime({ dateTime: "2026-03-09T09:00:00.0000000" }).toISOString(), "2026-03-09T09:00:00.000Z");
    assert.equal(parseGraphDateTime({ dateTime: "2026-03-09T09:00:00", timeZone: "Nowhere" }).toISOString(), "2026-03-09T09:00:00.000Z");
  });

  it("throws on a malformed time", () => {
    assert.throws(() => parseGraphDateTime({ dateTime: "yesterday", timeZone: "UTC" }), RangeError);
  });
});

describe("toAttendeeSchedule", () => {
  const at = (time: string) => ({ dateTime: `2026-03-09T${time}:00.0000000`, timeZone: "UTC" });

  it("converts a getSchedule item, keeping only blocking statuses", () => {
    const schedule = toAttendeeSchedule({
      scheduleId: "alice@example.com",
      scheduleItems: [
        { status: "busy", start: at("09:00"), end: at("10:00") },
        { status: "tentative", start: at("11:00"), end: at("11:30") },
        { status: "workingElsewhere", start: at("12:00"), end: at("13:00") },
        { status: "free", start: at("13:00"), end: at("14:00") },
      ],
      workingHours: {
        daysOfWeek: ["monday", "tuesday"],
        startTime: "08:00:00.0000000",
        endTime: "17:00:00.0000000",
        timeZone: { name: "Pacific Standard Time" },
      },
    });
    assert.deepEqual(schedule, {
      id: "alice@example.com",
      busy: [busy("2026-03-09T09:00:00Z", "2026-03-09T10:00:00Z"), busy("2026-03-09T11:00:00Z", "2026-03-09T11:30:00Z", "tentative")],
      workingHours: { daysOfWeek: ["monday", "tuesday"], startTime: "08:00:00.0000000", endTime: "17:00:00.0000000", timeZone: "Pacific Standard Time" },
    });
  });

  it("accepts SDK TimeOnly-shaped working hours and no working hours", () => {
    const withParts = toAttendeeSchedule({
      scheduleId: "a@example.com",
      workingHours: { daysOfWeek: ["friday"], startTime: { hours: 8, minutes: 30 }, endTime: { hours: 16, minutes: 0, seconds: 0 }, timeZone: { name: "UTC" } },
    });
    assert.equal(withParts?.workingHours?.startTime, "08:30:00");
    assert.equal(withParts.workingHours.endTime, "16:00:00");
    assert.deepEqual(toAttendeeSchedule({ scheduleId: "b@example.com", scheduleItems: [] }), { id: "b@example.com", busy: [] });
  });

  it("returns undefined when the schedule could not be read", () => {
    assert.equal(toAttendeeSchedule({ scheduleId: "x@example.com", error: { message: "not found", responseCode: "error" } }), undefined);
    assert.equal(toAttendeeSchedule({ scheduleItems: [] }), undefined);
  });
});

describe("isBusyStatus", () => {
  it("blocks on busy, oof and tentative only", () => {
    const statuses = ["free", "tentative", "busy", "oof", "workingElsewhere", "unknown"];
    assert.deepEqual(statuses.filter(isBusyStatus), ["tentative", "busy", "oof"]);
  });
});
