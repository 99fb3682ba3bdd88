// A map bounded by its number of entries and by the bytes they hold, least recently used out first. Every cache this
// server keeps in memory (validated tokens, Graph tokens, group answers, rate-limit windows) is one, so no number of
// users, and no user with an unusually large token, can make a cache outgrow what a small container has.

/** What one entry costs beyond its strings: the Map slot, the record object and its fields (measured on V8, rounded up). */
export const ENTRY_OVERHEAD_BYTES = 160;

/** Bytes a string takes on the heap, at worst (two-byte strings); its header is in ENTRY_OVERHEAD_BYTES. */
export const stringBytes = (value: string): number => 2 * value.length;

/** Bytes a plain value (claims, a token record) takes, estimated as its JSON text's: used once per insert, not per read. */
export const jsonBytes = (value: object): number => stringBytes(JSON.stringify(value));

export interface BoundedLruOptions<K, V> {
  maxEntries: number;
  maxBytes: number;
  /** The bytes an entry holds, its key included; ENTRY_OVERHEAD_BYTES is added to it. */
  sizeOf: (key: K, value: V) => number;
}

interface Slot<V> {
  value: V;
  bytes: number;
}

export class BoundedLru<K, V> {
  /** Map order is least recently used first: get() and set() re-insert the key they touch. */
  private readonly slots = new Map<K, Slot<V>>();
  private held = 0;
  readonly maxEntries: number;
  readonly maxBytes: number;
  private readonly sizeOf: (key: K, value: V) => number;

  constructor(options: BoundedLruOptions<K, V>) {
    this.maxEntries = options.maxEntries;
    this.maxBytes = options.maxBytes;
    this.sizeOf = options.sizeOf;
  }

  get size(): number {
    return this.slots.size;
  }

  /** The bytes the entries hold, as sizeOf counts them plus their overhead. */
  get bytes(): number {
    return this.held;
  }

  /** The value, which becomes the most recently used. */
  get(key: K): V | undefined {
    const slot = this.slots.get(key);
    if (!slot) return undefined;
    this.slots.delete(key);
    this.slots.set(key, slot);
    return slot.value;
  }

  /** The value, leaving the order alone. */
  peek(key: K): V | undefined {
    return this.slots.get(key)?.value;
  }

  /**
   * Stores the value as the most recently used, then evicts the least recently used entries until both bounds hold.
   * An entry larger than maxBytes on its own is not kept (false): it would evict everything and then itself.
   */
  set(key: K, value: V): boolean {
    this.delete(key);
    const bytes = this.sizeOf(key, value) + ENTRY_OVERHEAD_BYTES;
    if (bytes > this.maxBytes) return false;
    this.slots.set(key, { value, bytes });
    this.held += bytes;
    for (const [oldest, slot] of this.slots) {
      if (this.slots.size <= this.maxEntries && this.held <= this.maxBytes) break;
      this.slots.delete(oldest);
      this.held -= slot.bytes;
    }
    return true;
  }

  delete(key: K): void {
    const slot = this.slots.get(key);
    if (!slot) return;
    this.slots.delete(key);
    this.held -= slot.bytes;
  }

  /** Entries, least recently used first; deleting the entry at hand while iterating is safe. */
  entries(): IterableIterator<[K, V]> {
    const slots = this.slots.entries();
    return (function* () {
      for (const [key, slot] of slots) yield [key, slot.value] as [K, V];
    })();
  }
}
