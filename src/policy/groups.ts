// Whether a user is in one of the allowed security groups: from the token's `groups` claim when it is complete,
// otherwise asked of Microsoft Graph (POST /me/checkMemberGroups, 20 groups a request) and cached briefly.
import { checkMyMemberGroups } from "../../generated/graph-client.js";
import type { GraphClient } from "../graph/client.js";
import { BoundedLru, stringBytes } from "../cache/bounded-lru.js";
import { GraphError } from "../graph/errors.js";

export interface GroupUser {
  tenantId: string;
  /** The user's object id (the token's `oid`). */
  userId: string;
  /** The token's `groups` claim; undefined when the token has none. */
  groups: readonly string[] | undefined;
  /** The token says it left groups out (`_claim_names.groups` or `hasgroups: true`). */
  groupsOverage: boolean;
}

/** checkMemberGroups accepts at most 20 group ids per request. */
export const CHECK_MEMBER_GROUPS_MAX = 20;
const MAX_CACHED = 50_000;
/** A key names the allowed groups too (37 characters each), so a long allow-list makes entries large: bytes bound them. */
const MAX_CACHED_BYTES = 8 * 1024 * 1024;

interface Cached {
  member: boolean;
  expires: number;
}

export class GroupMembership {
  private readonly cache = new BoundedLru<string, Cached>({ maxEntries: MAX_CACHED, maxBytes: MAX_CACHED_BYTES, sizeOf: (key) => stringBytes(key) + 16 });
  /** Checks in flight, so concurrent requests of one user share one Graph round trip. */
  private readonly pending = new Map<string, Promise<boolean>>();

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * True when the user is in at least one of `allowedGroups` (true for an empty list). A Graph failure
   * rejects with its GraphError; the caller must treat that as a denial. Answers from Graph, yes or no,
   * are kept `ttlSeconds`, so a membership change shows within that time.
   */
  isMember(user: GroupUser, allowedGroups: readonly string[], graph: GraphClient, ttlSeconds: number): Promise<boolean> {
    if (allowedGroups.length === 0) return Promise.resolve(true);
    const allowed = [...new Set(allowedGroups.map((id) => id.toLowerCase()))].sort();
    if (user.groups !== undefined && !user.groupsOverage) {
      const claimed = new Set(user.groups.map((id) => id.toLowerCase()));
      return Promise.resolve(allowed.some((id) => claimed.has(id)));
    }
    const key = `${user.tenantId.toLowerCase()}/${user.userId.toLowerCase()}/${allowed.join(",")}`;
    const now = this.now();
    const cached = this.cache.get(key);
    if (cached && cached.expires > now) return Promise.resolve(cached.member);
    const running = this.pending.get(key);
    if (running) return running;
    const check = askGraph(graph, allowed)
      .then((member) => {
        if (ttlSeconds > 0) this.remember(key, { member, expires: this.now() + ttlSeconds * 1000 });
        return member;
      })
      .finally(() => this.pending.delete(key));
    this.pending.set(key, check);
    return check;
  }

  private remember(key: string, entry: Cached): void {
    // Full: expired answers go before live ones; the LRU then drops the oldest live ones (those users are asked again).
    if (this.cache.size >= MAX_CACHED || this.cache.bytes >= MAX_CACHED_BYTES) {
      const now = this.now();
      for (const [k, v] of this.cache.entries()) if (v.expires <= now) this.cache.delete(k);
    }
    this.cache.set(key, entry);
  }
}

/** Asks in chunks of 20 and stops at the first chunk with a match: one membership is enough. */
async function askGraph(graph: GraphClient, allowed: readonly string[]): Promise<boolean> {
  for (let i = 0; i < allowed.length; i += CHECK_MEMBER_GROUPS_MAX) {
    const groupIds = allowed.slice(i, i + CHECK_MEMBER_GROUPS_MAX);
    const reply = await checkMyMemberGroups(graph, { body: { groupIds } });
    if (!reply) throw new GraphError({ status: 502, code: "InvalidResponse", message: "", resource: "your group memberships" });
    if (reply.value.some((id) => groupIds.includes(id.toLowerCase()))) return true;
  }
  return false;
}
