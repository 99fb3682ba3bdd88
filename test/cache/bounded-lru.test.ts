// The one bounded cache every in-memory cache uses: least recently used out first, by entries and by bytes.
import assert from "node:assert/strict";
import { BoundedLru, ENTRY_OVERHEAD_BYTES, stringBytes } from "../../src/cache/bounded-lru.js";

const lru = (maxEntries: number, maxBytes: number): BoundedLru<string, string> => new BoundedLru({ maxEntries, maxBytes, sizeOf: (key, value) => stringBytes(key) + stringBytes(value) });
/** What one entry of a one-character key and `chars` characters of value counts. */
const entryBytes = (chars: number): number => ENTRY_OVERHEAD_BYTES + 2 + 2 * chars;

describe("bounded LRU cache", () => {
  it("evicts the least recently used entries once their bytes pass the bound, whatever the entry count", () => {
    const cache = lru(1000, 3 * entryBytes(100));
    for (const key of ["a", "b", "c"]) cache.set(key, "x".repeat(100));
    assert.equal(cache.bytes, 3 * entryBytes(100));
    cache.get("a");
    cache.set("d", "x".repeat(100));
    assert.deepEqual([...cache.entries()].map(([key]) => key), ["c", "a", "d"], "b was the least recently used");
    cache.set("e", "x".repeat(250));
    assert.deepEqual([...cache.entries()].map(([key]) => key), ["d", "e"], "a large entry makes room for itself from the oldest");
    assert.ok(cache.bytes <= cache.maxBytes);
  });

  it("evicts past the entry bound however small the entries", () => {
    const cache = lru(2, 1024 * 1024);
    for (const key of ["a", "b", "c"]) cache.set(key, "v");
    assert.equal(cache.size, 2);
    assert.equal(cache.peek("a"), undefined);
    assert.equal(cache.get("c"), "v");
  });

  it("does not keep an entry larger than the whole bound, nor evict anything for it", () => {
    const cache = lru(10, entryBytes(100));
    cache.set("a", "x".repeat(10));
    assert.equal(cache.set("b", "x".repeat(1000)), false);
    assert.equal(cache.peek("b"), undefined);
    assert.equal(cache.get("a"), "x".repeat(10));
  });

  it("counts a replaced or deleted entry's bytes out", () => {
    const cache = lru(10, 1024 * 1024);
    cache.set("a", "x".repeat(100));
    cache.set("a", "x".repeat(10));
    assert.equal(cache.bytes, entryBytes(10));
    cache.delete("a");
    assert.equal(cache.bytes, 0);
    assert.equal(cache.size, 0);
  });

  it("peek leaves the order alone", () => {
    const cache = lru(2, 1024 * 1024);
    cache.set("a", "1");
    cache.set("b", "2");
    cache.peek("a");
    cache.set("c", "3");
    assert.equal(cache.peek("a"), undefined, "a was still the oldest");
  });
});
