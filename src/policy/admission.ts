// Applies the admin policy to one request: the connector switch, allowed tenants and groups, the per-user
// rate limit and disabled tools. Each check returns a Denial (status and a message for the user) or undefined.
import type { GraphClient } from "../graph/client.js";
import { GraphError } from "../graph/errors.js";
import type { Logger } from "../logging/logger.js";
import { GroupMembership, type GroupUser } from "./groups.js";
import type { PolicySource } from "./policy.js";
import { RateLimiter } from "./rate-limit.js";

export type Denial = {
  status: 403 | 429;
  reason: "connector_disabled" | "tenant_not_allowed" | "not_in_allowed_group" | "rate_limited";
  message: string;
  retryAfterSeconds?: number;
};

export interface AccessPolicyOptions {
  groups?: GroupMembership;
  limiter?: RateLimiter;
  /** Receives a warning when Graph cannot answer a group check. */
  logger?: Logger;
}

/** Also used for the M365_MCP_ALLOWED_TENANTS setting, so both refusals read alike. */
export const tenantNotAllowed = (tenantId: string): string =>
  `This Microsoft 365 connector does not serve your organization (tenant ${tenantId}): tenant not allowed. ` +
  "Ask the server's administrator to allow your tenant.";

const seconds = (n: number): string => (n === 1 ? "1 second" : `${n} seconds`);

export class AccessPolicy {
  private readonly groups: GroupMembership;
  private readonly limiter: RateLimiter;

  constructor(
    private readonly source: PolicySource,
    private readonly options: AccessPolicyOptions = {},
  ) {
    this.groups = options.groups ?? new GroupMembership();
    this.limiter = options.limiter ?? new RateLimiter();
  }

  /** The connector switch (top level and the tenant's own) and the policy's tenant allow-list. */
  admitTenant(tenantId: string): Denial | undefined {
    const policy = this.source.current();
    if (!policy.tenantAllowed(tenantId)) return { status: 403, reason: "tenant_not_allowed", message: tenantNotAllowed(tenantId) };
    if (policy.rulesFor(tenantId).enabled) return undefined;
    const scope = policy.enabled ? " for your organization" : "";
    return {
      status: 403,
      reason: "connector_disabled",
      message: `The Microsoft 365 connector is turned off${scope} by the server's administrator.`,
    };
  }

  /** Membership in an allowed group; `graph` (the caller's client) is used only when the token's claim is incomplete. */
  async admitUser(user: GroupUser, graph: GraphClient): Promise<Denial | undefined> {
    const policy = this.source.current();
    const { allowedGroups } = policy.rulesFor(user.tenantId);
    let member: boolean;
    try {
      member = await this.groups.isMember(user, allowedGroups, graph, policy.groupCacheSeconds);
    } catch (error) {
      this.options.logger?.warn({ err: error, tenantId: user.tenantId, userId: user.userId }, "group membership check failed; access denied");
      return { status: 403, reason: "not_in_allowed_group", message: groupCheckFailed(error) };
    }
    if (member) return undefined;
    return {
      status: 403,
      reason: "not_in_allowed_group",
      message:
        "You are not a member of a group allowed to use this Microsoft 365 connector. " +
        "Ask your administrator to add you to one of the allowed groups.",
    };
  }

  /** Whether the group rule can only be decided by asking Graph (a rule applies and the token's claim is incomplete). */
  needsGraphForGroups(user: GroupUser): boolean {
    const { allowedGroups } = this.source.current().rulesFor(user.tenantId);
    return allowedGroups.length > 0 && (user.groups === undefined || user.groupsOverage);
  }

  /** The per-user limit, for `count` tool calls in this HTTP request. */
  admitToolCalls(user: { tenantId: string; userId: string }, count: number): Denial | undefined {
    const perMinute = this.source.current().toolCallsPerMinute;
    if (perMinute === undefined || count <= 0) return undefined;
    const key = `${user.tenantId.toLowerCase()}/${user.userId.toLowerCase()}`;
    const result = this.limiter.take(key, perMinute, count);
    if (result.ok) return undefined;
    const wait = seconds(result.retryAfterSeconds);
    const message =
      count > perMinute
        ? `Too many tool calls in one request: ${count}, but at most ${perMinute} per minute per user are allowed. Send fewer at a time.`
        : `Too many tool calls: at most ${perMinute} per minute per user. Try again in ${wait}.`;
    return { status: 429, reason: "rate_limited", message, retryAfterSeconds: result.retryAfterSeconds };
  }

  disabledTools(tenantId: string): ReadonlySet<string> {
    return this.source.current().rulesFor(tenantId).disabledTools;
  }
}

/** Fail closed, and say whether the administrator or time fixes it. */
function groupCheckFailed(error: unknown): string {
  const lead = "Your access could not be confirmed, so it is refused: the server could not check your group memberships with Microsoft Graph";
  if (!(error instanceof GraphError)) return `${lead}. Try again later; if it persists, tell the server's administrator.`;
  const trace = `(${error.status} ${error.code}${error.requestId ? `, request-id ${error.requestId}` : ""})`;
  if (error.status === 401 || error.status === 403) {
    return `${lead} ${trace}. The server's administrator must grant the connector the GroupMember.Read.All permission (with admin consent).`;
  }
  return `${lead} ${trace}. Try again in a few minutes.`;
}
