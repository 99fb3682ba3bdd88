// The authority's signing keys: found through its OpenID discovery document, cached, and fetched again
// (with a cooldown) when a token names a key we have not seen, which is how Entra rolls keys over.
import { createRemoteJWKSet, customFetch, type JWTVerifyGetKey } from "jose";
import type { EntraConfig } from "../config/load.js";
import type { OutboundFetch } from "../net/outbound.js";
import { EntraUnavailable, fetchEntraJson } from "./entra-http.js";

const COOLDOWN_MS = 30_000;
const KEYS_MAX_AGE_MS = 24 * 60 * 60 * 1000;

interface DiscoveryDocument {
  jwks_uri: string;
}

export class EntraSigningKeys {
  private keys: Promise<JWTVerifyGetKey> | undefined;

  constructor(
    private readonly entra: EntraConfig,
    private readonly fetch: OutboundFetch,
  ) {}

  /** The discovery document of the configured tenant (or `organizations`), whose keys sign every tenant's tokens. */
  get discoveryUrl(): URL {
    return new URL(`${this.entra.tenant}/v2.0/.well-known/openid-configuration`, this.entra.authorityHost);
  }

  /** A jose key resolver; a failed discovery is forgotten so the next request tries again. */
  resolver(): Promise<JWTVerifyGetKey> {
    this.keys ??= this.discover().catch((error: unknown) => {
      this.keys = undefined;
      throw error;
    });
    return this.keys;
  }

  private async discover(): Promise<JWTVerifyGetKey> {
    const document = await fetchEntraJson<Partial<DiscoveryDocument>>(this.discoveryUrl, this.entra.timeoutMs, this.fetch);
    const jwksUri = typeof document.jwks_uri === "string" ? safeUrl(document.jwks_uri) : undefined;
    if (!jwksUri || jwksUri.protocol !== "https:" || jwksUri.host !== this.entra.authorityHost.host) {
      throw new EntraUnavailable(`the discovery document at ${this.discoveryUrl.href} names no jwks_uri on ${this.entra.authorityHost.host}`);
    }
    return createRemoteJWKSet(jwksUri, { cooldownDuration: COOLDOWN_MS, cacheMaxAge: KEYS_MAX_AGE_MS, timeoutDuration: this.entra.timeoutMs, [customFetch]: this.fetch });
  }
}

function safeUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}
