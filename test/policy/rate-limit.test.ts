import assert from "node:assert/strict";
import { RateLimiter } from "../../src/policy/rate-limit.js";

/** A clock the test moves by hand, starting on a whole second. */
function clock(start = 1_700_000_000_000): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

describe("rate limiter", () => {
  it("admits the limit within a minute, then says how long to wait", () => {
    const c = clock();
    const limiter = new RateLimiter(c.now);
    for (let i = 0; i < 3; i++) assert.deepEqual(limiter.take("alice", 3), { ok: true });
    assert.deepEqual(limiter.take("alice", 3), { ok: false, retryAfterSeconds: 61 });
    c.advance(48_000);
    assert.deepEqual(limiter.take("alice", 3), { ok: false, retryAfterSeconds: 13 });
    assert.deepEqual(limiter.take("bob", 3), { ok: true }, "each key has its own window");
  });

  it("rolls the window: calls leave it a minute after their second ends", () => {
    const c = clock();
    const limiter = new RateLimiter(c.now);
    assert.deepEqual(limiter.take("alice", 2), { ok: true });
    c.advance(30_000);
    assert.deepEqual(limiter.take("alice", 2), { ok: true });
    assert.deepEqual(limiter.take("alice", 2), { ok: false, retryAfterSeconds: 31 });
    c.advance(30_999);
    assert.deepEqual(limiter.take("alice", 2), { ok: false, retryAfterSeconds: 1 });
    c.advance(1);
    assert.deepEqual(limiter.take("alice", 2), { ok: true }, "the first call has left the window");
    assert.deepEqual(limiter.take("alice", 2), { ok: false, retryAfterSeconds: 30 });
  });

  it("never lets more than the limit through in any 60 seconds", () => {
    const c = clock(1_700_000_000_500);
    const limiter = new RateLimiter(c.now);
    const admitted: number[] = [];
    for (let i = 0; i < 600; i++) {
      if (limiter.take("alice", 10).ok) admitted.push(c.now());
      c.advance(997);
    }
    for (const start of admitted) assert.ok(admitted.filter((t) => t >= start && t < start + 60_000).length <= 10);
    assert.ok(admitted.length >= 90, `admitted ${admitted.length} over ten minutes`);
  });

  it("counts a batch as its size, and refuses a batch larger than the limit outright", () => {
    const c = clock();
    const limiter = new RateLimiter(c.now);
    assert.deepEqual(limiter.take("alice", 5, 4), { ok: true });
    assert.deepEqual(limiter.take("alice", 5, 2), { ok: false, retryAfterSeconds: 61 });
    assert.deepEqual(limiter.take("alice", 5, 1), { ok: true });
    assert.deepEqual(limiter.take("bob", 5, 6), { ok: false, retryAfterSeconds: 60 });
    assert.deepEqual(limiter.take("bob", 5, 5), { ok: true }, "a refused take counted nothing");
  });

  it("waits for the oldest calls that must leave, not just the first", () => {
    const c = clock();
    const limiter = new RateLimiter(c.now);
    assert.ok(limiter.take("alice", 4, 1).ok);
    c.advance(10_000);
    assert.ok(limiter.take("alice", 4, 1).ok);
    c.advance(10_000);
    assert.ok(limiter.take("alice", 4, 2).ok);
    assert.deepEqual(limiter.take("alice", 4, 2), { ok: false, retryAfterSeconds: 51 }, "both earlier slots must expire");
  });

  it("forgets idle keys after a minute", () => {
    const c = clock();
    const limiter = new RateLimiter(c.now);
    for (let i = 0; i < 1000; i++) limiter.take(`user-${i}`, 5);
    assert.equal(limiter.size, 1000);
    c.advance(61_000);
    limiter.take("late", 5);
    assert.equal(limiter.size, 1);
  });

  it("keeps at most maxKeys keys, dropping the least recently used", () => {
    const c = clock();
    const limiter = new RateLimiter(c.now, { maxKeys: 3 });
    for (const key of ["a", "b", "c"]) limiter.take(key, 1);
    assert.equal(limiter.take("a", 1).ok, false, "touching a makes it recently used");
    limiter.take("d", 1);
    assert.equal(limiter.size, 3);
    assert.equal(limiter.take("b", 1).ok, true, "b was the least recently used, so it was forgotten");
    assert.equal(limiter.take("a", 1).ok, false);
  });

  it("keeps at most maxBytes of keys and slots, dropping the least recently used", () => {
    const c = clock();
    // Each key here holds one slot: room for two long keys, not three.
    const key = (name: string): string => `${name}/${"t".repeat(500)}`;
    const limiter = new RateLimiter(c.now, { maxBytes: 2 * (160 + 1004 + 40) + 100 });
    for (const name of ["a", "b"]) limiter.take(key(name), 1);
    assert.equal(limiter.size, 2);
    limiter.take(key("c"), 1);
    assert.equal(limiter.size, 2);
    assert.equal(limiter.take(key("a"), 1).ok, true, "a was the least recently used, so it was forgotten");
  });
});
