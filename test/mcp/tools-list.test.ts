// tools/list is part of the public interface: a schema change must update the snapshot deliberately
// (UPDATE_SNAPSHOTS=1 npm test). The snapshot is the JSON on the wire, which both protocol eras must send alike
// (key order aside: the SDK's 2026-07-28 codec re-encodes results).
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { useHarness } from "../support/harness.js";
import { modernRequest, postMcp } from "../support/raw-mcp.js";

const SNAPSHOT = new URL("../snapshots/tools-list.json", import.meta.url);
/** The JSON of every tool's name, description, annotations and schemas, in bytes (24 KiB; 34,149 before issue 13). */
const TOOLS_LIST_BUDGET = 24 * 1024;

describe("tools/list", () => {
  const harness = useHarness();

  const listOnTheWire = async (era: "modern" | "legacy"): Promise<unknown> => {
    const bearer = `Bearer ${await harness().auth.token("alice-token")}`;
    const request = era === "modern" ? modernRequest("tools/list") : { body: { jsonrpc: "2.0", id: 1, method: "tools/list", params: {} }, headers: {} };
    const reply = await postMcp(harness().server.url, bearer, request.body, request.headers);
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    return (reply.body as { result: { tools: unknown } }).result.tools;
  };

  it("matches the snapshot of every tool's name, description, annotations and schemas, in both eras", async () => {
    const legacy = await listOnTheWire("legacy");
    if (process.env["UPDATE_SNAPSHOTS"] === "1") writeFileSync(SNAPSHOT, `${JSON.stringify(legacy, null, 2)}\n`);
    assert.deepEqual(legacy, JSON.parse(readFileSync(SNAPSHOT, "utf8")));
    assert.deepEqual(await listOnTheWire("modern"), legacy);
  });

  it(`stays within ${TOOLS_LIST_BUDGET.toLocaleString("en-US")} bytes, so every request's tool list costs the model little`, async () => {
    const bytes = Buffer.byteLength(JSON.stringify(await listOnTheWire("legacy")));
    assert.ok(bytes <= TOOLS_LIST_BUDGET, `tools/list is ${bytes} bytes, over its budget of ${TOOLS_LIST_BUDGET}: shorten descriptions before raising it`);
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
