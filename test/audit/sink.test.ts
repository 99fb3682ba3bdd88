import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Writable } from "node:stream";
import type { AuditEvent } from "../../src/audit/events.js";
import { createAuditSink, memoryAuditSink } from "../../src/audit/sink.js";
import { toolCallEvent } from "../../src/audit/tool-call.js";
import { ConfigError } from "../../src/config/load.js";

const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const USER = "a11ce000-0000-4000-8000-000000000001";
const UPN = "alice@contoso.com";
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
// A real-shaped access token (header {"alg":"RS256","typ":"JWT"}); it must never reach a log line.
const JWT = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJhdWQiOiJhcGk6Ly9tMzY1LW1jcCIsIm9pZCI6ImExMWNlIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ";

function capture(): { stream: Writable; lines: () => string[] } {
  let text = "";
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString("utf8");
      done();
    },
  });
  return { stream, lines: () => text.split("\n").filter(Boolean) };
}

/** The line as an object, its time checked and then left out so the rest compares exactly. */
function parsed(line: string, before: number): Record<string, unknown> {
  const { time, ...rest } = JSON.parse(line) as Record<string, unknown>;
  assert.match(String(time), ISO_TIME);
  const at = Date.parse(String(time));
  assert.ok(at >= before && at <= Date.now(), `time ${String(time)} is not the time of emitting`);
  return rest;
}

const EVENTS: AuditEvent[] = [
  { event: "auth.success", requestId: "req-1", tenantId: TENANT, userId: USER, upn: UPN, clientAppId: "c0ffee00-0000-4000-8000-000000000003" },
  { event: "auth.failure", requestId: "req-2", reason: "wrong_audience", status: 401 },
  { event: "auth.failure", requestId: "req-3", tenantId: TENANT, userId: USER, reason: "tenant_not_allowed", status: 403 },
  { event: "obo.exchange", requestId: "req-4", tenantId: TENANT, userId: USER, upn: UPN, source: "network", outcome: "ok", durationMs: 142 },
  {
    event: "obo.exchange",
    requestId: "req-5",
    tenantId: TENANT,
    userId: USER,
    source: "network",
    outcome: "error",
    aadsts: "AADSTS65001",
    errorCode: "invalid_grant",
    correlationId: "0b5e4b2c-3f1d-4a8e-9d5c-1e2f3a4b5c6d",
    durationMs: 412,
  },
  { event: "policy.denied", requestId: "req-6", tenantId: TENANT, userId: USER, upn: UPN, reason: "connector_disabled", tool: "chat_message_search" },
  toolCallEvent({
    tool: "outlook_email_search",
    caller: { tenantId: TENANT, userId: USER, upn: UPN },
    requestId: "req-7",
    args: { query: "quarterly budget", limit: 1 },
    structured: { messages: [{ id: "AAMkAD1", uri: "m365://mail/AAMkAD1", subject: "Budget" }] },
    graphRequests: [{ operationId: "listMessages", clientRequestId: "4f1c0d3e-0000-4000-8000-000000000010", requestId: "9a1b2c3d-0000-4000-8000-000000000011", status: "ok" }],
    outcome: "ok",
    durationMs: 87.6,
    logQueries: false,
  }),
];

const EXPECTED_TOOL_CALL = {
  stream: "audit",
  event: "tool.call",
  requestId: "req-7",
  tenantId: TENANT,
  userId: USER,
  upn: UPN,
  tool: "outlook_email_search",
  arguments: { query: { length: 16, sha256: "25728b7d3cabd80eff7e91c56193b737c6f10a22df57ca57964bccd04a09f5fe" }, limit: 1 },
  resources: ["m365://mail/AAMkAD1"],
  resultCount: 1,
  graphRequests: [{ operationId: "listMessages", clientRequestId: "4f1c0d3e-0000-4000-8000-000000000010", requestId: "9a1b2c3d-0000-4000-8000-000000000011", status: "ok" }],
  outcome: "ok",
  durationMs: 88,
};

describe("audit sink", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "m365-audit-"));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("writes each event as one JSON line tagged stream=audit with an ISO time and exactly the event's fields", async () => {
    const out = capture();
    const sink = createAuditSink({ stream: out.stream });
    const before = Date.now();
    for (const event of EVENTS) sink.emit(event);
    await sink.close();
    const lines = out.lines();
    assert.equal(lines.length, EVENTS.length);
    EVENTS.slice(0, -1).forEach((event, i) => {
      assert.deepEqual(parsed(lines[i] ?? "", before), { stream: "audit", ...event });
    });
    assert.deepEqual(parsed(lines.at(-1) ?? "", before), EXPECTED_TOOL_CALL);
    // No pino level, pid or hostname: only the tag, the time and the event.
    assert.match(lines[1] ?? "", /^\{"stream":"audit","time":"[^"]+","event":"auth.failure","requestId":"req-2","reason":"wrong_audience","status":401\}$/);
  });

  it("writes to stdout when no stream is given", () => {
    const script = [
      'import { createAuditSink } from "./src/audit/sink.ts";',
      "const sink = createAuditSink({});",
      'sink.emit({ event: "auth.failure", requestId: "req-1", reason: "malformed", status: 401 });',
      "await sink.close();",
    ].join("\n");
    const stdout = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      cwd: fileURLToPath(new URL("../..", import.meta.url)),
      encoding: "utf8",
    });
    const lines = stdout.split("\n").filter(Boolean);
    assert.equal(lines.length, 1);
    const { time, ...rest } = JSON.parse(lines[0] ?? "") as Record<string, unknown>;
    assert.match(String(time), ISO_TIME);
    assert.deepEqual(rest, { stream: "audit", event: "auth.failure", requestId: "req-1", reason: "malformed", status: 401 });
  });

  it("appends the same lines to the audit file, created with mode 0600, and flushes it on close", async () => {
    const out = capture();
    const file = join(dir, "audit.log");
    const sink = createAuditSink({ stream: out.stream, file });
    for (const event of EVENTS) sink.emit(event);
    await sink.close();
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const fileLines = readFileSync(file, "utf8").split("\n").filter(Boolean);
    assert.deepEqual(fileLines, out.lines());
    assert.equal(fileLines.length, EVENTS.length);
  });

  it("appends to an existing audit file instead of replacing it", async () => {
    const file = join(dir, "audit.log");
    writeFileSync(file, '{"earlier":"line"}\n', { mode: 0o600 });
    const sink = createAuditSink({ stream: capture().stream, file });
    sink.emit({ event: "auth.failure", requestId: "req-9", reason: "expired", status: 401 });
    await sink.close();
    const lines = readFileSync(file, "utf8").split("\n").filter(Boolean);
    assert.equal(lines.length, 2);
    assert.equal(lines[0], '{"earlier":"line"}');
    assert.equal((JSON.parse(lines[1] ?? "") as { reason: string }).reason, "expired");
  });

  it("refuses at startup an audit file it cannot open, naming the setting", () => {
    const file = join(dir, "missing-dir", "audit.log");
    assert.throws(
      () => createAuditSink({ stream: capture().stream, file }),
      (error: unknown) => error instanceof ConfigError && error.message === `Invalid configuration:\n  M365_MCP_AUDIT_FILE: cannot open ${file} for appending (ENOENT)`,
    );
  });

  it("ignores events emitted after close", async () => {
    const out = capture();
    const file = join(dir, "audit.log");
    const sink = createAuditSink({ stream: out.stream, file });
    sink.emit({ event: "auth.failure", requestId: "req-1", reason: "expired", status: 401 });
    await sink.close();
    sink.emit({ event: "auth.failure", requestId: "req-2", reason: "expired", status: 401 });
    await sink.close();
    assert.equal(out.lines().length, 1);
    assert.equal(readFileSync(file, "utf8").split("\n").filter(Boolean).length, 1);
  });

  it("redacts JWTs and Bearer values in any field, and secret-named fields, without changing the caller's object", async () => {
    const out = capture();
    const sink = createAuditSink({ stream: out.stream });
    const mistaken = {
      ...toolCallEvent({
        tool: "read_resource",
        caller: { tenantId: TENANT, userId: USER, upn: `Bearer ${JWT}` },
        requestId: "req-1",
        args: { uri: "m365://mail/AAMkAD1", note: JWT, attendees: ["bob@contoso.com", `Authorization: Bearer ${JWT}`] },
        graphRequests: [],
        outcome: "error",
        durationMs: 5,
        logQueries: true,
      }),
      errorCode: `token ${JWT} rejected`,
      authorization: "Basic dXNlcjpwYXNz",
      headers: { authorization: "Negotiate abc" },
      attempts: [{ token: "opaque-refresh-token" }],
    };
    const copy = structuredClone(mistaken);
    sink.emit(mistaken);
    await sink.close();
    const line = out.lines()[0] ?? "";
    assert.ok(!line.includes("eyJ"), line);
    assert.ok(!line.includes("dXNlcjpwYXNz") && !line.includes("Negotiate") && !line.includes("opaque-refresh-token"), line);
    const event = JSON.parse(line) as Record<string, unknown>;
    assert.equal(event["upn"], "[redacted]");
    assert.equal(event["errorCode"], "token [redacted] rejected");
    assert.deepEqual(event["arguments"], { uri: "m365://mail/AAMkAD1", note: "[redacted]", attendees: ["bob@contoso.com", "Authorization: [redacted]"] });
    assert.equal(event["authorization"], "[redacted]");
    assert.deepEqual(event["headers"], { authorization: "[redacted]" });
    assert.deepEqual(event["attempts"], [{ token: "[redacted]" }]);
    assert.deepEqual(mistaken, copy);
  });

  it("keeps events in memory for tests", () => {
    const sink = memoryAuditSink();
    sink.emit(EVENTS[0] as AuditEvent);
    sink.emit(EVENTS[1] as AuditEvent);
    assert.deepEqual(sink.events, [EVENTS[0], EVENTS[1]]);
  });
});
