import assert from "node:assert/strict";
import { request } from "node:http";
import { ProtocolError } from "@modelcontextprotocol/client";
import { useHarness } from "../support/harness.js";

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

const INIT = { jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } } };

/** A raw HTTP request, so tests control every header (fetch would normalise Host and Origin). */
function raw(url: URL, options: { method?: string; headers?: Record<string, string>; body?: string }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? "POST", headers: options.headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        body += chunk;
      });
      res.on("end", () => { resolve({ status: res.statusCode ?? 0, headers: res.headers, body }); });
    });
    req.on("error", reject);
    req.end(options.body);
  });
}

let good: Record<string, string>;

describe("HTTP hygiene on /mcp", () => {
  const harness = useHarness({ M365_MCP_ALLOWED_ORIGINS: "https://claude.ai", M365_MCP_MAX_BODY_BYTES: "2048" });
  const url = (): URL => harness().server.url;
  before(async () => {
    good = { "content-type": "application/json", accept: "application/json, text/event-stream", authorization: `Bearer ${await harness().auth.token("alice-token")}` };
  });

  it("answers initialize with JSON when the client accepts only JSON", async () => {
    const res = await raw(url(), { headers: { ...good, accept: "application/json" }, body: JSON.stringify(INIT) });
    assert.equal(res.status, 200);
    assert.match(String(res.headers["content-type"]), /^application\/json/);
    assert.equal((JSON.parse(res.body) as { result: { serverInfo: { name: string } } }).result.serverInfo.name, "m365-mcp");
  });

  it("streams the reply as SSE when the request asks for progress", async () => {
    const body = { ...INIT, params: { ...INIT.params, _meta: { progressToken: "p1" } } };
    const res = await raw(url(), { headers: good, body: JSON.stringify(body) });
    assert.equal(res.status, 200);
    assert.match(String(res.headers["content-type"]), /^text\/event-stream/);
    assert.match(res.body, /^event: message\ndata: \{.*"serverInfo"/m);
  });

  it("refuses a wrong content type with 415", async () => {
    const res = await raw(url(), { headers: { ...good, "content-type": "text/plain" }, body: JSON.stringify(INIT) });
    assert.equal(res.status, 415);
    assert.deepEqual(JSON.parse(res.body), { jsonrpc: "2.0", error: { code: -32000, message: "The MCP endpoint accepts only application/json request bodies." }, id: null });
  });

  it("refuses a client that accepts neither JSON nor SSE with 406", async () => {
    const res = await raw(url(), { headers: { ...good, accept: "text/html" }, body: JSON.stringify(INIT) });
    assert.equal(res.status, 406);
  });

  it("answers malformed JSON with a JSON-RPC parse error", async () => {
    const res = await raw(url(), { headers: good, body: '{"jsonrpc": "2.0", "id": 1, "method": ' });
    assert.equal(res.status, 400);
    assert.deepEqual(JSON.parse(res.body), { jsonrpc: "2.0", error: { code: -32700, message: "Parse error: the request body is not valid JSON." }, id: null });
  });

  it("answers a JSON value that is not a message with an invalid-request error", async () => {
    const res = await raw(url(), { headers: good, body: "42" });
    assert.equal(res.status, 400);
    assert.equal((JSON.parse(res.body) as { error: { code: number } }).error.code, -32600);
  });

  it("caps the body size with 413", async () => {
    const res = await raw(url(), { headers: good, body: JSON.stringify({ ...INIT, padding: "x".repeat(4096) }) });
    assert.equal(res.status, 413);
    assert.equal((JSON.parse(res.body) as { error: { message: string } }).error.message, "The request body is larger than this server accepts.");
  });

  it("refuses a foreign browser Origin with 403 and admits an allowed one", async () => {
    const bad = await raw(url(), { headers: { ...good, origin: "https://evil.example" }, body: JSON.stringify(INIT) });
    assert.equal(bad.status, 403);
    assert.match(bad.body, /origin are not allowed/);
    const ok = await raw(url(), { headers: { ...good, origin: "https://claude.ai" }, body: JSON.stringify(INIT) });
    assert.equal(ok.status, 200);
  });

  it("admits the server's own origin, and refuses a look-alike", async () => {
    const own = await raw(url(), { headers: { ...good, origin: `http://${url().host}` }, body: JSON.stringify(INIT) });
    assert.equal(own.status, 200);
    for (const origin of [`http://${url().hostname}:1`, `ftp://${url().host}`, "null"]) {
      const foreign = await raw(url(), { headers: { ...good, origin }, body: JSON.stringify(INIT) });
      assert.equal(foreign.status, 403, origin);
    }
  });

  it("answers an allowed origin's CORS preflight and exposes the challenge header to it", async () => {
    const preflight = await raw(url(), {
      method: "OPTIONS",
      headers: { origin: "https://claude.ai", "access-control-request-method": "POST", "access-control-request-headers": "authorization, content-type" },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers["access-control-allow-origin"], "https://claude.ai");
    assert.equal(preflight.headers["access-control-allow-methods"], "POST");
    assert.equal(preflight.headers["access-control-allow-headers"], "Authorization, Content-Type, Accept, Mcp-Protocol-Version");
    const refused = await raw(url(), { headers: { "content-type": "application/json", accept: "application/json", origin: "https://claude.ai" }, body: JSON.stringify(INIT) });
    assert.equal(refused.status, 401);
    assert.equal(refused.headers["access-control-allow-origin"], "https://claude.ai");
    assert.equal(refused.headers["access-control-expose-headers"], "WWW-Authenticate, Retry-After, X-Request-Id");
    const foreign = await raw(url(), { method: "OPTIONS", headers: { origin: "https://evil.example", "access-control-request-method": "POST" } });
    assert.equal(foreign.status, 403);
    assert.equal(foreign.headers["access-control-allow-origin"], undefined);
  });

  it("refuses a batch of more than 20 messages", async () => {
    const batch = Array.from({ length: 21 }, (_, i) => ({ jsonrpc: "2.0", id: i, method: "tools/list" }));
    const res = await raw(url(), { headers: good, body: JSON.stringify(batch) });
    assert.equal(res.status, 400);
    assert.deepEqual(JSON.parse(res.body), { jsonrpc: "2.0", error: { code: -32600, message: "Invalid request: a batch may hold at most 20 messages." }, id: null });
  });

  it("describes itself at /, where the protected-resource metadata's documentation link points", async () => {
    const res = await raw(new URL("/", url()), { method: "GET" });
    assert.equal(res.status, 200);
    assert.match(res.body, /^m365-mcp \S+: a read-only Microsoft 365 connector for MCP clients/);
    assert.match(res.body, /^MCP endpoint: https:\/\/mcp\.contoso\.test\/mcp$/m);
    assert.match(res.body, /^Protected-resource metadata: https:\/\/mcp\.contoso\.test\/\.well-known\/oauth-protected-resource\/mcp$/m);
  });

  it("refuses an unknown Host header (DNS rebinding) with 421", async () => {
    const res = await raw(url(), { headers: { ...good, host: "attacker.example:80" }, body: JSON.stringify(INIT) });
    assert.equal(res.status, 421);
    assert.match(res.body, /does not answer to that Host header/);
  });

  it("answers GET and DELETE on /mcp with 405 and Allow: POST", async () => {
    for (const method of ["GET", "DELETE"]) {
      const res = await raw(url(), { method, headers: { accept: "text/event-stream", authorization: good["authorization"] ?? "" } });
      assert.equal(res.status, 405);
      assert.equal(res.headers["allow"], "POST");
    }
  });

  it("refuses a request without credentials with 401 and a challenge", async () => {
    const res = await raw(url(), { headers: { "content-type": "application/json", accept: "application/json" }, body: JSON.stringify(INIT) });
    assert.equal(res.status, 401);
    assert.match(String(res.headers["www-authenticate"]), /^Bearer /);
  });

  it("serves health and readiness probes", async () => {
    const health = await raw(new URL("/healthz", url()), { method: "GET" });
    assert.deepEqual([health.status, JSON.parse(health.body)], [200, { status: "ok" }]);
    const ready = await raw(new URL("/readyz", url()), { method: "GET" });
    assert.deepEqual([ready.status, JSON.parse(ready.body)], [200, { status: "ready" }]);
  });

  it("answers an unknown tool with a JSON-RPC error, not a result", async () => {
    const client = await harness().connect();
    await assert.rejects(
      () => client.callTool({ name: "delete_everything", arguments: {} }),
      (error: unknown) => error instanceof ProtocolError && error.code === -32602 && /Unknown tool: delete_everything/.test(error.message),
    );
  });

  it("turns a Graph reply that is not JSON into a clear tool error without internals", async () => {
    const { graph } = harness();
    graph.on("getMe", () => ({ raw: "<html>upstream proxy error</html>" }));
    graph.on("getMailboxSettings", () => ({ body: { timeZone: "UTC" } }));
    const client = await harness().connect();
    const result = await client.callTool({ name: "get_me", arguments: {} });
    assert.equal(result.isError, true);
    assert.equal((result.content[0] as { text: string }).text, "Graph sent a reply that could not be read for the signed-in user (502 InvalidResponse)");
  });

  it("keeps working for a real SDK client over SSE with progress", async () => {
    const { graph } = harness();
    graph.on("getMe", () => ({ body: { id: "x", displayName: "A", userPrincipalName: "a@contoso.com" } }));
    graph.on("getMailboxSettings", () => ({ body: { timeZone: "UTC" } }));
    const client = await harness().connect();
    const result = await client.callTool({ name: "get_me", arguments: {} }, { onprogress: () => undefined });
    assert.equal((result.structuredContent as { displayName: string }).displayName, "A");
  });
});
