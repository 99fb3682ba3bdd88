import assert from "node:assert/strict";
import type { GraphClient } from "../../src/graph/client.js";
import { GroupMembership, type GroupUser } from "../../src/policy/groups.js";
import { useGraphClient } from "../support/graph-client.js";
import { ALICE } from "../support/harness.js";
import { graphError, throttled } from "../support/mock-graph.js";
import { GROUP_1, GROUP_2, TENANT_A } from "./support.js";

const group = (n: number): string => `bbbbbbbb-0000-0000-0000-${String(n).padStart(12, "0")}`;
const overage: GroupUser = { tenantId: TENANT_A, userId: "user-1", groups: undefined, groupsOverage: true };

describe("group membership", () => {
  const simulated = useGraphClient();
  let graph: GraphClient;
  let t = 0;
  const clock = (): number => t;

  beforeEach(() => {
    t = 1_700_000_000_000;
    graph = simulated().client();
  });

  /** Answers checkMemberGroups with the asked ids that are in `memberOf`. */
  const memberOf = (...ids: string[]): void => {
    simulated().graph.on("checkMyMemberGroups", (req) => ({
      body: { "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#Collection(Edm.String)", value: (req.body as { groupIds: string[] }).groupIds.filter((id) => ids.includes(id)) },
    }));
  };

  it("answers from the token's groups claim without calling Graph", async () => {
    const membership = new GroupMembership(clock);
    const user: GroupUser = { tenantId: TENANT_A, userId: "user-1", groups: [GROUP_2.toUpperCase()], groupsOverage: false };
    assert.equal(await membership.isMember(user, [GROUP_1, GROUP_2], graph, 300), true);
    assert.equal(await membership.isMember(user, [GROUP_1], graph, 300), false);
    assert.equal(await membership.isMember({ ...user, groups: [] }, [GROUP_1], graph, 300), false);
    assert.equal(simulated().graph.requests.length, 0);
  });

  it("lets everyone in when no groups are required", async () => {
    assert.equal(await new GroupMembership(clock).isMember(overage, [], graph, 300), true);
    assert.equal(simulated().graph.requests.length, 0);
  });

  it("asks Graph on a groups overage, and when the claim is absent", async () => {
    memberOf(GROUP_2);
    const membership = new GroupMembership(clock);
    assert.equal(await membership.isMember(overage, [GROUP_1, GROUP_2.toUpperCase()], graph, 300), true);
    assert.equal(await membership.isMember({ ...overage, userId: "user-2", groupsOverage: false }, [GROUP_1], graph, 300), false);
    const requests = simulated().graph.requestsFor("checkMyMemberGroups");
    assert.deepEqual(requests.map((r) => r.body), [{ groupIds: [GROUP_1, GROUP_2] }, { groupIds: [GROUP_1] }]);
    assert.equal(requests[0]?.caller.userId, ALICE.userId);
  });

  it("asks about at most 20 groups per request and stops at the first match", async () => {
    const allowed = Array.from({ length: 45 }, (_, i) => group(i));
    memberOf(group(30));
    assert.equal(await new GroupMembership(clock).isMember(overage, allowed, graph, 300), true);
    assert.deepEqual(simulated().graph.requestsFor("checkMyMemberGroups").map((r) => (r.body as { groupIds: string[] }).groupIds), [allowed.slice(0, 20), allowed.slice(20, 40)]);

    simulated().graph.reset();
    memberOf();
    assert.equal(await new GroupMembership(clock).isMember(overage, allowed, graph, 300), false);
    assert.deepEqual(simulated().graph.requestsFor("checkMyMemberGroups").map((r) => (r.body as { groupIds: string[] }).groupIds.length), [20, 20, 5]);
  });

  it("caches Graph's answer for the TTL, then asks again", async () => {
    memberOf(GROUP_1);
    const membership = new GroupMembership(clock);
    assert.equal(await membership.isMember(overage, [GROUP_1], graph, 60), true);
    t += 59_999;
    assert.equal(await membership.isMember(overage, [GROUP_1], graph, 60), true);
    assert.equal(simulated().graph.requestsFor("checkMyMemberGroups").length, 1);
    t += 1;
    memberOf();
    assert.equal(await membership.isMember(overage, [GROUP_1], graph, 60), false, "the user left the group");
    assert.equal(simulated().graph.requestsFor("checkMyMemberGroups").length, 2);
  });

  it("keeps answers per user and per set of groups, and shares one request between concurrent checks", async () => {
    memberOf(GROUP_1);
    const membership = new GroupMembership(clock);
    const [a, b] = await Promise.all([membership.isMember(overage, [GROUP_1], graph, 300), membership.isMember(overage, [GROUP_1], graph, 300)]);
    assert.deepEqual([a, b], [true, true]);
    assert.equal(simulated().graph.requestsFor("checkMyMemberGroups").length, 1);
    await membership.isMember({ ...overage, userId: "user-2" }, [GROUP_1], graph, 300);
    await membership.isMember(overage, [GROUP_2, GROUP_1], graph, 300);
    assert.equal(simulated().graph.requestsFor("checkMyMemberGroups").length, 3);
  });

  it("does not cache with a TTL of zero", async () => {
    memberOf(GROUP_1);
    const membership = new GroupMembership(clock);
    await membership.isMember(overage, [GROUP_1], graph, 0);
    await membership.isMember(overage, [GROUP_1], graph, 0);
    assert.equal(simulated().graph.requestsFor("checkMyMemberGroups").length, 2);
  });

  it("rejects with Graph's error and caches nothing when Graph refuses", async () => {
    simulated().graph.on("checkMyMemberGroups", () => graphError(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation."));
    const membership = new GroupMembership(clock);
    await assert.rejects(membership.isMember(overage, [GROUP_1], graph, 300), {
      name: "GraphError",
      status: 403,
      message: "Graph denied access to your group memberships (403 Authorization_RequestDenied)",
    });
    memberOf(GROUP_1);
    assert.equal(await membership.isMember(overage, [GROUP_1], graph, 300), true);
  });

  it("rejects when Graph keeps throttling", async () => {
    simulated().graph.on("checkMyMemberGroups", () => throttled("TooManyRequests", "Slow down."));
    await assert.rejects(new GroupMembership(clock).isMember(overage, [GROUP_1], graph, 300), { name: "GraphError", status: 429 });
  });
});
