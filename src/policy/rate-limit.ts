// Per-key sliding-window limit: at most N calls in any 60 seconds. Calls are counted in one-second slots, so a
// key holds at most 61 numbers however high the limit is; a slot is kept a full minute after it ends.
import { BoundedLru, stringBytes } from "../cache/bounded-lru.js";

const WINDOW_MS = 60_000;
const SLOT_MS = 1000;
/** A slot object with its two numbers, and its place in the array. */
const SLOT_BYTES = 40;

/** Calls admitted in one one-second slot. */
interface Slot {
  second: number;
  count: number;
}

export type TakeResult = { ok: true } | { ok: false; retryAfterSeconds: number };

export interface RateLimiterOptions {
  /** Most keys kept; past it the least recently used key is forgotten (its user briefly gets a fresh window). */
  maxKeys?: number;
  /** Most bytes the keys and their slots take (a busy key holds up to 61 slots); past it, the same. */
  maxBytes?: number;
}

export class RateLimiter {
  /** Map order is least recently used first: take() re-inserts the key it touches. */
  private readonly windows: BoundedLru<string, Slot[]>;
  private lastSweep: number;

  constructor(
    private readonly now: () => number = Date.now,
    options: RateLimiterOptions = {},
  ) {
    this.windows = new BoundedLru({ maxEntries: options.maxKeys ?? 100_000, maxBytes: options.maxBytes ?? 16 * 1024 * 1024, sizeOf: (key, slots) => stringBytes(key) + slots.length * SLOT_BYTES });
    this.lastSweep = now();
  }

  /** Keys currently tracked. */
  get size(): number {
    return this.windows.size;
  }

  /**
   * Admits `cost` calls for `key` if that keeps it within `perMinute` calls in the last 60 seconds. A refused
   * take counts nothing, so a client that waits retryAfterSeconds gets through. A cost above the limit can
   * never pass and is refused with the full window.
   */
  take(key: string, perMinute: number, cost = 1): TakeResult {
    const now = this.now();
    this.sweep(now);
    const second = Math.floor(now / SLOT_MS);
    const slots = live(this.windows.get(key) ?? [], now);
    this.windows.delete(key);
    const used = slots.reduce((sum, slot) => sum + slot.count, 0);
    if (cost > perMinute) return this.keep(key, slots, { ok: false, retryAfterSeconds: WINDOW_MS / 1000 });
    if (used + cost > perMinute) {
      // Wait until enough of the oldest calls have left the window.
      let freed = 0;
      let expiry = now;
      for (const slot of slots) {
        freed += slot.count;
        expiry = expiresAt(slot);
        if (used + cost - freed <= perMinute) break;
      }
      return this.keep(key, slots, { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((expiry - now) / 1000)) });
    }
    const last = slots.at(-1);
    if (last?.second === second) last.count += cost;
    else slots.push({ second, count: cost });
    return this.keep(key, slots, { ok: true });
  }

  private keep(key: string, slots: Slot[], result: TakeResult): TakeResult {
    // Set again even when unchanged: the slots may have grown, and the bound counts them.
    if (slots.length > 0) this.windows.set(key, slots);
    return result;
  }

  /** Once a minute, forget keys with no call in the window, so idle users cost no memory. */
  private sweep(now: number): void {
    if (now - this.lastSweep < WINDOW_MS) return;
    this.lastSweep = now;
    // A copy: setting a key moves it to the end, where iterating the live map would meet it again.
    for (const [key, slots] of [...this.windows.entries()]) {
      const remaining = live(slots, now);
      if (remaining.length === 0) this.windows.delete(key);
      else if (remaining.length < slots.length) this.windows.set(key, remaining);
    }
  }
}

/** A slot's calls leave the window 60 seconds after the slot ends, so no call leaves before its full minute. */
const expiresAt = (slot: Slot): number => (slot.second + 1) * SLOT_MS + WINDOW_MS;

const live = (slots: Slot[], now: number): Slot[] => slots.filter((slot) => expiresAt(slot) > now);
