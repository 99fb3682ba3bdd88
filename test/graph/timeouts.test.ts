// The Graph deadline (M365_MCP_GRAPH_TIMEOUT_MS) through the real server: a stalled Graph fails the tool call with a
// clear timeout, a throttled request is not retried past the deadline, a stalled group check refuses sign-in, and a
// client that goes away stops the Graph request it was waiting on.
//
// No test here depends on how fast the machine is. A stalled Graph stalls until the test releases it (test/support/
// stall.ts), so only the server's deadline can end the call; the time a call takes is checked only against bounds
// that follow from the logic (not before the deadline) or that are far from anything a loaded machine reaches. The
// tests that must tell "at once" from "at the deadline" run under a deadline no test ever reaches.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import type { ToolCallEvent } from "../../src/audit/events.js";
import { ALICE, useHarness, type Harness, type TestUser } from "../support/harness.js";
import { graphError } from "../support/mock-graph.js";
import { withStall } from "../support/stall.js";
import { toolCalls } from "../support/tool-calls.js";

const GROUP = "9a000000-0000-4000-8000-0000000000aa";

async function timed<T>(work: Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work;
  return { value, ms: performance.now() - started };
}

const toolCallOf = (harness: () => Harness): ToolCallEvent | undefined => harness().audit.find((e): e is ToolCallEvent => e.event === "tool.call");

describe("Graph requests with M365_MCP_GRAPH_TIMEOUT_MS=1000", function () {
  // Starting a harness makes RSA keys, seconds of work on a loaded machine: a hang detector, not a measure of speed.
  this.timeout(60_000);
  const TIMEOUT_MS = 1000;
  /**
   * A call that the deadline ends answers within this. The bound only tells "ended by the deadline" from "never
   * ended" (a stalled Graph never answers on its own), so it is ten times the deadline, far above a loaded machine's
   * overhead. The lower bound, the deadline itself, is the logic: the clock starts before the request is sent.
   */
  const ENDED_BY_DEADLINE_MS = 10 * TIMEOUT_MS;
  const MAILBOX_TIMEOUT = "Microsoft Graph did not answer within 1 s while reading this mailbox; try again.";
  const dir = mkdtempSync(join(tmpdir(), "m365-timeouts-"));
  const policyPath = join(dir, "policy.yaml");
  writeFileSync(policyPath, "enabled: true\n");
  const harness = useHarness({ M365_MCP_GRAPH_TIMEOUT_MS: String(TIMEOUT_MS), M365_MCP_POLICY_FILE: policyPath });
  const { failure } = toolCalls(harness, "outlook_email_search");
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("fails a tool call whose Graph request stalls, with a timeout error, once the deadline passes", async () => {
    const { value, ms } = await withStall(async (stall) => {
      harness().graph.on("listMessages", async () => {
        await stall.until();
        return graphError(500, "generalException");
      });
      return await timed(failure({ query: "budget" }));
    });
    assert.equal(value, MAILBOX_TIMEOUT);
    assert.ok(ms >= TIMEOUT_MS - 50 && ms < ENDED_BY_DEADLINE_MS, `answered after ${Math.round(ms)} ms`);
    const toolCall = toolCallOf(harness);
    assert.deepEqual([toolCall?.errorKind, toolCall?.errorCode], ["timeout", "graph_504_GraphTimeout"]);
    assert.deepEqual(toolCall?.graphRequests.map((r) => [r.operationId, r.status]), [["listMessages", "error"]]);
  });

  it("refuses sign-in when the group check stalls past the deadline (fail closed)", async () => {
    writeFileSync(policyPath, `allowedGroups: [${GROUP}]\ngroupCacheSeconds: 300\n`);
    try {
      const user: TestUser = { ...ALICE, userId: "a11ce000-0000-4000-8000-0000000000f1" };
      const token = await harness().entra.token(user, { claims: { hasgroups: true } });
      const initialize = { jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } } };
      const { value: response, ms } = await withStall(async (stall) => {
        harness().graph.on("checkMyMemberGroups", async () => {
          await stall.until();
          return { body: { "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#Collection(Edm.String)", value: [GROUP] } };
        });
        return await timed(
          fetch(harness().server.url, {
            method: "POST",
            headers: { "content-type": "application/json", accept: "application/json, text/event-stream", authorization: `Bearer ${token}` },
            body: JSON.stringify(initialize),
          }),
        );
      });
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
      assert.ok(ms >= TIMEOUT_MS - 50 && ms < ENDED_BY_DEADLINE_MS, `answered after ${Math.round(ms)} ms`);
    } finally {
      writeFileSync(policyPath, "enabled: true\n");
    }
  });
});

describe("Graph requests with M365_MCP_GRAPH_TIMEOUT_MS=30000, a deadline these tests never reach", function () {
  this.timeout(60_000);
  const TIMEOUT_MS = 30_000;
  /**
   * What "at once, not at the deadline" means here: a third of the deadline, which is over a hundred times what the
   * call takes on an idle machine. A call that waited for Retry-After or for the deadline could not answer before it.
   */
  const AT_ONCE_MS = TIMEOUT_MS / 3;
  const harness = useHarness({ M365_MCP_GRAPH_TIMEOUT_MS: String(TIMEOUT_MS) });
  const { failure } = toolCalls(harness, "outlook_email_search");

  it("does not retry a throttled request when Graph's Retry-After is past the deadline; the 429 is the answer", async () => {
    harness().graph.on("listMessages", () => {
      const reply = graphError(429, "TooManyRequests", "Application is over its MailboxConcurrency limit.");
      return { ...reply, headers: { ...reply.headers, "Retry-After": "60" } };
    });
    const { value, ms } = await timed(failure({ query: "budget" }));
    assert.equal(value, "Graph is throttling requests for this mailbox; retry after 60 seconds (429 TooManyRequests)");
    assert.ok(ms < AT_ONCE_MS, `answered after ${Math.round(ms)} ms, without waiting`);
    assert.equal(harness().graph.requestsFor("listMessages").length, 1);
  });

  it("stops the Graph request when the client goes away, and audits the call as cancelled", async () => {
    await withStall(async (stall) => {
      harness().graph.on("listMessages", async () => {
        await stall.until();
        return graphError(500, "generalException");
      });
      const client = await harness().connect();
      const call = client.callTool({ name: "outlook_email_search", arguments: { query: "budget" } });
      while (harness().graph.requestsFor("listMessages").length === 0) await delay(10);
      const closedAt = performance.now();
      await client.close();
      await assert.rejects(call);
      // Graph never answers and the deadline is far off: only the client's leaving can end the call.
      while (!toolCallOf(harness) && performance.now() - closedAt < AT_ONCE_MS) await delay(10);
      assert.ok(toolCallOf(harness), "the call ended when the client left, not at the deadline");
      assert.equal(toolCallOf(harness)?.errorKind, "cancelled");
    });
  });
});
