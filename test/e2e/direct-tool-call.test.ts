// The direct answer to a plain 2026-07-28 tools/call is the SDK's answer: the same requests, sent to a server that
// answers them directly and to one that sends everything through the SDK, get the same status, media type, body and
// audit trail. Requests the direct path must leave to the SDK (bad headers, a bad envelope, progress, an unknown
// tool) get the SDK's answers from both.
import assert from "node:assert/strict";
import type { AuditEvent } from "../../src/audit/events.js";
import { odataPage } from "../support/fixtures.js";
import { graphError } from "../support/mock-graph.js";
import { useHarness, type Harness } from "../support/harness.js";
import { modernRequest } from "../support/raw-mcp.js";

type Json = Record<string, unknown>;

const ME = { id: "a11ce000-0000-4000-8000-000000000001", displayName: "Alice Example", userPrincipalName: "alice@contoso.com", mail: "alice@contoso.com" };
const MESSAGE = {
  id: "AAMkAGI2TG93AAA=",
  subject: "Q3 budget",
  from: { emailAddress: { name: "Megan Bowen", address: "megan@contoso.com" } },
  toRecipients: [{ emailAddress: { name: "Alice Example", address: "alice@contoso.com" } }],
  receivedDateTime: "2026-11-20T09:15:00Z",
  bodyPreview: "Here is the draft budget for Q3.",
  hasAttachments: false,
  isRead: false,
  webLink: "https://outlook.office365.com/owa/?ItemID=AAMkAGI2TG93AAA%3D&exvsurl=1&viewmodel=ReadMessageItem",
};
const CONTEXT = "https://graph.microsoft.com/v1.0/$metadata#users('alice%40contoso.com')/messages";

interface Answer {
  status: number;
  contentType: string | null;
  body: unknown;
  audit: unknown[];
}

/** What the client and the audit trail see, without what differs by request (ids, timings). */
function comparable(events: readonly AuditEvent[]): unknown[] {
  const VARYING = new Set(["time", "requestId", "durationMs", "clientRequestId"]);
  return JSON.parse(JSON.stringify(events, (key, value: unknown) => (VARYING.has(key) ? undefined : value))) as unknown[];
}

async function answer(harness: Harness, body: unknown, headers: Record<string, string>): Promise<Answer> {
  const before = harness.audit.length;
  const response = await fetch(harness.server.url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream", authorization: `Bearer ${await harness.auth.token("alice-token")}`, ...headers },
    body: JSON.stringify(body),
  });
  const contentType = response.headers.get("content-type");
  const text = await response.text();
  const parsed: unknown = contentType?.startsWith("text/event-stream")
    ? text.split("\n").filter((line) => line.startsWith("data:")).map((line) => JSON.parse(line.slice(5)) as unknown)
    : text ? (JSON.parse(text) as unknown) : undefined;
  return { status: response.status, contentType, body: parsed, audit: comparable(harness.audit.slice(before).filter((e) => e.event !== "auth.success" && e.event !== "obo.exchange")) };
}

const call = (name: string, args: unknown, id: number | string = 7): { body: Json; headers: Record<string, string> } => modernRequest("tools/call", { name, arguments: args }, id as number);

describe("the direct tools/call answer", () => {
  const direct = useHarness({}, { directToolCalls: true });
  const viaSdk = useHarness({}, { directToolCalls: false });

  beforeEach(() => {
    for (const harness of [direct(), viaSdk()]) {
      harness.graph
        .on("getMe", () => ({ body: ME }))
        .on("getMailboxSettings", () => ({ body: { timeZone: "UTC" } }))
        .on("listMessages", (request) => (request.query.get("$search")?.includes("forbidden") ? graphError(403, "ErrorAccessDenied", "Access is denied.") : { body: odataPage(CONTEXT, [MESSAGE]) }));
    }
  });

  const same = async (request: { body: unknown; headers: Record<string, string> }): Promise<Answer> => {
    const ours = await answer(direct(), request.body, request.headers);
    const sdk = await answer(viaSdk(), request.body, request.headers);
    assert.deepEqual(ours, sdk);
    return ours;
  };

  it("answers a successful call exactly as the SDK does, typed complete and naming the server", async () => {
    const { status, contentType, body, audit } = await same(call("outlook_email_search", { query: "budget", limit: 5 }));
    assert.equal(status, 200);
    assert.equal(contentType, "application/json");
    const result = (body as { result: Json }).result;
    assert.equal(result["resultType"], "complete");
    assert.deepEqual(result["_meta"], { "io.modelcontextprotocol/serverInfo": { name: "m365-mcp", version: (result["_meta"] as Record<string, { version: string }>)["io.modelcontextprotocol/serverInfo"]?.version } });
    assert.match(JSON.stringify(result["structuredContent"]), /Q3 budget/);
    assert.deepEqual(audit.map((e) => (e as Json)["event"]), ["tool.call"]);
  });

  it("answers a string id, a call without arguments, a tool error and invalid arguments as the SDK does", async () => {
    assert.equal((await same(call("get_me", {}, "call-1"))).status, 200);
    const noArguments = modernRequest("tools/call", { name: "get_me" });
    assert.equal((await same(noArguments)).status, 200);
    const forbidden = await same(call("outlook_email_search", { query: "forbidden" }));
    assert.equal(((forbidden.body as { result: Json }).result)["isError"], true);
    const invalid = await same(call("outlook_email_search", { limit: "ten" }));
    assert.equal(((invalid.body as { result: Json }).result)["isError"], true);
  });

  it("leaves every request it must not answer to the SDK, in both servers", async () => {
    const { body, headers } = call("get_me", {});
    const params = body["params"] as Json;
    const meta = params["_meta"] as Json;
    const variants: Array<{ body: unknown; headers: Record<string, string> }> = [
      { body, headers: { ...headers, "mcp-name": "outlook_email_search" } },
      { body, headers: { ...headers, "mcp-method": "tools/list" } },
      { body, headers: { ...headers, "mcp-protocol-version": "2025-11-25" } },
      { body, headers: { "mcp-method": "tools/call", "mcp-name": "get_me" } },
      { body, headers: { ...headers, "mcp-name": `=?base64?${Buffer.from("get_me").toString("base64")}?=` } },
      { body: { ...body, params: { ...params, _meta: { ...meta, "io.modelcontextprotocol/clientCapabilities": "none" } } }, headers },
      { body: { ...body, params: { ...params, _meta: { ...meta, "io.modelcontextprotocol/protocolVersion": "2099-01-01" } } }, headers: { ...headers, "mcp-protocol-version": "2099-01-01" } },
      { body: { ...body, params: { ...params, _meta: { ...meta, progressToken: "p1" } } }, headers },
      { body: { ...body, params: { ...params, arguments: ["not", "an", "object"] } }, headers },
      { body: { ...body, id: null }, headers },
      { body: { ...body, params: { ...params, name: "no_such_tool" } }, headers: { ...headers, "mcp-name": "no_such_tool" } },
    ];
    const statuses: number[] = [];
    for (const variant of variants) statuses.push((await same(variant)).status);
    // Refused by the SDK's header, envelope and params rules, except the Base64 Mcp-Name and the progress token
    // (served, the latter as a stream) and the unknown tool (a JSON-RPC error in a 200).
    assert.deepEqual(statuses, [400, 400, 400, 400, 200, 400, 400, 200, 200, 400, 200]);
  });

  it("is not used for the 2025 protocol, whose answers the SDK's transport gives", async () => {
    const legacy = { jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "get_me", arguments: {} } };
    const reply = await same({ body: legacy, headers: { "mcp-protocol-version": "2025-11-25" } });
    assert.equal(reply.status, 200);
    assert.equal(((reply.body as { result: Json }).result)["resultType"], undefined);
  });
});
