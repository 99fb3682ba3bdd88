import assert from "node:assert/strict";
import type { GraphClient } from "../../src/graph/client.js";
import { AccessPolicy, tenantNotAllowed } from "../../src/policy/admission.js";
import { GroupMembership, type GroupUser } from "../../src/policy/groups.js";
import { FilePolicySource, policyFrom, type PolicySource } from "../../src/policy/policy.js";
import { RateLimiter } from "../../src/policy/rate-limit.js";
import type { PolicyDocument } from "../../src/policy/schema.js";
import { useGraphClient } from "../support/graph-client.js";
import { graphError } from "../support/mock-graph.js";
import { captureLogger, GROUP_1, GROUP_2, TENANT_A, TENANT_B, usePolicyDir } from "./support.js";

const TENANT_C = "33333333-3333-3333-3333-333333333333";
const fixed = (document: PolicyDocument): PolicySource => {
  const policy = policyFrom(document);
  return { current: () => policy };
};
const user = (tenantId: string, groups: string[] | undefined, groupsOverage = false): GroupUser => ({ tenantId, userId: "user-1", groups, groupsOverage });

describe("access policy", () => {
  const simulated = useGraphClient();
  let graph: GraphClient;
  const file = usePolicyDir();
  beforeEach(() => {
    graph = simulated().client();
  });

  describe("tenants and the connector switch", () => {
    it("refuses a tenant outside allowedTenants, comparing ids without case", () => {
      const access = new AccessPolicy(fixed({ allowedTenants: [TENANT_A.toUpperCase(), TENANT_B] }));
      assert.equal(access.admitTenant(TENANT_A), undefined);
      assert.deepEqual(access.admitTenant(TENANT_C), {
        status: 403,
        reason: "tenant_not_allowed",
        message: `This Microsoft 365 connector does not serve your organization (tenant ${TENANT_C}): tenant not allowed. Ask the server's administrator to allow your tenant.`,
      });
      assert.equal(tenantNotAllowed(TENANT_C), access.admitTenant(TENANT_C)?.message);
    });

    it("lets a tenant's enabled override the top-level switch, both ways", () => {
      const off = new AccessPolicy(fixed({ enabled: false, tenants: { [TENANT_A]: { enabled: true } } }));
      assert.equal(off.admitTenant(TENANT_A), undefined);
      assert.deepEqual(off.admitTenant(TENANT_B), {
        status: 403,
        reason: "connector_disabled",
        message: "The Microsoft 365 connector is turned off by the server's administrator.",
      });
      const on = new AccessPolicy(fixed({ tenants: { [TENANT_A]: { enabled: false } } }));
      assert.deepEqual(on.admitTenant(TENANT_A.toUpperCase()), {
        status: 403,
        reason: "connector_disabled",
        message: "The Microsoft 365 connector is turned off for your organization by the server's administrator.",
      });
      assert.equal(on.admitTenant(TENANT_B), undefined);
    });

    it("follows the policy file as it changes", () => {
      file.write("enabled: true\n");
      const access = new AccessPolicy(new FilePolicySource(file.path(), captureLogger().logger));
      assert.equal(access.admitTenant(TENANT_A), undefined);
      file.write(`tenants:\n  ${TENANT_A}: { enabled: false }\n`);
      assert.equal(access.admitTenant(TENANT_A)?.reason, "connector_disabled");
    });
  });

  describe("disabled tools", () => {
    it("adds a tenant's disabled tools to the top-level ones", () => {
      const access = new AccessPolicy(fixed({ disabledTools: ["get_me"], tenants: { [TENANT_A]: { disabledTools: ["read_resource", "get_me"] } } }));
      assert.deepEqual([...access.disabledTools(TENANT_A)].sort(), ["get_me", "read_resource"]);
      assert.deepEqual([...access.disabledTools(TENANT_B)], ["get_me"]);
      assert.deepEqual([...new AccessPolicy(fixed({})).disabledTools(TENANT_A)], []);
    });
  });

  describe("allowed groups", () => {
    it("lets a tenant's allowedGroups replace the top-level list (an empty list lifts it)", async () => {
      const access = new AccessPolicy(
        fixed({ allowedGroups: [GROUP_1], tenants: { [TENANT_A]: { allowedGroups: [GROUP_2] }, [TENANT_B]: { allowedGroups: [] } } }),
      );
      assert.equal(await access.admitUser(user(TENANT_A, [GROUP_2]), graph), undefined);
      assert.equal((await access.admitUser(user(TENANT_A, [GROUP_1]), graph))?.reason, "not_in_allowed_group");
      assert.equal(await access.admitUser(user(TENANT_B, []), graph), undefined);
      assert.equal(await access.admitUser(user(TENANT_C, [GROUP_1]), graph), undefined);
      assert.deepEqual(await access.admitUser(user(TENANT_C, [GROUP_2]), graph), {
        status: 403,
        reason: "not_in_allowed_group",
        message: "You are not a member of a group allowed to use this Microsoft 365 connector. Ask your administrator to add you to one of the allowed groups.",
      });
      assert.equal(simulated().graph.requests.length, 0);
    });

    it("asks Graph on an overage and uses the policy's cache time", async () => {
      let t = 0;
      simulated().graph.on("checkMyMemberGroups", () => ({ body: { value: [GROUP_1] } }));
      const access = new AccessPolicy(fixed({ allowedGroups: [GROUP_1], groupCacheSeconds: 10 }), { groups: new GroupMembership(() => t) });
      assert.equal(await access.admitUser(user(TENANT_A, undefined, true), graph), undefined);
      t = 9_999;
      assert.equal(await access.admitUser(user(TENANT_A, undefined, true), graph), undefined);
      t = 10_000;
      assert.equal(await access.admitUser(user(TENANT_A, undefined, true), graph), undefined);
      assert.equal(simulated().graph.requestsFor("checkMyMemberGroups").length, 2);
    });

    it("denies, naming the missing permission, when Graph refuses the group check", async () => {
      simulated().graph.on("checkMyMemberGroups", () => graphError(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation."));
      const log = captureLogger();
      const access = new AccessPolicy(fixed({ allowedGroups: [GROUP_1] }), { logger: log.logger });
      assert.deepEqual(await access.admitUser(user(TENANT_A, undefined, true), graph), {
        status: 403,
        reason: "not_in_allowed_group",
        message:
          "Your access could not be confirmed, so it is refused: the server could not check your group memberships with Microsoft Graph " +
          "(403 Authorization_RequestDenied, request-id req-Authorization_RequestDenied). " +
          "The server's administrator must grant the connector the GroupMember.Read.All permission (with admin consent).",
      });
      assert.deepEqual(log.lines.map((l) => [l.level, l.msg]), [[40, "group membership check failed; access denied"]]);
    });

    it("denies, asking to retry, when Graph fails", async () => {
      simulated().graph.on("checkMyMemberGroups", () => graphError(500, "generalException"));
      const denial = await new AccessPolicy(fixed({ allowedGroups: [GROUP_1] })).admitUser(user(TENANT_A, undefined, true), graph);
      assert.equal(
        denial?.message,
        "Your access could not be confirmed, so it is refused: the server could not check your group memberships with Microsoft Graph " +
          "(500 generalException, request-id req-generalException). Try again in a few minutes.",
      );
    });
  });

  describe("rate limit", () => {
    it("admits up to the limit per user, then answers 429 with the wait", () => {
      let t = 1_700_000_000_000;
      const access = new AccessPolicy(fixed({ rateLimit: { toolCallsPerMinute: 3 } }), { limiter: new RateLimiter(() => t) });
      const alice = { tenantId: TENANT_A, userId: "alice" };
      assert.equal(access.admitToolCalls(alice, 2), undefined);
      assert.equal(access.admitToolCalls(alice, 1), undefined);
      t += 48_000;
      assert.deepEqual(access.admitToolCalls(alice, 1), {
        status: 429,
        reason: "rate_limited",
        message: "Too many tool calls: at most 3 per minute per user. Try again in 13 seconds.",
        retryAfterSeconds: 13,
      });
      assert.equal(access.admitToolCalls({ tenantId: TENANT_B, userId: "alice" }, 1), undefined, "the same user id in another tenant is another user");
      t += 12_000;
      assert.equal(access.admitToolCalls(alice, 1)?.message, "Too many tool calls: at most 3 per minute per user. Try again in 1 second.");
      t += 1_000;
      assert.equal(access.admitToolCalls(alice, 1), undefined);
    });

    it("refuses a request with more tool calls than the limit, saying to send fewer", () => {
      const access = new AccessPolicy(fixed({ rateLimit: { toolCallsPerMinute: 3 } }));
      assert.deepEqual(access.admitToolCalls({ tenantId: TENANT_A, userId: "alice" }, 4), {
        status: 429,
        reason: "rate_limited",
        message: "Too many tool calls in one request: 4, but at most 3 per minute per user are allowed. Send fewer at a time.",
        retryAfterSeconds: 60,
      });
    });

    it("has no limit without rateLimit, and ignores requests without tool calls", () => {
      const access = new AccessPolicy(fixed({}));
      for (let i = 0; i < 1000; i++) assert.equal(access.admitToolCalls({ tenantId: TENANT_A, userId: "alice" }, 1), undefined);
      assert.equal(new AccessPolicy(fixed({ rateLimit: { toolCallsPerMinute: 1 } })).admitToolCalls({ tenantId: TENANT_A, userId: "a" }, 0), undefined);
    });
  });
});
