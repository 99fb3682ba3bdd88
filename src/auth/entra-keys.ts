// The authority's signing keys: found through its v2.0 OpenID configuration, cached, and fetched again
// (with a cooldown) when a token names a key we have not seen, which is how Entra rolls keys over.
import { createRemoteJWKSet, customFetch, type JWTVerifyGetKey } from "jose";
import type { EntraConfig } from "../config/load.js";
import { EntraUnavailable } from "./entra-http.js";
import type { OpenIdConfiguration } from "./openid-configuration.js";

export const KEYS_COOLDOWN_MS = 30_000;
const KEYS_MAX_AGE_MS = 24 * 60 * 60 * 1000;

export class EntraSigningKeys {
  private keys: Promise<JWTVerifyGetKey> | undefined;

  /** `discovery` is the configured tenant's (or `organizations`') v2.0 document, whose keys sign every tenant's tokens. */
  constructor(
    private readonly entra: EntraConfig,
    private readonly discovery: OpenIdConfiguration,
  ) {}

  /** A jose key resolver; a failed discovery is forgotten so the next request tries again. */
  resolver(): Promise<JWTVerifyGetKey> {
    this.keys ??= this.discover().catch((error: unknown) => {
      this.keys = undefined;
      throw error;
    });
    return this.keys;
  }

  private async discover(): Promise<JWTVerifyGetKey> {
    const document = await this.discovery.fetch();
    const jwksUri = typeof document["jwks_uri"] === "string" ? safeUrl(document["jwks_uri"]) : undefined;
    if (!jwksUri || jwksUri.protocol !== "https:" || jwksUri.host !== this.entra.authorityHost.host) {
      this.discovery.forget();
      throw new EntraUnavailable(`the discovery document at ${this.discovery.url.href} names no jwks_uri on ${this.entra.authorityHost.host}`);
    }
    return createRemoteJWKSet(jwksUri, { cooldownDuration: KEYS_COOLDOWN_MS, cacheMaxAge: KEYS_MAX_AGE_MS, timeoutDuration: this.entra.timeoutMs, [customFetch]: this.discovery.outbound });
  }
}

function safeUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}
