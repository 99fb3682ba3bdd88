// The tenant and user caps (src/graph/tenant-gate.ts) apply to tool calls as the server runs them, with the limit
// M365_MCP_GRAPH_TENANT_CONCURRENCY sets: counted at the simulated Graph, per tenant its tokens name.
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import type { GraphRequest } from "../support/mock-graph.js";
import { ALICE, textOf, useHarness } from "../support/harness.js";

const OTHER_TENANT = { tenantId: "22222222-2222-4222-8222-222222222222", userId: "b0b00000-0000-4000-8000-000000000002", upn: "bob@fabrikam.com", scopes: ALICE.scopes };
const COLLEAGUE = { ...ALICE, userId: "ca401000-0000-4000-8000-000000000003", upn: "carol@contoso.com" };

describe("Graph requests in flight per tenant, through the server", () => {
  const harness = useHarness({ M365_MCP_GRAPH_TENANT_CONCURRENCY: "2" });

  it("holds each tenant's tool calls to the configured cap, and other tenants to theirs", async () => {
    const { graph, auth } = harness();
    auth.add("carol-token", COLLEAGUE).add("bob-token", OTHER_TENANT);
    const running = new Map<string, number>();
    const most = new Map<string, number>();
    const held = async (request: GraphRequest, body: object): Promise<{ body: object }> => {
      const { tenantId } = request.caller;
      running.set(tenantId, (running.get(tenantId) ?? 0) + 1);
      most.set(tenantId, Math.max(most.get(tenantId) ?? 0, running.get(tenantId) ?? 0));
      // Long enough that every call is waiting while the first ones are answered.
      await sleep(40);
      running.set(tenantId, (running.get(tenantId) ?? 0) - 1);
      return { body };
    };
    graph
      .on("getMe", (request) => held(request, { id: request.caller.userId, displayName: "Someone", mail: null, userPrincipalName: "someone@example.com" }))
      .on("getMailboxSettings", (request) => held(request, { timeZone: "UTC" }));
    const clients = await Promise.all(["alice-token", "carol-token", "bob-token"].map((name) => harness().connect(name)));
    const results = await Promise.all(clients.flatMap((client) => [1, 2, 3].map(() => client.callTool({ name: "get_me", arguments: {} }))));
    for (const result of results) assert.equal(result.isError, undefined, textOf(result));
    assert.deepEqual(Object.fromEntries(most), { [ALICE.tenantId]: 2, [OTHER_TENANT.tenantId]: 2 });
  });
});
