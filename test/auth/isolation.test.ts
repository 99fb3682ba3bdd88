// Tenant and user isolation under concurrency: 12 users in 3 tenants, each with their own token and MCP client,
// 60 tool calls at once. Every answer, every Graph request and every token exchange must belong to its own user.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { type Client, type CallToolResult } from "@modelcontextprotocol/client";
import type { ToolCallEvent } from "../../src/audit/events.js";
import { ALL_SCOPES, textOf, useHarness, type TestUser } from "../support/harness.js";
import { graphError, type GraphRequest } from "../support/mock-graph.js";

const TENANTS = ["7e000001-0000-4000-8000-000000000001", "7e000002-0000-4000-8000-000000000002", "7e000003-0000-4000-8000-000000000003"];
const TIME_ZONES = ["UTC", "Pacific Standard Time", "W. Europe Standard Time"];
/** The first user of each tenant may read only mail headers, so a mix-up of granted scopes shows in their results. */
const BASIC_SCOPES = ["User.Read", "Mail.ReadBasic"];

const USERS: TestUser[] = TENANTS.flatMap((tenantId, t) =>
  [0, 1, 2, 3].map((i) => ({
    tenantId,
    userId: `5e${t}${i}0000-0000-4000-8000-0000000000${t}${i}`,
    upn: `user${i}@tenant${t}.example`,
    scopes: i === 0 ? BASIC_SCOPES : ALL_SCOPES,
  })),
);
const ROUNDS = 5;

const byGraphCaller = new Map(USERS.map((u) => [`${u.tenantId}/${u.userId}`, u]));
const callerKeyOf = (request: GraphRequest): string => `${request.caller.tenantId}/${request.caller.userId}`;
const tenantIndex = (user: TestUser): number => TENANTS.indexOf(user.tenantId);
const hasFullMail = (user: TestUser): boolean => user.scopes.includes("Mail.Read");
const sha256 = (text: string): string => createHash("sha256").update(text, "utf8").digest("hex");

/** The search text of call n: it names the user, so the mock can tell whose call a Graph request serves. */
const queryOf = (user: TestUser, n: number): string => `report ${user.userId} n${n}`;
const messageId = (user: TestUser, n: number): string => `AAMk-${user.userId}-${n}=`;
const webLink = (user: TestUser, n: number): string => `https://outlook.office365.com/owa/?ItemID=${encodeURIComponent(messageId(user, n))}&exvsurl=1`;

interface PlannedCall {
  user: TestUser;
  tool: "get_me" | "outlook_email_search";
  n: number;
}

/** Users interleaved round by round, the tool alternating by user and round: 60 calls, 5 per user, both tools for each. */
const PLAN: PlannedCall[] = Array.from({ length: ROUNDS }, (_, round) =>
  USERS.map((user, u): PlannedCall => ({ user, tool: (round + u) % 2 === 0 ? "outlook_email_search" : "get_me", n: round })),
).flat();

function expectedProfile(user: TestUser): Record<string, unknown> {
  return {
    displayName: `Name of ${user.userId}`,
    mail: user.upn,
    userPrincipalName: user.upn,
    ...(user.scopes.includes("MailboxSettings.Read") ? { timeZone: TIME_ZONES[tenantIndex(user)] } : {}),
  };
}

function expectedMessages(user: TestUser, n: number): Record<string, unknown> {
  return {
    messages: [
      {
        id: messageId(user, n),
        uri: `m365://mail/${encodeURIComponent(messageId(user, n))}`,
        subject: `Subject for ${user.userId} call ${n}`,
        from: { name: `Sender of ${user.userId}`, address: `sender@tenant${tenantIndex(user)}.example` },
        to: [{ address: user.upn }],
        receivedDateTime: "2026-11-20T09:15:00Z",
        ...(hasFullMail(user) ? { preview: `Preview for ${user.userId} call ${n}` } : {}),
        hasAttachments: false,
        isRead: true,
        webLink: webLink(user, n),
      },
    ],
  };
}

describe("tenant and user isolation", function () {
  // Twelve sign-ins and sixty tool calls at once: seconds idle, and past mocha's 15 s beside a second suite.
  this.timeout(60_000);
  const harness = useHarness();
  /** Problems the Graph mocks saw: a request whose token names another user than the call it serves. */
  const crossed: string[] = [];

  function callerOf(request: GraphRequest): TestUser {
    const user = byGraphCaller.get(callerKeyOf(request));
    if (!user) crossed.push(`${request.operationId} with a Graph token for an unknown user: ${callerKeyOf(request)}`);
    return user ?? (USERS[0] as TestUser);
  }

  function mockGraph(): void {
    harness()
      .graph.on("getMe", (request) => {
        const user = callerOf(request);
        return {
          body: {
            "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users(id,displayName,mail,userPrincipalName,jobTitle)/$entity",
            id: user.userId,
            displayName: `Name of ${user.userId}`,
            mail: user.upn,
            userPrincipalName: user.upn,
          },
        };
      })
      .on("getMailboxSettings", (request) => {
        const user = callerOf(request);
        if (!user.scopes.includes("MailboxSettings.Read")) return graphError(403, "ErrorAccessDenied", "Access is denied.");
        return { body: { timeZone: TIME_ZONES[tenantIndex(user)] } };
      })
      .on("listMessages", (request) => {
        const user = callerOf(request);
        const search = request.query.get("$search") ?? "";
        const match = /report ([0-9a-f-]+) n(\d+)/.exec(search);
        if (match?.[1] !== user.userId) crossed.push(`listMessages with ${user.userId}'s token searched ${search}`);
        const n = Number(match?.[2]);
        const fields = (request.query.get("$select") ?? "").split(",");
        return {
          body: {
            "@odata.context": `https://graph.microsoft.com/v1.0/$metadata#users('${encodeURIComponent(user.upn)}')/messages`,
            value: [
              {
                id: messageId(user, n),
                subject: `Subject for ${user.userId} call ${n}`,
                from: { emailAddress: { name: `Sender of ${user.userId}`, address: `sender@tenant${tenantIndex(user)}.example` } },
                toRecipients: [{ emailAddress: { address: user.upn } }],
                receivedDateTime: "2026-11-20T09:15:00Z",
                hasAttachments: false,
                isRead: true,
                webLink: webLink(user, n),
                ...(fields.includes("bodyPreview") ? { bodyPreview: `Preview for ${user.userId} call ${n}` } : {}),
              },
            ],
          },
        };
      });
  }

  beforeEach(() => {
    crossed.length = 0;
  });

  it("keeps 60 concurrent tool calls of 12 users in 3 tenants apart: answers, Graph tokens and token exchanges", async () => {
    const { auth, entra, graph, audit } = harness();
    mockGraph();
    for (const user of USERS) auth.add(user.userId, user);
    const tokens = new Map(await Promise.all(USERS.map(async (u) => [u.userId, await auth.token(u.userId)] as const)));
    // Slow exchanges make the users' sign-ins overlap.
    entra.delayExchanges(20);
    const clients = new Map<string, Client>(await Promise.all(USERS.map(async (u) => [u.userId, await harness().connect(u.userId)] as const)));

    const results = await Promise.all(
      PLAN.map(async ({ user, tool, n }) => {
        const client = clients.get(user.userId);
        assert.ok(client);
        const args = tool === "get_me" ? {} : { query: queryOf(user, n), limit: 5 };
        return await client.callTool({ name: tool, arguments: args });
      }),
    );

    PLAN.forEach(({ user, tool, n }, i) => {
      const result = results[i] as CallToolResult;
      assert.equal(result.isError, undefined, `${tool} for ${user.userId}: ${textOf(result)}`);
      const expected = tool === "get_me" ? expectedProfile(user) : expectedMessages(user, n);
      assert.deepEqual(result.structuredContent, expected, `${tool} call ${n} of ${user.userId}`);
    });

    assert.deepEqual(crossed, []);
    for (const user of USERS) {
      const own = graph.requests.filter((r) => callerKeyOf(r) === `${user.tenantId}/${user.userId}`);
      const calls = PLAN.filter((c) => c.user === user);
      const count = (tool: PlannedCall["tool"]): number => calls.filter((c) => c.tool === tool).length;
      assert.deepEqual(
        { getMe: own.filter((r) => r.operationId === "getMe").length, getMailboxSettings: own.filter((r) => r.operationId === "getMailboxSettings").length, listMessages: own.filter((r) => r.operationId === "listMessages").length },
        { getMe: count("get_me"), getMailboxSettings: count("get_me"), listMessages: count("outlook_email_search") },
        `Graph requests carrying ${user.userId}'s token`,
      );
    }
    assert.equal(graph.requests.length, PLAN.length + PLAN.filter((c) => c.tool === "get_me").length, "no Graph request outside the users' own");

    assert.equal(entra.tokenRequests.length, USERS.length, "one On-Behalf-Of exchange per user");
    for (const user of USERS) {
      const mine = entra.tokenRequests.filter((r) => r.form.get("assertion") === tokens.get(user.userId));
      assert.equal(mine.length, 1, `one exchange of ${user.userId}'s token`);
      assert.equal(mine[0]?.tenant, user.tenantId, `${user.userId}'s token is exchanged at the user's own tenant`);
    }

    const toolEvents = audit.filter((e): e is ToolCallEvent => e.event === "tool.call");
    const attributed = (list: Array<{ tenantId: string; userId: string; tool: string; query?: string }>): string[] =>
      list.map((e) => `${e.tenantId}/${e.userId} ${e.tool} ${e.query ?? ""}`).sort();
    assert.deepEqual(
      attributed(toolEvents.map((e) => ({ tenantId: e.tenantId, userId: e.userId, tool: e.tool, ...(e.tool === "get_me" ? {} : { query: (e.arguments["query"] as { sha256: string }).sha256 }) }))),
      attributed(PLAN.map(({ user, tool, n }) => ({ tenantId: user.tenantId, userId: user.userId, tool, ...(tool === "get_me" ? {} : { query: sha256(queryOf(user, n)) }) }))),
      "each tool.call event names the user who made the call",
    );
  });
});
