// A per-process cap on the Graph requests in flight for each tenant, and a smaller one for each user inside it, so
// one user's burst can neither get the whole tenant throttled nor starve colleagues. Requests wait first come, first
// served; a waiting request leaves the queue when its signal aborts (the call was cancelled or passed its deadline).
//
// Graph limits many services per app per tenant (https://learn.microsoft.com/graph/throttling-limits: SharePoint's
// resource units per app per tenant, Teams' requests per second per app per tenant), and "the first limit to be
// reached triggers throttling", so the process that shares one app registration among a tenant's users paces them.
// The cap also adapts to what Graph reports (see TenantGate.slowDown): the guidance for SharePoint, which answers most
// of these calls, is "reduce the number of concurrent requests" and "avoid request spikes"
// (https://learn.microsoft.com/sharepoint/dev/general-development/how-to-avoid-getting-throttled-or-blocked-in-sharepoint-online).
import type { ThrottleSignal } from "./throttle-signals.js";

export interface GateKey {
  tenantId: string;
  userId: string;
}

/** One request's place under the cap, from its first attempt to its last byte. */
export interface Slot {
  /** Adapts the tenant's cap to one response: Graph's throttling slows it, clean answers let it recover. */
  observe(status: number, signal: ThrottleSignal | undefined): void;
  /** Gives the place back; only the first call counts. */
  release(): void;
}

/** A tenant's state as tests and diagnostics read it. */
export interface TenantLoad {
  running: number;
  queued: number;
  /** The cap now: the configured one, or less while Graph reports pressure. */
  limit: number;
}

export interface TenantGateOptions {
  /** Most requests in flight for one tenant (M365_MCP_GRAPH_TENANT_CONCURRENCY). */
  tenantLimit: number;
  /** Most requests in flight for one user of a tenant. */
  userLimit: number;
  /** How long an idle tenant's lowered cap is remembered before it is forgotten (and so back to full). */
  pressureMemoryMs?: number;
}

/**
 * Graph's limit windows run from ten seconds (identity and access) to a minute (SharePoint's resource units per app
 * per tenant): a lowered cap outlives a short pause in a tenant's traffic.
 */
const PRESSURE_MEMORY_MS = 60_000;

interface Waiter {
  userId: string;
  grant(): void;
}

class Tenant {
  running = 0;
  readonly byUser = new Map<string, number>();
  readonly queue: Waiter[] = [];
  /** Bumped whenever Graph reports pressure: answers to requests let in before it do not count towards recovery. */
  epoch = 0;
  /** Clean answers since the cap last changed; the cap grows by one after as many as the cap (once per round trip). */
  credit = 0;
  forget: NodeJS.Timeout | undefined;

  constructor(public limit: number) {}
}

const abortReason = (signal: AbortSignal): Error => (signal.reason instanceof Error ? signal.reason : new Error("aborted"));

export class TenantGate {
  private readonly tenants = new Map<string, Tenant>();
  private readonly tenantLimit: number;
  private readonly userLimit: number;
  private readonly pressureMemoryMs: number;

  constructor(options: TenantGateOptions) {
    this.tenantLimit = options.tenantLimit;
    this.userLimit = options.userLimit;
    this.pressureMemoryMs = options.pressureMemoryMs ?? PRESSURE_MEMORY_MS;
  }

  /** A place for one request; waits its turn, and rejects with the signal's reason if the signal aborts first. */
  acquire(key: GateKey, signal: AbortSignal): Promise<Slot> {
    if (signal.aborted) return Promise.reject(abortReason(signal));
    const tenant = this.tenantOf(key.tenantId);
    // Every waiter left is blocked by its user's cap (each change pumps the queue), so a request that fits goes now.
    if (this.fits(tenant, key.userId)) return Promise.resolve(this.take(key, tenant));
    return new Promise<Slot>((resolve, reject) => {
      const waiter: Waiter = {
        userId: key.userId,
        grant: () => {
          signal.removeEventListener("abort", leave);
          resolve(this.take(key, tenant));
        },
      };
      const leave = (): void => {
        tenant.queue.splice(tenant.queue.indexOf(waiter), 1);
        this.settle(key.tenantId, tenant);
        reject(abortReason(signal));
      };
      signal.addEventListener("abort", leave, { once: true });
      tenant.queue.push(waiter);
    });
  }

  /** The tenant's load, or undefined when it has nothing running, queued or remembered. */
  load(tenantId: string): TenantLoad | undefined {
    const tenant = this.tenants.get(tenantId);
    return tenant && { running: tenant.running, queued: tenant.queue.length, limit: tenant.limit };
  }

  private tenantOf(tenantId: string): Tenant {
    let tenant = this.tenants.get(tenantId);
    if (!tenant) {
      tenant = new Tenant(this.tenantLimit);
      this.tenants.set(tenantId, tenant);
    }
    clearTimeout(tenant.forget);
    tenant.forget = undefined;
    return tenant;
  }

  private fits(tenant: Tenant, userId: string): boolean {
    return tenant.running < tenant.limit && (tenant.byUser.get(userId) ?? 0) < this.userLimit;
  }

  private take(key: GateKey, tenant: Tenant): Slot {
    tenant.running++;
    tenant.byUser.set(key.userId, (tenant.byUser.get(key.userId) ?? 0) + 1);
    const epoch = tenant.epoch;
    let released = false;
    return {
      observe: (status, signal) => {
        this.adapt(tenant, epoch, status, signal);
      },
      release: () => {
        if (released) return;
        released = true;
        tenant.running--;
        const left = (tenant.byUser.get(key.userId) ?? 1) - 1;
        if (left === 0) tenant.byUser.delete(key.userId);
        else tenant.byUser.set(key.userId, left);
        this.pump(tenant);
        this.settle(key.tenantId, tenant);
      },
    };
  }

  /** Lets in the first waiters, in order, whose user is under its cap, while the tenant has room. */
  private pump(tenant: Tenant): void {
    for (let i = 0; i < tenant.queue.length && tenant.running < tenant.limit; ) {
      const waiter = tenant.queue[i];
      if (waiter && (tenant.byUser.get(waiter.userId) ?? 0) < this.userLimit) {
        tenant.queue.splice(i, 1);
        waiter.grant();
      } else i++;
    }
  }

  /**
   * Graph reporting pressure lowers the cap at once (multiplicative decrease); clean answers raise it by one per
   * round trip's worth (additive increase), as TCP paces a congested link.
   */
  private adapt(tenant: Tenant, epoch: number, status: number, signal: ThrottleSignal | undefined): void {
    if (status === 429 || signal?.limitPercentage !== undefined) {
      tenant.limit = this.slowDown(tenant.limit, status, signal);
      tenant.epoch++;
      tenant.credit = 0;
      return;
    }
    if (status >= 400 || epoch !== tenant.epoch || tenant.limit >= this.tenantLimit) return;
    if (++tenant.credit < tenant.limit) return;
    tenant.limit++;
    tenant.credit = 0;
    this.pump(tenant);
  }

  private slowDown(limit: number, status: number, signal: ThrottleSignal | undefined): number {
    let target = limit;
    // A 429 naming a tenant or app scope (x-ms-throttle-scope) throttles every request of the tenant: one at a time
    // until it clears. A 429 without one may be a single mailbox's (Outlook limits each app and mailbox): halve.
    if (status === 429) target = signal?.scope ? 1 : Math.floor(limit / 2);
    // x-ms-throttle-limit-percentage comes only past 0.8 of a limit, "to set up an alert and take action": halve the
    // cap there, and fall in line to one request as the share reaches 1 (the limit itself).
    const share = signal?.limitPercentage;
    if (share !== undefined) target = Math.min(target, Math.floor((this.tenantLimit / 2) * Math.min(1, (1 - Math.max(share, 0.8)) / 0.2)));
    return Math.max(1, target);
  }

  /** An idle tenant is forgotten: at once at its full cap, after a while when Graph lowered it, so pressure is remembered. */
  private settle(tenantId: string, tenant: Tenant): void {
    if (tenant.running > 0 || tenant.queue.length > 0) return;
    if (tenant.limit >= this.tenantLimit) {
      this.tenants.delete(tenantId);
      return;
    }
    clearTimeout(tenant.forget);
    tenant.forget = setTimeout(() => {
      if (this.tenants.get(tenantId) === tenant && tenant.running === 0 && tenant.queue.length === 0) this.tenants.delete(tenantId);
    }, this.pressureMemoryMs);
    tenant.forget.unref();
  }
}
