// The admin policy through the real server: sign-in with real tokens, the policy file re-read between requests,
// refusals as the client sees them (status, message, headers) and the policy.denied audit events they leave.
import assert from "node:assert/strict";
import { mkdtempSync, renameSync, rmSync, unlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SdkHttpError, type Client, type CallToolResult } from "@modelcontextprotocol/client";
import type { PolicyDeniedEvent } from "../../src/audit/events.js";
import { ALL_SCOPES, textOf, useHarness, type TestUser } from "../support/harness.js";
import { graphError, type GraphRequest } from "../support/mock-graph.js";

const TENANT_A = "a0000000-0000-4000-8000-00000000000a";
const TENANT_B = "b0000000-0000-4000-8000-00000000000b";
const TENANT_C = "c0000000-0000-4000-8000-00000000000c";
const GROUP_1 = "9a000000-0000-4000-8000-000000000001";
const GROUP_2 = "9a000000-0000-4000-8000-000000000002";

const INIT = { jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } } };
const callTool = (name: string, args: Record<string, unknown> = {}, id = 2): Record<string, unknown> => ({ jsonrpc: "2.0", id, method: "tools/call", params: { name, arguments: args } });

const DISABLED_GLOBALLY = "The Microsoft 365 connector is turned off by the server's administrator.";
const DISABLED_FOR_TENANT = "The Microsoft 365 connector is turned off for your organization by the server's administrator.";
const NOT_IN_GROUP = "You are not a member of a group allowed to use this Microsoft 365 connector. Ask your administrator to add you to one of the allowed groups.";
const tenantNotAllowed = (tenantId: string): string =>
  `This Microsoft 365 connector does not serve your organization (tenant ${tenantId}): tenant not allowed. Ask the server's administrator to allow your tenant.`;

/** A fresh user per test: the server keeps group answers and rate-limit windows per user for the whole suite. */
let serial = 0;
function newUser(tenantId: string): TestUser {
  serial += 1;
  const n = String(serial).padStart(12, "0");
  return { tenantId, userId: `e2e00000-0000-4000-8000-${n}`, upn: `user${serial}@${tenantId.slice(0, 1)}.example`, scopes: ALL_SCOPES };
}

/** The user a Graph request acts for, from the verified Graph token the simulated Entra issued them. */
const graphUserOf = (request: GraphRequest): string => request.caller.userId;

const profile = (userId: string): Record<string, unknown> => ({
  "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users(id,displayName,mail,userPrincipalName,jobTitle)/$entity",
  id: userId,
  displayName: `Profile of ${userId}`,
  mail: `${userId}@example.test`,
  userPrincipalName: `${userId}@example.test`,
  jobTitle: null,
});

interface Reply {
  status: number;
  headers: Headers;
  body: unknown;
}

/** A policy file in a directory of its own; each write gets a new modification time so the server sees the change. */
function policyFile(initial: string): { path: string; write: (text: string) => void; replace: (text: string) => void; unlink: () => void; cleanUp: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "m365-policy-e2e-"));
  const path = join(dir, "policy.yaml");
  let mtime = 1_800_000_000;
  const write = (text: string, target = path): void => {
    writeFileSync(target, text);
    mtime += 10;
    utimesSync(target, mtime, mtime);
  };
  write(initial);
  return {
    path,
    write: (text) => {
      write(text);
    },
    replace: (text) => {
      write(text, `${path}.new`);
      renameSync(`${path}.new`, path);
    },
    unlink: () => {
      unlinkSync(path);
    },
    cleanUp: () => {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe("admin policy, end to end", () => {
  const policy = policyFile("enabled: true\n");
  const harness = useHarness({ M365_MCP_POLICY_FILE: policy.path });
  after(() => {
    policy.cleanUp();
  });

  /** Signs the user in (their token is minted once per name) and returns that token. */
  async function tokenOf(user: TestUser): Promise<string> {
    harness().auth.add(user.userId, user);
    return harness().auth.token(user.userId);
  }

  async function post(token: string, message: unknown): Promise<Reply> {
    const res = await fetch(harness().server.url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream", authorization: `Bearer ${token}` },
      body: JSON.stringify(message),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as unknown) : undefined };
  }

  /** The JSON-RPC error of a refused request, which carries that request's id (INIT's is 1). */
  const refusal = (message: string, id = 1): unknown => ({ jsonrpc: "2.0", error: { code: -32000, message }, id });

  async function connectAs(user: TestUser): Promise<Client> {
    return harness().connectWithToken(await tokenOf(user));
  }

  async function toolNames(user: TestUser): Promise<string[]> {
    const client = await connectAs(user);
    return (await client.listTools()).tools.map((t) => t.name);
  }

  function denials(): PolicyDeniedEvent[] {
    return harness().audit.filter((e): e is PolicyDeniedEvent => e.event === "policy.denied");
  }

  /** The policy.denied event a refused request left, matched by the request id the response carries. */
  function deniedEvent(reply: Reply, user: TestUser, reason: PolicyDeniedEvent["reason"]): PolicyDeniedEvent {
    return { event: "policy.denied", reason, requestId: reply.headers.get("x-request-id") ?? "(no x-request-id)", tenantId: user.tenantId, userId: user.userId, upn: user.upn };
  }

  function mockProfiles(): void {
    harness()
      .graph.on("getMe", (request) => ({ body: profile(graphUserOf(request)) }))
      .on("getMailboxSettings", () => graphError(403, "ErrorAccessDenied", "Access is denied."));
  }

  describe("the connector switch", () => {
    it("turns the connector off for everyone with a 403 and the policy's message", async () => {
      const user = newUser(TENANT_A);
      const token = await tokenOf(user);
      policy.write("enabled: false\n");
      const reply = await post(token, INIT);
      assert.equal(reply.status, 403);
      assert.deepEqual(reply.body, refusal(DISABLED_GLOBALLY));
      assert.deepEqual(denials(), [deniedEvent(reply, user, "connector_disabled")]);
      assert.equal(harness().entra.tokenRequests.length, 0, "a refused tenant costs no token exchange");
      assert.equal(harness().graph.requests.length, 0);
      await assert.rejects(connectAs(user), (error: unknown) => {
        assert.ok(error instanceof SdkHttpError);
        // The SDK client reports the status; the policy's message is the body checked on the raw reply above.
        assert.equal(error.status, 403);
        return true;
      });
    });

    it("turns it off for one tenant while others are served, and a tenant's own switch overrides the top level", async () => {
      const a = newUser(TENANT_A);
      const b = newUser(TENANT_B);
      policy.write(`enabled: true\ntenants:\n  ${TENANT_B}:\n    enabled: false\n`);
      const refused = await post(await tokenOf(b), INIT);
      assert.equal(refused.status, 403);
      assert.deepEqual(refused.body, refusal(DISABLED_FOR_TENANT));
      assert.equal((await post(await tokenOf(a), INIT)).status, 200);
      assert.deepEqual(denials(), [deniedEvent(refused, b, "connector_disabled")]);

      policy.write(`enabled: false\ntenants:\n  ${TENANT_A}:\n    enabled: true\n`);
      assert.equal((await post(await tokenOf(a), INIT)).status, 200, "tenant A's own switch is on");
      const off = await post(await tokenOf(b), INIT);
      assert.equal(off.status, 403);
      assert.deepEqual(off.body, refusal(DISABLED_GLOBALLY));
    });
  });

  describe("allowed tenants", () => {
    it("refuses a tenant outside allowedTenants with 403 'tenant not allowed' and serves the listed ones", async () => {
      const a = newUser(TENANT_A);
      const c = newUser(TENANT_C);
      policy.write(`allowedTenants: [${TENANT_A.toUpperCase()}, ${TENANT_B}]\n`);
      const reply = await post(await tokenOf(c), INIT);
      assert.equal(reply.status, 403);
      assert.deepEqual(reply.body, refusal(tenantNotAllowed(TENANT_C)));
      assert.match((reply.body as { error: { message: string } }).error.message, /tenant not allowed/);
      assert.equal((await post(await tokenOf(a), INIT)).status, 200, "tenant ids compare without regard to case");
      assert.deepEqual(denials(), [deniedEvent(reply, c, "tenant_not_allowed")]);
      assert.deepEqual(harness().entra.tokenRequests.map((r) => r.tenant), [TENANT_A], "only the allowed tenant's token was exchanged");
    });
  });

  describe("disabled tools", () => {
    it("hides a tool disabled for one tenant, refuses a call naming it, and leaves other tenants untouched", async () => {
      const a = newUser(TENANT_A);
      const b = newUser(TENANT_B);
      policy.write(`disabledTools: [find_meeting_availability]\ntenants:\n  ${TENANT_A}:\n    disabledTools: [get_me]\n`);
      mockProfiles();

      const namesA = await toolNames(a);
      assert.equal(namesA.includes("get_me"), false);
      assert.equal(namesA.includes("find_meeting_availability"), false, "the top-level list applies too");
      assert.equal(namesA.includes("outlook_email_search"), true);
      const namesB = await toolNames(b);
      assert.equal(namesB.includes("get_me"), true);
      assert.equal(namesB.includes("find_meeting_availability"), false);

      const refused = await post(await tokenOf(a), callTool("get_me"));
      assert.equal(refused.status, 200);
      assert.deepEqual(refused.body, {
        jsonrpc: "2.0",
        id: 2,
        result: { isError: true, content: [{ type: "text", text: "The get_me tool is turned off for your organization by the server's administrator." }] },
      });
      assert.equal(harness().graph.requestsFor("getMe").length, 0, "a disabled tool calls no Graph");
      assert.deepEqual(denials(), [{ ...deniedEvent(refused, a, "tool_disabled"), tool: "get_me" }]);
      const denied = harness().audit.filter((e) => e.event === "tool.call" && e.requestId === refused.headers.get("x-request-id"));
      assert.deepEqual(denied.map((e) => e.event === "tool.call" && [e.tool, e.outcome, e.errorKind, e.errorCode]), [["get_me", "denied", "access_denied", "tool_disabled"]]);

      const client = await connectAs(b);
      const served = await client.callTool({ name: "get_me", arguments: {} });
      assert.equal(served.isError, undefined, textOf(served));
      assert.equal((served.structuredContent as { displayName: string }).displayName, `Profile of ${b.userId}`);
    });
  });

  describe("allowed groups", () => {
    const TOKEN_GROUPS_POLICY = `allowedGroups: [${GROUP_1}]\n`;

    it("admits a user whose groups claim holds an allowed group without asking Graph", async () => {
      const member = newUser(TENANT_A);
      const { entra, graph } = harness();
      policy.write(TOKEN_GROUPS_POLICY);
      const token = await entra.token(member, { claims: { groups: [GROUP_2, GROUP_1.toUpperCase()] } });
      const client = await harness().connectWithToken(token);
      assert.ok((await client.listTools()).tools.length > 0);
      assert.deepEqual(graph.requests, [], "the claim answers the question: no Graph call");
      assert.deepEqual(denials(), []);
    });

    it("refuses a user whose complete groups claim holds no allowed group, without asking Graph", async () => {
      const outsider = newUser(TENANT_A);
      policy.write(TOKEN_GROUPS_POLICY);
      const token = await harness().entra.token(outsider, { claims: { groups: [GROUP_2] } });
      const reply = await post(token, INIT);
      assert.equal(reply.status, 403);
      assert.deepEqual(reply.body, refusal(NOT_IN_GROUP));
      assert.deepEqual(harness().graph.requests, []);
      assert.deepEqual(denials(), [deniedEvent(reply, outsider, "not_in_allowed_group")]);
    });

    it("refuses a user outside the allowed groups even when their tenant has not consented to the Graph permissions", async () => {
      const outsider = newUser(TENANT_A);
      const { entra } = harness();
      policy.write(TOKEN_GROUPS_POLICY);
      const token = await entra.token(outsider, { claims: { groups: [GROUP_2] } });
      entra.failNextExchange({ status: 400, error: "invalid_grant", suberror: "consent_required", description: "AADSTS65001: The user or administrator has not consented to use the application.", codes: [65001] });
      const reply = await post(token, INIT);
      assert.equal(reply.status, 403, "the groups claim settles membership without Graph, so missing consent must not let a non-member in");
      assert.deepEqual(reply.body, refusal(NOT_IN_GROUP));
      assert.deepEqual(denials(), [deniedEvent(reply, outsider, "not_in_allowed_group")]);
      assert.equal(harness().audit.some((e) => e.event === "auth.success"), false);
    });

    describe("a token with a groups overage (hasgroups)", () => {
      const members = new Set<string>();
      function mockCheckMemberGroups(): void {
        harness().graph.on("checkMyMemberGroups", (request) => {
          const { groupIds } = request.body as { groupIds: string[] };
          const value = members.has(graphUserOf(request)) ? groupIds.filter((id) => id === GROUP_1) : [];
          return { body: { "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#Collection(Edm.String)", value } };
        });
      }
      const checks = (): GraphRequest[] => harness().graph.requestsFor("checkMyMemberGroups");

      it("asks Graph as the user with POST /me/checkMemberGroups, admits a member, and reuses the answer", async () => {
        const member = newUser(TENANT_B);
        members.add(member.userId);
        policy.write(`allowedGroups: [${GROUP_1}]\ngroupCacheSeconds: 300\n`);
        mockCheckMemberGroups();
        const token = await harness().entra.token(member, { claims: { hasgroups: true } });
        const client = await harness().connectWithToken(token);
        assert.ok((await client.listTools()).tools.length > 0);
        const [check, ...more] = checks();
        assert.ok(check, "one checkMemberGroups request");
        assert.deepEqual(more, [], "initialize, the initialized notification and tools/list share one Graph answer");
        assert.equal(check.caller.userId, member.userId);
        assert.deepEqual(check.body, { groupIds: [GROUP_1] });
        assert.equal((await post(token, INIT)).status, 200);
        assert.equal(checks().length, 1, "a later request within groupCacheSeconds asks Graph no more");
        assert.deepEqual(denials(), []);
      });

      it("refuses a user Graph says is in no allowed group, and remembers that too", async () => {
        const outsider = newUser(TENANT_B);
        policy.write(`allowedGroups: [${GROUP_1}]\n`);
        mockCheckMemberGroups();
        const token = await harness().entra.token(outsider, { claims: { hasgroups: true } });
        const first = await post(token, INIT);
        assert.equal(first.status, 403);
        assert.deepEqual(first.body, refusal(NOT_IN_GROUP));
        const second = await post(token, INIT);
        assert.equal(second.status, 403);
        assert.equal(checks().length, 1);
        assert.equal(checks()[0]?.caller.userId, outsider.userId);
        assert.deepEqual(denials(), [deniedEvent(first, outsider, "not_in_allowed_group"), deniedEvent(second, outsider, "not_in_allowed_group")]);
      });

      it("asks Graph again once groupCacheSeconds is 0", async () => {
        const member = newUser(TENANT_B);
        members.add(member.userId);
        policy.write(`allowedGroups: [${GROUP_1}]\ngroupCacheSeconds: 0\n`);
        mockCheckMemberGroups();
        const token = await harness().entra.token(member, { claims: { hasgroups: true } });
        assert.equal((await post(token, INIT)).status, 200);
        assert.equal((await post(token, INIT)).status, 200);
        assert.equal(checks().length, 2);
      });
    });
  });

  describe("rate limit", () => {
    it("answers the 4th tool call in a minute with 429, Retry-After and the message; other users and other requests go on", async () => {
      const limited = newUser(TENANT_A);
      const other = newUser(TENANT_A);
      policy.write("rateLimit:\n  toolCallsPerMinute: 3\n");
      mockProfiles();
      const token = await tokenOf(limited);
      assert.equal((await post(token, INIT)).status, 200, "initialize is not a tool call");
      for (let i = 0; i < 3; i++) {
        const ok = await post(token, callTool("get_me", {}, i));
        assert.equal(ok.status, 200);
        assert.equal((ok.body as { result: CallToolResult }).result.isError, undefined);
      }
      const limitedReply = await post(token, callTool("get_me"));
      assert.equal(limitedReply.status, 429);
      const retryAfter = limitedReply.headers.get("retry-after") ?? "";
      assert.match(retryAfter, /^\d+$/);
      const seconds = Number(retryAfter);
      assert.ok(seconds > 0 && seconds <= 61, `Retry-After ${retryAfter}`);
      assert.deepEqual(limitedReply.body, refusal(`Too many tool calls: at most 3 per minute per user. Try again in ${seconds === 1 ? "1 second" : `${seconds} seconds`}.`, 2));
      assert.equal(harness().graph.requestsFor("getMe").length, 3, "the refused call reached no Graph");

      assert.equal((await post(token, INIT)).status, 200, "requests without tool calls are not limited");
      const client = await connectAs(other);
      const served = await client.callTool({ name: "get_me", arguments: {} });
      assert.equal(served.isError, undefined, "the limit is per user");
      assert.deepEqual(denials(), [deniedEvent(limitedReply, limited, "rate_limited")]);
    });
  });

  describe("rate limit on resources/read", () => {
    it("counts resources/read like the read_resource tool call it runs", async () => {
      const limited = newUser(TENANT_A);
      policy.write("rateLimit:\n  toolCallsPerMinute: 1\n");
      mockProfiles();
      const token = await tokenOf(limited);
      assert.equal((await post(token, callTool("get_me", {}))).status, 200);
      const read = { jsonrpc: "2.0", id: 9, method: "resources/read", params: { uri: "m365://events/AAMkAGI2evt1%3D" } };
      const refused = await post(token, read);
      assert.equal(refused.status, 429);
      assert.deepEqual(denials(), [deniedEvent(refused, limited, "rate_limited")]);
    });
  });

  describe("hot reload", () => {
    it("follows every change of the file on the next request, and keeps the last valid policy when a change is invalid", async () => {
      const user = newUser(TENANT_C);
      const token = await tokenOf(user);
      policy.write("disabledTools: [get_me]\n");
      assert.equal((await toolNames(user)).includes("get_me"), false);

      policy.replace("disabledTools: [chat_message_search]\n");
      let names = await toolNames(user);
      assert.equal(names.includes("get_me"), true, "a rename over the file is seen without a restart");
      assert.equal(names.includes("chat_message_search"), false);

      policy.write("disabledTools: [get_me, chat_mesage_search]\n");
      names = await toolNames(user);
      assert.equal(names.includes("get_me"), true, "an invalid file is not applied, not even in part");
      assert.equal(names.includes("chat_message_search"), false, "the previous policy stays in force");

      policy.write("enabled: [\n");
      names = await toolNames(user);
      assert.equal(names.includes("chat_message_search"), false, "unparsable YAML keeps the previous policy too");

      policy.unlink();
      names = await toolNames(user);
      assert.equal(names.includes("chat_message_search"), false, "a deleted file keeps the previous policy");

      policy.write("enabled: false\n");
      const off = await post(token, INIT);
      assert.equal(off.status, 403, "a valid file again is applied");
      assert.deepEqual(off.body, refusal(DISABLED_GLOBALLY));
    });
  });
});
