// The Graph deadline (M365_MCP_GRAPH_TIMEOUT_MS) through the real server: a stalled Graph fails the tool call with a
// clear timeout, a throttled request is not retried past the deadline, a stalled group check refuses sign-in, and a
// client that goes away stops the Graph request it was waiting on.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import type { ToolCallEvent } from "../../src/audit/events.js";
import { ALICE, useHarness, type TestUser } from "../support/harness.js";
import { graphError } from "../support/mock-graph.js";
import { toolCalls } from "../support/tool-calls.js";

const TIMEOUT_MS = 1000;
/** A timed-out call answers within the deadline plus this much (server, client and MSW overhead). */
const SLACK_MS = 1500;
const GROUP = "9a000000-0000-4000-8000-0000000000aa";

const MAILBOX_TIMEOUT = "Microsoft Graph did not answer within 1 s while reading this mailbox; try again.";

async function timed<T>(work: Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work;
  return { value, ms: performance.now() - started };
}

describe("Graph requests with M365_MCP_GRAPH_TIMEOUT_MS=1000", () => {
  const dir = mkdtempSync(join(tmpdir(), "m365-timeouts-"));
  const policyPath = join(dir, "policy.yaml");
  writeFileSync(policyPath, "enabled: true\n");
  const harness = useHarness({ M365_MCP_GRAPH_TIMEOUT_MS: String(TIMEOUT_MS), M365_MCP_POLICY_FILE: policyPath });
  const { failure } = toolCalls(harness, "outlook_email_search");
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const toolCall = (): ToolCallEvent | undefined => harness().audit.find((e): e is ToolCallEvent => e.event === "tool.call");

  it("fails a tool call whose Graph request stalls, with a timeout error, once the deadline passes", async () => {
    harness().graph.on("listMessages", async () => {
      await delay(10_000);
      return graphError(500, "generalException");
    });
    const { value, ms } = await timed(failure({ query: "budget" }));
    assert.equal(value, MAILBOX_TIMEOUT);
    assert.ok(ms >= TIMEOUT_MS - 50 && ms < TIMEOUT_MS + SLACK_MS, `answered after ${Math.round(ms)} ms`);
    assert.deepEqual([toolCall()?.errorKind, toolCall()?.errorCode], ["timeout", "graph_504_GraphTimeout"]);
    assert.deepEqual(toolCall()?.graphRequests.map((r) => [r.operationId, r.status]), [["listMessages", "error"]]);
  });

  it("does not retry a throttled request when Graph's Retry-After is past the deadline; the 429 is the answer", async () => {
    harness().graph.on("listMessages", () => {
      const reply = graphError(429, "TooManyRequests", "Application is over its MailboxConcurrency limit.");
      return { ...reply, headers: { ...reply.headers, "Retry-After": "60" } };
    });
    const { value, ms } = await timed(failure({ query: "budget" }));
    assert.equal(value, "Graph is throttling requests for this mailbox; retry after 60 seconds (429 TooManyRequests)");
    assert.ok(ms < TIMEOUT_MS, `answered after ${Math.round(ms)} ms, without waiting`);
    assert.equal(harness().graph.requestsFor("listMessages").length, 1);
  });

  it("stops the Graph request when the client goes away, and audits the call as cancelled", async () => {
    harness().graph.on("listMessages", async () => {
      await delay(10_000);
      return graphError(500, "generalException");
    });
    const client = await harness().connect();
    const call = client.callTool({ name: "outlook_email_search", arguments: { query: "budget" } });
    while (harness().graph.requestsFor("listMessages").length === 0) await delay(10);
    const closedAt = performance.now();
    await client.close();
    await assert.rejects(call);
    while (!toolCall() && performance.now() - closedAt < TIMEOUT_MS + SLACK_MS) await delay(10);
    assert.equal(toolCall()?.errorKind, "cancelled");
    assert.ok(performance.now() - closedAt < TIMEOUT_MS - 200, "the call ended when the client left, not at the deadline");
  });

  it("refuses sign-in when the group check stalls past the deadline (fail closed)", async () => {
    writeFileSync(policyPath, `allowedGroups: [${GROUP}]\ngroupCacheSeconds: 300\n`);
    harness().graph.on("checkMyMemberGroups", async () => {
      await delay(10_000);
      return { body: { "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#Collection(Edm.String)", value: [GROUP] } };
    });
    const user: TestUser = { ...ALICE, userId: "a11ce000-0000-4000-8000-0000000000f1" };
    const token = await harness().entra.token(user, { claims: { hasgroups: true } });
    const initialize = { jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } } };
    const { value: response, ms } = await timed(
      fetch(harness().server.url, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json, text/event-stream", authorization: `Bearer ${token}` },
        body: JSON.stringify(initialize),
      }),
    );
    assert.equal(response.status, 403);
    assert.deepEqual(await response.json(), {
      jsonrpc: "2.0",
      error: {
        code: -32000,
        message:
          "Your access could not be confirmed, so it is refused: the server could not check your group memberships with Microsoft Graph (504 GraphTimeout). Try again in a few minutes.",
      },
      id: 1,
    });
    assert.ok(ms >= TIMEOUT_MS - 50 && ms < TIMEOUT_MS + SLACK_MS, `answered after ${Math.round(ms)} ms`);
    writeFileSync(policyPath, "enabled: true\n");
  });
});
