// One stateless POST /mcp serves the 2026-07-28 revision and the 2025 ones: the SDK v2 client in each era, the v1
// SDK client, and raw requests for the wire rules the clients hide (envelope, standard headers, cache hints).
import assert from "node:assert/strict";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { Client as V1Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport as V1Transport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { VERSION } from "../../src/version.js";
import { plainMessage } from "../support/fixtures.js";
import { textOf, useHarness } from "../support/harness.js";
import type { Era } from "../support/mcp-client.js";
import { MODERN, modernRequest, postMcp, toolCall } from "../support/raw-mcp.js";

const ME = { id: "a11ce000-0000-4000-8000-000000000001", displayName: "Alice Example", userPrincipalName: "alice@contoso.com", mail: "alice@contoso.com" };
const MESSAGE_ID = "AAMkAGI2TG93AAA=";
const MESSAGE_URI = `m365://mail/${encodeURIComponent(MESSAGE_ID)}`;

type Json = Record<string, unknown>;

describe("protocol eras on one endpoint", () => {
  const harness = useHarness();
  const bearer = async (): Promise<string> => `Bearer ${await harness().auth.token("alice-token")}`;

  beforeEach(() => {
    harness().graph.on("getMe", () => ({ body: ME })).on("getMailboxSettings", () => ({ body: { timeZone: "UTC" } }));
  });

  for (const era of ["modern", "legacy"] as const satisfies readonly Era[]) {
    it(`serves tools and resources to the SDK v2 client in the ${era} era`, async () => {
      const client = await harness().connect("alice-token", era);
      assert.equal(client.getProtocolEra(), era);
      assert.equal((await client.listTools()).tools.length, 9);
      const me = await client.callTool({ name: "get_me", arguments: {} });
      assert.equal((me.structuredContent as { displayName?: string } | undefined)?.displayName, "Alice Example");
      assert.match(textOf(me), /Alice Example/);
      assert.ok((await client.listResourceTemplates()).resourceTemplates.some((t) => t.uriTemplate === "m365://mail/{messageId}"));
      const audit = harness().audit.filter((e) => e.event === "tool.call");
      assert.deepEqual(audit.map((e) => [e["tool"], e["outcome"]]), [["get_me", "ok"]]);
    });
  }

  it("negotiates 2026-07-28 for a client that probes with server/discover", async () => {
    const client = new Client({ name: "auto", version: "1" }, { versionNegotiation: { mode: "auto" } });
    await client.connect(new StreamableHTTPClientTransport(harness().server.url, { requestInit: { headers: { Authorization: await bearer() } } }));
    try {
      assert.equal(client.getProtocolEra(), "modern");
      assert.equal((await client.callTool({ name: "get_me", arguments: {} })).isError, undefined);
    } finally {
      await client.close();
    }
  });

  it("serves the v1 SDK client, which speaks only the 2025 protocol", async () => {
    const client = new V1Client({ name: "v1", version: "1" });
    await client.connect(new V1Transport(harness().server.url, { requestInit: { headers: { Authorization: await bearer() } } }));
    try {
      assert.equal(client.getServerVersion()?.name, "m365-mcp");
      assert.equal((await client.listTools()).tools.length, 9);
      const me = await client.callTool({ name: "get_me", arguments: {} });
      assert.equal((me.structuredContent as { displayName?: string } | undefined)?.displayName, "Alice Example");
    } finally {
      await client.close();
    }
  });

  for (const version of ["2025-11-25", "2025-06-18", "2025-03-26"]) {
    it(`answers initialize for ${version} with that version, and no session`, async () => {
      const reply = await postMcp(harness().server.url, await bearer(), { jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: version, capabilities: {}, clientInfo: { name: "raw", version: "1" } } });
      assert.equal(reply.status, 200);
      assert.equal(((reply.body as Json)["result"] as Json)["protocolVersion"], version);
      assert.equal(reply.headers.get("mcp-session-id"), null);
    });
  }

  it("describes itself through server/discover: the revision, the capabilities and the server's identity", async () => {
    const { body, headers } = modernRequest("server/discover");
    const reply = await postMcp(harness().server.url, await bearer(), body, headers);
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    const result = (reply.body as Json)["result"] as Json;
    assert.ok((result["supportedVersions"] as string[]).includes(MODERN), JSON.stringify(result));
    assert.deepEqual(result["capabilities"], { tools: { listChanged: false }, resources: {} });
    assert.deepEqual((result["_meta"] as Json)["io.modelcontextprotocol/serverInfo"], { name: "m365-mcp", version: VERSION });
  });

  it("gives 2026-07-28 list results cache hints that match what they depend on, and 2025 results none", async () => {
    const tools = modernRequest("tools/list");
    const templates = modernRequest("resources/templates/list");
    const modernTools = ((await postMcp(harness().server.url, await bearer(), tools.body, tools.headers)).body as Json)["result"] as Json;
    const modernTemplates = ((await postMcp(harness().server.url, await bearer(), templates.body, templates.headers)).body as Json)["result"] as Json;
    // The tool list follows the caller's permissions and the admin policy from the next request on.
    assert.deepEqual([modernTools["ttlMs"], modernTools["cacheScope"]], [0, "private"]);
    assert.deepEqual([modernTemplates["ttlMs"], modernTemplates["cacheScope"]], [3_600_000, "public"]);
    const legacy = ((await postMcp(harness().server.url, await bearer(), { jsonrpc: "2.0", id: 1, method: "tools/list" })).body as Json)["result"] as Json;
    assert.equal("ttlMs" in legacy || "cacheScope" in legacy, false);
  });

  it("rejects a 2026-07-28 request whose Mcp-Method or Mcp-Name header disagrees with its body (-32020), with the request's id", async () => {
    const call = modernRequest("tools/call", { name: "get_me", arguments: {} }, 7);
    for (const headers of [{ ...call.headers, "mcp-method": "tools/list" }, { ...call.headers, "mcp-name": "read_resource" }]) {
      const reply = await postMcp(harness().server.url, await bearer(), call.body, headers);
      assert.equal(reply.status, 400);
      assert.deepEqual([(reply.body as Json)["id"], ((reply.body as Json)["error"] as Json)["code"]], [7, -32020]);
    }
    assert.equal(harness().graph.requests.length, 0);
  });

  it("rejects a revision it does not serve with the ones it does (-32022)", async () => {
    const { body, headers } = modernRequest("tools/list");
    const meta = ((body["params"] as Json)["_meta"] as Json);
    meta["io.modelcontextprotocol/protocolVersion"] = "2099-01-01";
    const reply = await postMcp(harness().server.url, await bearer(), body, { ...headers, "mcp-protocol-version": "2099-01-01" });
    assert.equal(reply.status, 400);
    const error = (reply.body as Json)["error"] as Json;
    assert.equal(error["code"], -32022);
    assert.deepEqual((error["data"] as Json)["supported"], [MODERN]);
  });

  it("answers a method the 2026-07-28 revision removed, like initialize, with 404 and -32601", async () => {
    const { body, headers } = modernRequest("initialize", { protocolVersion: MODERN, capabilities: {}, clientInfo: { name: "raw", version: "1" } }, 3);
    const reply = await postMcp(harness().server.url, await bearer(), body, headers);
    assert.equal(reply.status, 404);
    assert.deepEqual([(reply.body as Json)["id"], ((reply.body as Json)["error"] as Json)["code"]], [3, -32601]);
  });

  it("authenticates a 2026-07-28 request before the SDK sees it, answering with the request's id", async () => {
    const { body, headers } = modernRequest("tools/call", { name: "get_me", arguments: {} }, 9);
    const reply = await postMcp(harness().server.url, undefined, body, headers);
    assert.equal(reply.status, 401);
    assert.match(reply.headers.get("www-authenticate") ?? "", /^Bearer resource_metadata="/);
    assert.equal((reply.body as Json)["id"], 9);
    assert.equal(harness().audit.some((e) => e.event === "tool.call"), false);
  });

  it("reads a resource in the 2026-07-28 era, and answers an unknown one as not found with its uri (SEP-2164)", async () => {
    harness().graph.on("getMessage", () => ({ body: plainMessage(MESSAGE_ID) }));
    const read = modernRequest("resources/read", { uri: MESSAGE_URI }, 4);
    const found = await postMcp(harness().server.url, await bearer(), read.body, read.headers);
    assert.equal(found.status, 200, JSON.stringify(found.body));
    const contents = (((found.body as Json)["result"] as Json)["contents"] as Json[]);
    assert.equal(contents[0]?.["uri"], MESSAGE_URI);
    const missing = modernRequest("resources/read", { uri: "test://nonexistent" }, 5);
    const reply = await postMcp(harness().server.url, await bearer(), missing.body, missing.headers);
    assert.equal(reply.status, 200);
    const error = (reply.body as Json)["error"] as Json;
    assert.deepEqual([error["code"], error["data"]], [-32602, { uri: "test://nonexistent" }]);
  });

  it("still caps 2025 batches and answers each message of an allowed one", async () => {
    const reply = await postMcp(harness().server.url, await bearer(), [toolCall("get_me", {}, 1), { jsonrpc: "2.0", id: 2, method: "tools/list" }]);
    assert.equal(reply.status, 200);
    assert.deepEqual((reply.body as Json[]).map((m) => m["id"]).sort(), [1, 2]);
  });
});
