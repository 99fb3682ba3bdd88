// Every m365:// uri a tool prints in its text reads back through read_resource, copied from the text itself (a model
// often reads only the text): printed verbatim in backticks, never markdown-escaped. The walk follows the uris that
// read_resource's own answers print (a mail's conversation) until none is new.
import assert from "node:assert/strict";
import { textOf } from "../support/harness.js";
import { SANDBOX_NOW, useSandbox, type SandboxUser } from "../support/sandbox.js";

const DAY = 86_400_000;
const at = (days: number): string => new Date(SANDBOX_NOW.getTime() + days * DAY).toISOString();

/** Realistic calls of every tool that lists items, for each sandbox user. */
const CALLS: ReadonlyArray<[SandboxUser, string, Record<string, unknown>]> = [
  ["adele", "sharepoint_search", { query: "budget" }],
  ["adele", "sharepoint_search", { query: "onboarding", limit: 20 }],
  ["adele", "sharepoint_search", { query: "campaign" }],
  ["adele", "sharepoint_search", { query: "northwind", fileTypes: ["md", "json"] }],
  ["megan", "sharepoint_search", { query: "supplier" }],
  ["megan", "sharepoint_search", { query: "safety" }],
  ["adele", "sharepoint_folder_search", { name: "campaigns" }],
  ["alex", "sharepoint_folder_search", { name: "analytics" }],
  ["adele", "outlook_email_search", { receivedAfter: at(-14), limit: 25 }],
  ["adele", "outlook_email_search", { query: "budget" }],
  ["adele", "outlook_email_search", { mailbox: "finance@contoso.com", receivedAfter: at(-30) }],
  ["alex", "outlook_email_search", { receivedAfter: at(-30), limit: 20 }],
  ["megan", "outlook_email_search", { query: "customs" }],
  ["adele", "chat_message_search", { query: "launch", limit: 25 }],
  ["adele", "chat_message_search", { query: "release date" }],
  ["alex", "chat_message_search", { query: "analytics" }],
  ["megan", "chat_message_search", { query: "customs" }],
  ["megan", "chat_message_search", { query: "safety" }],
  ["adele", "outlook_calendar_search", { startDateTime: at(-3), endDateTime: at(11), limit: 50 }],
  ["alex", "outlook_calendar_search", { startDateTime: at(-3), endDateTime: at(11), limit: 50 }],
  ["megan", "outlook_calendar_search", { startDateTime: at(-3), endDateTime: at(11), limit: 50 }],
  ["adele", "onedrive_list_root", {}],
  ["alex", "onedrive_list_root", {}],
  ["megan", "onedrive_list_root", {}],
];

const URI = /m365:\/\/[^\s`]+/g;

/** The uris of a text, each asserted to stand verbatim between backticks. */
function urisOf(text: string, where: string): string[] {
  return [...text.matchAll(URI)].map((match) => {
    const before = text.charAt(match.index - 1);
    const after = text.charAt(match.index + match[0].length);
    assert.ok(before === "`" && after === "`", `${where}: ${match[0]} is not printed verbatim in backticks`);
    return match[0];
  });
}

describe("every uri in every tool's text reads back (seeded sandbox)", function () {
  this.timeout(120_000);
  const sandbox = useSandbox();

  it("reads back each uri copied from the text of each tool, and each uri those reads print", async () => {
    const pending: Array<[SandboxUser, string, string]> = [];
    const toolsWithUris = new Set<string>();
    for (const [user, name, args] of CALLS) {
      const where = `${user} ${name} ${JSON.stringify(args)}`;
      const uris = urisOf(await sandbox().text(user, name, args), where);
      if (uris.length) toolsWithUris.add(name);
      pending.push(...uris.map((uri): [SandboxUser, string, string] => [user, uri, where]));
    }
    assert.deepEqual([...toolsWithUris].sort(), [...new Set(CALLS.map(([, name]) => name))].sort(), "every listing tool printed uris");
    const read = new Set<string>();
    const kinds = new Set<string>();
    for (let next = pending.shift(); next; next = pending.shift()) {
      const [user, uri, where] = next;
      if (read.has(`${user} ${uri}`)) continue;
      read.add(`${user} ${uri}`);
      const result = await sandbox().call(user, "read_resource", { uri, maxChars: 100_000 });
      assert.equal(result.isError, undefined, `${uri} (from ${where}): ${textOf(result)}`);
      kinds.add((result.structuredContent as { kind: string }).kind);
      const text = textOf(result);
      pending.push(...urisOf(text, `read_resource ${uri}`).map((found): [SandboxUser, string, string] => [user, found, `read_resource ${uri}`]));
    }
    assert.deepEqual([...kinds].sort(), ["channelMessage", "chatMessage", "event", "file", "listItem", "mail"]);
    assert.ok(read.size > 100, `only ${read.size} uris were read`);
  });
});
