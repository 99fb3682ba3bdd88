// tools/list is part of the public interface: a schema change must update the snapshot deliberately
// (UPDATE_SNAPSHOTS=1 npm test).
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { useHarness } from "../support/harness.js";

const SNAPSHOT = new URL("../snapshots/tools-list.json", import.meta.url);

describe("tools/list", () => {
  const harness = useHarness();

  it("matches the snapshot of every tool's name, description, annotations and schemas", async () => {
    const client = await harness().connect();
    const { tools } = await client.listTools();
    const actual = `${JSON.stringify(tools, null, 2)}\n`;
    if (process.env["UPDATE_SNAPSHOTS"] === "1") writeFileSync(SNAPSHOT, actual);
    assert.equal(actual, readFileSync(SNAPSHOT, "utf8"));
  });

  it("marks every tool read-only and describes every input", async () => {
    const client = await harness().connect();
    const { tools } = await client.listTools();
    assert.deepEqual(
      tools.map((t) => t.name),
      ["get_me", "sharepoint_search", "sharepoint_folder_search", "outlook_email_search", "chat_message_search", "outlook_calendar_search", "find_meeting_availability", "read_resource", "onedrive_list_root"],
    );
    for (const tool of tools) {
      const annotations = tool.annotations ?? {};
      assert.equal(annotations.readOnlyHint, true, tool.name);
      assert.equal(annotations.destructiveHint, false, tool.name);
      for (const [name, property] of Object.entries(tool.inputSchema.properties ?? {})) {
        assert.equal(typeof (property as { description?: unknown }).description, "string", `${tool.name}.${name}`);
      }
      assert.equal(tool.outputSchema?.type, "object", tool.name);
    }
  });
});
