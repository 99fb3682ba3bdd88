// The only cache of credentials this server keeps: Graph tokens from the On-Behalf-Of exchange, encrypted at rest in
// memory, keyed by a hash of the user's incoming token, bounded in entries and bytes, each entry gone when its token
// nears expiry.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { BoundedLru, jsonBytes, stringBytes } from "../cache/bounded-lru.js";

export interface CachedGraphToken {
  accessToken: string;
  /** The delegated Graph permissions the token carries. */
  scopes: string[];
  /** Milliseconds since the epoch. */
  expiresOn: number;
}

/** Get, set and delete encrypted entries; in memory now, a shared store behind the same interface later. */
export interface TokenCache {
  get(key: string): Promise<CachedGraphToken | undefined>;
  set(key: string, token: CachedGraphToken): Promise<void>;
  delete(key: string): Promise<void>;
}

/** The cache key of an incoming token: a hash, so the cache never holds the user's token itself. */
export const assertionKey = (assertion: string): string => createHash("sha256").update(assertion).digest("base64url");

/** AES-256-GCM with a fresh IV per entry; the key is bound in as associated data so entries cannot be swapped. */
export class TokenSealer {
  constructor(private readonly key: Uint8Array) {
    if (key.byteLength !== 32) throw new Error("the token cache key must be 32 bytes");
  }

  seal(cacheKey: string, token: CachedGraphToken): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv).setAAD(Buffer.from(cacheKey));
    const body = Buffer.concat([cipher.update(JSON.stringify(token), "utf8"), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  /** Undefined when the entry was not sealed under this key for this cache key. */
  open(cacheKey: string, sealed: Buffer): CachedGraphToken | undefined {
    try {
      const decipher = createDecipheriv("aes-256-gcm", this.key, sealed.subarray(0, 12)).setAAD(Buffer.from(cacheKey));
      decipher.setAuthTag(sealed.subarray(12, 28));
      const text = Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString("utf8");
      return JSON.parse(text) as CachedGraphToken;
    } catch {
      return undefined;
    }
  }
}

/** A cached token is dropped this long before it expires, so a token handed out still has time to be used. */
export const TOKEN_SAFETY_MARGIN_MS = 5 * 60_000;

/** Graph tokens run from 1.5 to about 5 KB sealed (more with many groups): 16 MB holds several thousand users' tokens. */
const MAX_STORE_BYTES = 16 * 1024 * 1024;

export interface MemoryTokenCacheOptions {
  key: Uint8Array;
  maxEntries?: number;
  maxBytes?: number;
  /** An entry is dropped this long before its token expires, so a token handed out still has time to be used. */
  safetyMarginMs?: number;
  now?: () => number;
}

export class MemoryTokenCache implements TokenCache {
  private readonly entries: BoundedLru<string, { sealed: Buffer; expiresAt: number }>;
  private readonly sealer: TokenSealer;
  private readonly safetyMarginMs: number;
  private readonly now: () => number;

  constructor(options: MemoryTokenCacheOptions) {
    this.sealer = new TokenSealer(options.key);
    this.entries = new BoundedLru({ maxEntries: options.maxEntries ?? 10_000, maxBytes: options.maxBytes ?? MAX_STORE_BYTES, sizeOf: (key, entry) => stringBytes(key) + entry.sealed.byteLength });
    this.safetyMarginMs = options.safetyMarginMs ?? TOKEN_SAFETY_MARGIN_MS;
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): Promise<CachedGraphToken | undefined> {
    const entry = this.entries.get(key);
    if (!entry) return Promise.resolve(undefined);
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return Promise.resolve(undefined);
    }
    return Promise.resolve(this.sealer.open(key, entry.sealed));
  }

  set(key: string, token: CachedGraphToken): Promise<void> {
    const expiresAt = token.expiresOn - this.safetyMarginMs;
    if (expiresAt <= this.now()) return Promise.resolve();
    this.entries.set(key, { sealed: this.sealer.seal(key, token), expiresAt });
    return Promise.resolve();
  }

  delete(key: string): Promise<void> {
    this.entries.delete(key);
    return Promise.resolve();
  }
}

export interface RecentTokensOptions {
  /** How long a decrypted token is kept after it was last read from or written to the encrypted store. */
  ttlMs?: number;
  maxEntries?: number;
  maxBytes?: number;
  /** As the store's: a token is never kept within this long of its expiry. */
  safetyMarginMs?: number;
  now?: () => number;
}

/**
 * The decrypted Graph tokens of the last few seconds, in this process only, in front of the encrypted store: a
 * client's burst of requests opens its entry once, not once per request. The store, in memory or shared, holds
 * only sealed entries; a token stays decrypted here for at most `ttlMs` after it was last fetched from the store,
 * never past the store's own expiry for it.
 */
export class RecentTokens implements TokenCache {
  private readonly entries: BoundedLru<string, { token: CachedGraphToken; until: number }>;
  private readonly ttlMs: number;
  private readonly safetyMarginMs: number;
  private readonly now: () => number;

  constructor(
    private readonly store: TokenCache,
    options: RecentTokensOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 30_000;
    // Decrypted tokens are kept briefly and few: 1,000 of them, and never more than 4 MB.
    this.entries = new BoundedLru({ maxEntries: options.maxEntries ?? 1000, maxBytes: options.maxBytes ?? 4 * 1024 * 1024, sizeOf: (key, entry) => stringBytes(key) + jsonBytes(entry.token) });
    this.safetyMarginMs = options.safetyMarginMs ?? TOKEN_SAFETY_MARGIN_MS;
    this.now = options.now ?? Date.now;
  }

  async get(key: string): Promise<CachedGraphToken | undefined> {
    const recent = this.entries.get(key);
    if (recent && recent.until > this.now()) return recent.token;
    this.entries.delete(key);
    const token = await this.store.get(key);
    if (token) this.remember(key, token);
    return token;
  }

  async set(key: string, token: CachedGraphToken): Promise<void> {
    await this.store.set(key, token);
    this.remember(key, token);
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
    await this.store.delete(key);
  }

  private remember(key: string, token: CachedGraphToken): void {
    const until = Math.min(this.now() + this.ttlMs, token.expiresOn - this.safetyMarginMs);
    if (until <= this.now()) return;
    this.entries.set(key, { token, until });
  }
}
