// The Graph token cache: sealed with AES-256-GCM under the cache key, bound to its entry, bounded, and expiring early.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { assertionKey, MemoryTokenCache, RecentTokens, TokenSealer, type CachedGraphToken, type TokenCache } from "../../src/auth/token-cache.js";

const HOUR = 3600_000;
const token = (accessToken: string, expiresOn: number): CachedGraphToken => ({ accessToken, scopes: ["Mail.Read"], expiresOn });

describe("Graph token cache", () => {
  it("keys entries by a hash of the incoming token, never the token itself", () => {
    const key = assertionKey("eyJhbGciOiJSUzI1NiJ9.payload.signature");
    assert.match(key, /^[A-Za-z0-9_-]{43}$/);
    assert.ok(!key.includes("payload"));
  });

  it("stores only ciphertext, which opens only under its key and for its own entry", () => {
    const sealer = new TokenSealer(randomBytes(32));
    const sealed = sealer.seal("entry-a", token("graph-secret-token", Date.now() + HOUR));
    assert.ok(!sealed.toString("latin1").includes("graph-secret-token"));
    assert.equal(sealer.open("entry-a", sealed)?.accessToken, "graph-secret-token");
    assert.equal(sealer.open("entry-b", sealed), undefined, "an entry moved to another key does not open");
    assert.equal(new TokenSealer(randomBytes(32)).open("entry-a", sealed), undefined, "another cache key does not open it");
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1] = (tampered[tampered.length - 1] ?? 0) ^ 1;
    assert.equal(sealer.open("entry-a", tampered), undefined, "a tampered entry does not open");
  });

  it("drops an entry five minutes before its token expires, and never stores one that close", async () => {
    let now = 1_000_000;
    const cache = new MemoryTokenCache({ key: randomBytes(32), now: () => now });
    await cache.set("a", token("t1", now + 10 * 60_000));
    assert.equal((await cache.get("a"))?.accessToken, "t1");
    now += 5 * 60_000 - 1;
    assert.equal((await cache.get("a"))?.accessToken, "t1");
    now += 1;
    assert.equal(await cache.get("a"), undefined);
    await cache.set("b", token("t2", now + 4 * 60_000));
    assert.equal(cache.size, 0);
  });

  it("keeps at most maxEntries, evicting the least recently used", async () => {
    const now = Date.now();
    const cache = new MemoryTokenCache({ key: randomBytes(32), maxEntries: 2 });
    await cache.set("a", token("ta", now + HOUR));
    await cache.set("b", token("tb", now + HOUR));
    await cache.get("a");
    await cache.set("c", token("tc", now + HOUR));
    assert.equal(cache.size, 2);
    assert.equal(await cache.get("b"), undefined);
    assert.equal((await cache.get("a"))?.accessToken, "ta");
    assert.equal((await cache.get("c"))?.accessToken, "tc");
    await cache.delete("a");
    assert.equal(await cache.get("a"), undefined);
  });

  it("keeps at most maxBytes of sealed entries, evicting the least recently used", async () => {
    const now = Date.now();
    const big = (name: string): CachedGraphToken => token(`${name}.${"x".repeat(4000)}`, now + HOUR);
    // Room for two sealed 4 KB tokens with their keys, not three.
    const cache = new MemoryTokenCache({ key: randomBytes(32), maxBytes: 9_000 });
    await cache.set("a", big("a"));
    await cache.set("b", big("b"));
    assert.equal(cache.size, 2);
    await cache.get("a");
    await cache.set("c", big("c"));
    assert.equal(cache.size, 2);
    assert.equal(await cache.get("b"), undefined, "b was the least recently used");
    assert.equal((await cache.get("a"))?.accessToken, big("a").accessToken);
    await cache.set("small", token("ts", now + HOUR));
    assert.equal(cache.size, 3, "small entries still fit beside them");
  });

  describe("the decrypted tokens of the last seconds", () => {
    /** The encrypted store, counting the entries it had to open. */
    class CountingStore implements TokenCache {
      opened = 0;
      constructor(readonly inner: MemoryTokenCache) {}
      async get(key: string): Promise<CachedGraphToken | undefined> {
        const found = await this.inner.get(key);
        if (found) this.opened += 1;
        return found;
      }
      set(key: string, value: CachedGraphToken): Promise<void> {
        return this.inner.set(key, value);
      }
      delete(key: string): Promise<void> {
        return this.inner.delete(key);
      }
    }

    let now = 0;
    let store: CountingStore;
    beforeEach(() => {
      now = 1_000_000;
      store = new CountingStore(new MemoryTokenCache({ key: randomBytes(32), now: () => now }));
    });

    it("open a burst's entry once, and again from the store once the burst's 30 s are over", async () => {
      const recent = new RecentTokens(store, { now: () => now });
      await store.set("a", token("ta", now + HOUR));
      for (let i = 0; i < 5; i++) assert.equal((await recent.get("a"))?.accessToken, "ta");
      assert.equal(store.opened, 1);
      now += 30_000;
      assert.equal((await recent.get("a"))?.accessToken, "ta");
      assert.equal(store.opened, 2);
    });

    it("write through to the store, sealed, and forget a deleted token in both", async () => {
      const recent = new RecentTokens(store, { now: () => now });
      await recent.set("a", token("ta", now + HOUR));
      assert.equal((await recent.get("a"))?.accessToken, "ta");
      assert.equal(store.opened, 0, "a token just written is served from memory");
      assert.equal(store.inner.size, 1);
      await recent.delete("a");
      assert.equal(await recent.get("a"), undefined);
      assert.equal(store.inner.size, 0);
    });

    it("never keep a token past the store's own expiry for it", async () => {
      const recent = new RecentTokens(store, { now: () => now });
      await recent.set("a", token("ta", now + 5 * 60_000 + 10_000));
      now += 10_000;
      assert.equal(await recent.get("a"), undefined);
    });

    it("keep at most maxEntries", async () => {
      const recent = new RecentTokens(store, { now: () => now, maxEntries: 2 });
      for (const key of ["a", "b", "c"]) await recent.set(key, token(`t${key}`, now + HOUR));
      await recent.get("a");
      assert.equal(store.opened, 1, "the oldest entry was evicted and read from the store again");
      await recent.get("c");
      assert.equal(store.opened, 1);
    });
  });
});
