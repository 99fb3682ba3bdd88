import assert from "node:assert/strict";
import type { CallToolResult } from "@modelcontextprotocol/client";
import { extractText } from "../../src/content/extract.js";
import { extractableFormat } from "../../src/content/formats.js";
import { World } from "../../src/sandbox/data/world.js";
import { SANDBOX_USERS, seedSandbox } from "../../src/sandbox/tenant.js";
import { startHarness, textOf, type Harness } from "../support/harness.js";
import { contract } from "../support/mock-graph.js";

type Json = Record<string, unknown>;
type User = "adele" | "alex" | "megan";

const DAY = 86_400_000;
const NOW = new Date();
const MONDAY = new Date(Date.UTC(NOW.getUTCFullYear(), NOW.getUTCMonth(), NOW.getUTCDate()) - ((NOW.getUTCDay() + 6) % 7) * DAY);
const iso = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, "Z");

describe("sandbox tenant (seeded Graph through the real server)", function () {
  this.timeout(20_000);
  let harness: Harness;
  const registered: string[] = [];

  before(async () => {
    harness = await startHarness();
    const on = harness.graph.on.bind(harness.graph);
    harness.graph.on = (operationId, resolver) => {
      registered.push(operationId);
      return on(operationId, resolver);
    };
    seedSandbox(harness.graph, harness.files, NOW);
    const [adele, alex, megan] = SANDBOX_USERS;
    assert.ok(adele && alex && megan);
    harness.auth.add("adele", adele).add("alex", alex).add("megan", megan);
  });

  afterEach(() => {
    const violations = [...harness.graph.violations];
    harness.graph.violations.length = 0;
    harness.graph.requests.length = 0;
    assert.deepEqual(violations, [], "the sandbox's replies must match the Graph contract");
  });

  after(async () => {
    await harness.close();
  });

  async function call(user: User, name: string, args: Json): Promise<CallToolResult> {
    const client = await harness.connect(user);
    return await client.callTool({ name, arguments: args });
  }

  async function ok(user: User, name: string, args: Json): Promise<Json> {
    const result = await call(user, name, args);
    assert.equal(result.isError, undefined, textOf(result));
    return result.structuredContent as Json;
  }

  async function read(user: User, uri: string): Promise<string> {
    return (await ok(user, "read_resource", { uri, maxChars: 100_000 }))["text"] as string;
  }

  const list = (value: unknown): Json[] => value as Json[];

  function must(value: Json | undefined, what: string): Json {
    assert.ok(value, `expected ${what}`);
    return value;
  }

  it("answers every operation of the Graph contract", () => {
    assert.deepEqual([...registered].sort(), contract.operations.map((o) => o.operationId).sort());
  });

  it("seeds the same data for the same day, and every seeded file is a real, readable file", async () => {
    const [one, two] = [new World(NOW), new World(new Date(NOW.getTime()))];
    const fingerprint = (w: World): string => JSON.stringify(w.drives.items.map((i) => [i.id, i.webUrl, i.bytes ? Buffer.from(i.bytes).toString("base64") : null, w.drives.itemJson(i)]));
    assert.equal(fingerprint(one), fingerprint(two));
    assert.deepEqual(one.mail.owners.map((o) => [o.mail, one.mail.messagesOf(o).length]), [
      ["adele.vance@contoso.com", 22],
      ["alex.wilber@contoso.com", 12],
      ["megan.bowen@fabrikam.com", 11],
      ["finance@contoso.com", 6],
    ]);
    const files = one.drives.items.filter((i) => i.file && extractableFormat({ name: i.name }));
    assert.equal(new Set(files.map((f) => extractableFormat({ name: f.name }))).size, 11, "every readable format is seeded");
    for (const file of files) {
      const { text } = await extractText(file.bytes ?? new Uint8Array(), { name: file.name });
      const firstWord = /[A-Za-z]{4,}/.exec(file.text)?.[0] ?? "";
      assert.ok(text.includes(firstWord), `${file.name}: ${text}`);
    }
  });

  it("three users in two tenants, each with every delegated scope the tools use", () => {
    assert.deepEqual(
      SANDBOX_USERS.map((u) => [u.displayName, u.upn]),
      [["Adele Vance", "adele.vance@contoso.com"], ["Alex Wilber", "alex.wilber@contoso.com"], ["Megan Bowen", "megan.bowen@fabrikam.com"]],
    );
    assert.equal(SANDBOX_USERS[0]?.tenantId, SANDBOX_USERS[1]?.tenantId);
    assert.notEqual(SANDBOX_USERS[0]?.tenantId, SANDBOX_USERS[2]?.tenantId);
  });

  it("get_me returns the signed-in user's profile and working hours", async () => {
    assert.deepEqual(await ok("megan", "get_me", {}), {
      displayName: "Megan Bowen",
      mail: "megan.bowen@fabrikam.com",
      userPrincipalName: "megan.bowen@fabrikam.com",
      jobTitle: "Operations Lead",
      timeZone: "W. Europe Standard Time",
      workingHoursStart: "08:30",
      workingHoursEnd: "17:00",
      workingDays: ["monday", "tuesday", "wednesday", "thursday", "friday"],
    });
  });

  describe("mail", () => {
    it("finds mail by words, reads it with attachments and its conversation", async () => {
      const found = list((await ok("adele", "outlook_email_search", { query: "budget" }))["messages"]);
      const subjects = found.map((m) => m["subject"]);
      assert.ok(subjects.includes("FY27 marketing budget review"), subjects.join(" | "));
      assert.ok(subjects.every((s) => typeof s === "string" && !s.includes("logistics")), "Fabrikam mail never shows up at Contoso");
      const first = found.find((m) => m["subject"] === "FY27 marketing budget review");
      const text = await read("adele", first?.["uri"] as string);
      assert.match(text, /^From: Patti Fernandez <patti\.fernandez@contoso\.com>\nTo: Adele Vance <adele\.vance@contoso\.com>\nCc: Nestor Wilke/);
      assert.match(text, /Attachments: FY27 budget summary\.csv \(text\/csv, \d+ B\)/);
      assert.ok(text.includes("The total is $1.2M, with $450K set aside for the Northwind launch."), text);
      assert.match(text, /Other messages in this conversation:\n- .* Adele Vance <adele\.vance@contoso\.com> · RE: FY27 marketing budget review/);
    });

    it("pages with a cursor, filters unread mail, and keeps each mailbox to its owner", async () => {
      const first = await ok("adele", "outlook_email_search", { query: "Northwind", limit: 2 });
      assert.equal(list(first["messages"]).length, 2);
      const second = await ok("adele", "outlook_email_search", { query: "Northwind", limit: 2, cursor: first["nextCursor"] });
      const ids = [...list(first["messages"]), ...list(second["messages"])].map((m) => m["id"]);
      assert.equal(new Set(ids).size, ids.length, "the second page holds other messages");

      const unread = list((await ok("adele", "outlook_email_search", { unreadOnly: true }))["messages"]);
      assert.ok(unread.length >= 3 && unread.every((m) => m["isRead"] === false));

      const megan = list((await ok("megan", "outlook_email_search", { query: "budget" }))["messages"]);
      assert.deepEqual(megan.map((m) => m["subject"]).sort(), ["Q3 logistics budget", "RE: Q3 logistics budget"]);
    });

    it("lets the delegate read the shared Finance mailbox, and nobody else", async () => {
      const found = list((await ok("adele", "outlook_email_search", { mailbox: "finance@contoso.com", query: "invoice" }))["messages"]);
      assert.deepEqual(found.map((m) => m["subject"]), ["RE: Invoice INV-20417 for consulting services", "Invoice INV-20417 for consulting services", "Payment reminder"]);
      assert.match(await read("adele", found[1]?.["uri"] as string), /Mailbox: finance@contoso\.com/);
      const refused = await call("alex", "outlook_email_search", { mailbox: "finance@contoso.com", query: "invoice" });
      assert.equal(refused.isError, true);
      assert.equal(textOf(refused), "Graph denied access to this mailbox (403 ErrorAccessDenied)");
    });
  });

  describe("SharePoint and OneDrive", () => {
    it("finds pages and files, and reads a page with its headings", async () => {
      const results = list((await ok("adele", "sharepoint_search", { query: "onboarding" }))["results"]);
      const names = results.map((r) => r["name"]);
      assert.ok(names.includes("Welcome to Contoso") && names.includes("New Hire FAQ.html"), names.join(" | "));
      const page = must(results.find((r) => r["name"] === "Welcome to Contoso"), "the welcome page");
      assert.equal(page["kind"], "listItem");
      assert.match(page["snippet"] as string, /onboarding/i);
      const text = await read("adele", page["uri"] as string);
      assert.ok(text.includes("# Welcome to Contoso\n\n## Your first week\n\nWelcome aboard!"), text);
      assert.match(text, /\(1 other web part, such as images, lists or embeds, is not shown/);
      assert.equal(await read("adele", page["webUrl"] as string), text, "the page's link reads the same page");
    });

    const FORMATS: Array<[ext: string, query: string, expected: string]> = [
      ["docx", "Northwind Launch Plan", "| Code freeze | Lidia Holloway | Week 2 |"],
      ["xlsx", "FY27 Marketing Budget", "## Sheet: By quarter"],
      ["pptx", "Spring Campaign Results", "## Slide 2: Reach"],
      ["pdf", "Brand Guidelines", "Primary: Contoso Blue #0F6CBD."],
      ["html", "press release", "# Contoso launches Northwind, analytics for every retailer"],
      ["txt", "notes Alex", "Alex wants to lead the analytics workstream"],
      ["md", "Why Northwind", "# Why we built Northwind"],
      ["csv", "Travel Expenses", "| 2026-03-02 | Flight SEA-LHR | 1180.00 | USD |"],
      ["json", "launch-config", '"budgetUsd": 450000'],
      ["xml", "Partner Feed", '<partner id="NWT" name="Northwind Traders" tier="gold"/>'],
      ["eml", "Budget approval", "digital advertising moves to $480K"],
    ];
    for (const [ext, query, expected] of FORMATS) {
      it(`reads a .${ext} file found by search`, async () => {
        const results = list((await ok("adele", "sharepoint_search", { query, fileTypes: [ext] }))["results"]);
        assert.equal(results.length, 1, JSON.stringify(results));
        const file = must(results[0], `a .${ext} file`);
        assert.equal(file["fileType"], ext);
        const text = await read("adele", file["uri"] as string);
        assert.ok(text.includes(expected), text);
      });
    }

    it("reads a file by its pasted link, and finds folders by name", async () => {
      const [plan] = list((await ok("alex", "sharepoint_search", { query: "Northwind Launch Plan", fileTypes: ["docx"] }))["results"]);
      assert.ok((await read("alex", plan?.["webUrl"] as string)).includes("# Northwind Launch Plan"));
      const folders = list((await ok("adele", "sharepoint_folder_search", { name: "Onboarding" }))["folders"]);
      assert.deepEqual(folders.map((f) => [f["name"], f["path"], f["childCount"]]), [["Onboarding", "/sites/HR/Shared Documents/Onboarding", 2]]);
      assert.match(await read("adele", folders[0]?.["uri"] as string), /This is a folder/);
    });

    it("lists each user's own OneDrive only", async () => {
      const adele = list((await ok("adele", "onedrive_list_root", {}))["items"]).map((i) => i["name"]);
      assert.deepEqual(adele, ["Drafts", "Email Archive", "launch-config.json", "Notes", "Partner Feed.xml", "Quarterly Goals.docx", "Travel Expenses.csv"]);
      const megan = list((await ok("megan", "onedrive_list_root", {}))["items"]).map((i) => i["name"]);
      assert.deepEqual(megan, ["notes.md", "Reports", "Safety", "Shift Roster.xlsx"]);
    });

    it("keeps Fabrikam's user out of Contoso's sites", async () => {
      assert.deepEqual(list((await ok("megan", "sharepoint_search", { query: "onboarding" }))["results"]), []);
      const refused = await call("megan", "sharepoint_search", { query: "budget", site: "https://contoso.sharepoint.com/sites/Marketing" });
      assert.equal(refused.isError, true);
      const own = list((await ok("megan", "sharepoint_search", { query: "safety" }))["results"]).map((r) => r["name"]);
      assert.ok(own.includes("Warehouse Safety Procedures.docx") && own.includes("Safety week at Fabrikam"), own.join(" | "));
      const alexNotes = await call("alex", "read_resource", { uri: "https://contoso-my.sharepoint.com/personal/adele_vance_contoso_com/Documents/Travel%20Expenses.csv" });
      assert.equal(alexNotes.isError, true, "another user's OneDrive is not readable");
    });
  });

  describe("Teams", () => {
    it("finds chat and channel messages and reads them with the chat topic or the replies", async () => {
      const found = list((await ok("alex", "chat_message_search", { query: "release date" }))["messages"]);
      assert.deepEqual(found.map((m) => (m["chatId"] ? "chat" : "channel")), ["chat", "chat", "channel", "channel"]);
      const chat = found.find((m) => m["chatId"]);
      // Graph reads a channel thread by its first message; a reply's id is not readable on that route.
      const [channel] = list((await ok("alex", "chat_message_search", { query: "public release date" }))["messages"]);
      assert.ok(chat && channel?.["channelId"], JSON.stringify(found));
      assert.match(await read("alex", chat["uri"] as string), /Chat: (Northwind launch crew|one-on-one chat)/);
      const thread = await read("alex", channel["uri"] as string);
      assert.match(thread, /Subject: Release date/);
      assert.match(thread, /Replies:\n\n\[.*\] Adele Vance:\nWorks for marketing if pricing is locked by the 11th\./);
      assert.deepEqual(list((await ok("megan", "chat_message_search", { query: "release date" }))["messages"]), []);
    });
  });

  describe("calendar", () => {
    const window = { startDateTime: iso(MONDAY), endDateTime: iso(new Date(MONDAY.getTime() + 14 * DAY)) };

    it("lists this fortnight's events with recurring occurrences, in the asked zone, and reads one", async () => {
      const events = list((await ok("adele", "outlook_calendar_search", { ...window, timeZone: "Europe/Berlin", limit: 50 }))["events"]);
      const syncs = events.filter((e) => e["subject"] === "Weekly marketing sync");
      assert.equal(syncs.length, 2);
      assert.ok(syncs.every((s) => s["isRecurring"] === true && typeof s["joinUrl"] === "string"));
      assert.match(syncs[0]?.["start"] as string, /T18:00:00\+0[12]:00$/, "09:00 Pacific is 18:00 in Berlin");
      const review = list((await ok("adele", "outlook_calendar_search", { ...window, query: "budget review" }))["events"]);
      assert.equal(review.length, 1);
      const text = await read("adele", review[0]?.["uri"] as string);
      assert.match(text, /Organizer: Patti Fernandez <patti\.fernandez@contoso\.com>/);
      assert.match(text, /Where: Conference Room Rainier/);
      assert.ok(!events.some((e) => e["subject"] === "Operations weekly"), "Fabrikam meetings are not on Adele's calendar");
    });

    it("finds common free time across zones and explains an attendee outside the tenant", async () => {
      const next = { startDateTime: iso(new Date(MONDAY.getTime() + 7 * DAY)), endDateTime: iso(new Date(MONDAY.getTime() + 12 * DAY)) };
      const result = await ok("adele", "find_meeting_availability", { ...next, attendees: ["Alex Wilber", "nestor.wilke@contoso.com", "megan.bowen@fabrikam.com"], durationMinutes: 30 });
      const attendees = list(result["attendees"]);
      assert.deepEqual(attendees.map((a) => [a["address"], a["scheduleRead"]]), [
        ["adele.vance@contoso.com", true],
        ["alex.wilber@contoso.com", true],
        ["nestor.wilke@contoso.com", true],
        ["megan.bowen@fabrikam.com", false],
      ]);
      const alex = must(attendees[1], "Alex");
      assert.equal(alex["requested"], "Alex Wilber");
      assert.deepEqual(alex["workingHours"], { daysOfWeek: ["monday", "tuesday", "wednesday", "thursday", "friday"], startTime: "09:00", endTime: "17:30", timeZone: "GMT Standard Time" });
      assert.ok(list(attendees[0]?.["busy"]).length > 0, "Adele has meetings next week");
      assert.ok(list(result["slots"]).length > 0);
      assert.equal(result["timeZone"], "America/Los_Angeles");
    });
  });
});
