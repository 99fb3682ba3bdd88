// Golden answers: realistic calls of every tool against the seeded sandbox, with the exact text a model reads, kept
// as reviewed snapshots in test/snapshots/golden/ (one file per answer, the call on its first line). Any change to
// what a model reads shows in review; refresh them deliberately with UPDATE_SNAPSHOTS=1 and read every diff.
// Cursors are signed with a per-process key and an expiry, so they are written as <cursor>.
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { useSandbox, type SandboxUser } from "../support/sandbox.js";

const DIRECTORY = new URL("../snapshots/golden/", import.meta.url);

interface Golden {
  name: string;
  user: SandboxUser;
  tool: string;
  /** The arguments, or how to make them from the answers before (a uri copied from their text). */
  args: Record<string, unknown> | ((previous: Map<string, string>) => Record<string, unknown>);
}

/** The first uri of `kind` (e.g. "m365://drives/") in a previous answer's text. */
function uriIn(previous: Map<string, string>, name: string, prefix: string): string {
  const match = new RegExp(`\`(${prefix.replace(/[/.]/g, "\\$&")}[^\`]+)\``).exec(previous.get(name) ?? "");
  assert.ok(match?.[1], `no ${prefix} uri in the answer ${name}`);
  return match[1];
}

const GOLDEN: readonly Golden[] = [
  { name: "get-me", user: "megan", tool: "get_me", args: {} },
  { name: "mail-from-one-person-last-week", user: "adele", tool: "outlook_email_search", args: { from: "diego.siciliani@contoso.com", receivedAfter: "2026-11-16" } },
  { name: "mail-by-words", user: "adele", tool: "outlook_email_search", args: { query: "budget", limit: 3 } },
  { name: "mail-read", user: "adele", tool: "read_resource", args: (p) => ({ uri: uriIn(p, "mail-by-words", "m365://mail/") }) },
  { name: "mail-shared-mailbox", user: "adele", tool: "outlook_email_search", args: { mailbox: "finance@contoso.com", receivedAfter: "2026-10-26", limit: 3 } },
  { name: "budget-spreadsheet-found", user: "adele", tool: "sharepoint_search", args: { query: "budget", fileTypes: ["xlsx"] } },
  { name: "budget-spreadsheet-read", user: "adele", tool: "read_resource", args: (p) => ({ uri: uriIn(p, "budget-spreadsheet-found", "m365://drives/") }) },
  { name: "search-nothing-for-two-words", user: "adele", tool: "sharepoint_search", args: { query: "budget spreadsheet" } },
  { name: "page-found", user: "adele", tool: "sharepoint_search", args: { query: "parental leave" } },
  { name: "page-read", user: "adele", tool: "read_resource", args: (p) => ({ uri: uriIn(p, "page-found", "m365://sites/") }) },
  { name: "folders", user: "adele", tool: "sharepoint_folder_search", args: { name: "campaigns" } },
  { name: "teams-thread-found", user: "adele", tool: "chat_message_search", args: { query: "release date" } },
  { name: "teams-thread-read", user: "adele", tool: "read_resource", args: (p) => ({ uri: uriIn(p, "teams-thread-found", "m365://teams/") }) },
  { name: "teams-chat-read", user: "adele", tool: "read_resource", args: (p) => ({ uri: uriIn(p, "teams-thread-found", "m365://chats/") }) },
  { name: "calendar-this-week", user: "adele", tool: "outlook_calendar_search", args: { startDateTime: "2026-11-23", endDateTime: "2026-11-28", timeZone: "America/Los_Angeles", limit: 4 } },
  { name: "recurring-meeting-read", user: "adele", tool: "read_resource", args: (p) => ({ uri: uriIn(p, "calendar-this-week", "m365://events/") }) },
  // The server's clock is the real one and a window must end after it, so this window lies well ahead of the seed.
  { name: "slot-with-a-colleague", user: "adele", tool: "find_meeting_availability", args: { attendees: ["Alex Wilber"], startDateTime: "2027-03-02", endDateTime: "2027-03-04", maxSuggestions: 3 } },
  { name: "onedrive", user: "megan", tool: "onedrive_list_root", args: { limit: 3 } },
  { name: "list-item-found", user: "megan", tool: "sharepoint_search", args: { query: "customs", limit: 1 } },
  { name: "list-item-read", user: "megan", tool: "read_resource", args: (p) => ({ uri: uriIn(p, "list-item-found", "m365://sites/") }) },
];

const CURSOR = /eyJ[\w-]+\.[\w-]+\.[\w-]+/g;

describe("golden answers (seeded sandbox, exact text)", function () {
  this.timeout(120_000);
  const sandbox = useSandbox();

  it("answers each call with the reviewed text of test/snapshots/golden/", async () => {
    const update = process.env["UPDATE_SNAPSHOTS"] === "1";
    if (update) mkdirSync(DIRECTORY, { recursive: true });
    const previous = new Map<string, string>();
    const mismatches: string[] = [];
    for (const [index, golden] of GOLDEN.entries()) {
      const args = typeof golden.args === "function" ? golden.args(previous) : golden.args;
      const text = await sandbox().text(golden.user, golden.tool, args);
      previous.set(golden.name, text);
      const answer = `<!-- ${golden.user}: ${golden.tool} ${JSON.stringify(args)} -->\n${text.replace(CURSOR, "<cursor>")}\n`;
      const file = new URL(`${String(index + 1).padStart(2, "0")}-${golden.name}.md`, DIRECTORY);
      if (update) writeFileSync(file, answer);
      if (readFileSync(file, "utf8") !== answer) mismatches.push(golden.name);
    }
    assert.deepEqual(mismatches, [], "answers differ from their golden files (UPDATE_SNAPSHOTS=1 to refresh them, then review the diff)");
  });
});
