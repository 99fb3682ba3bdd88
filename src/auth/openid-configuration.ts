// The authority's OpenID configuration documents, v2.0 (keys and v2.0 issuer) and v1.0 (v1.0 issuer): each fetched
// once through the deadline-bound Entra fetch and kept for the process's lifetime, since Entra does not change them.
import type { EntraConfig } from "../config/load.js";
import type { OutboundFetch } from "../net/outbound.js";
import { EntraUnavailable, fetchEntraJson } from "./entra-http.js";

export type TokenVersion = "1.0" | "2.0";

export class OpenIdConfiguration {
  private document: Promise<Readonly<Record<string, unknown>>> | undefined;

  constructor(
    readonly url: URL,
    private readonly timeoutMs: number,
    /** The process's outbound pool, which the signing keys are fetched through too. */
    readonly outbound: OutboundFetch,
  ) {}

  /** The configured tenant's (or `organizations`') document of a token version. */
  static of(entra: EntraConfig, version: TokenVersion, outbound: OutboundFetch): OpenIdConfiguration {
    const path = version === "2.0" ? `${entra.tenant}/v2.0/.well-known/openid-configuration` : `${entra.tenant}/.well-known/openid-configuration`;
    return new OpenIdConfiguration(new URL(path, entra.authorityHost), entra.timeoutMs, outbound);
  }

  /** The document; a failed fetch is forgotten so the next call tries again. Throws EntraUnavailable. */
  fetch(): Promise<Readonly<Record<string, unknown>>> {
    this.document ??= this.load().catch((error: unknown) => {
      this.forget();
      throw error;
    });
    return this.document;
  }

  /** Drops a document its reader found unusable, so the next call fetches it again. */
  forget(): void {
    this.document = undefined;
  }

  private async load(): Promise<Readonly<Record<string, unknown>>> {
    const body = await fetchEntraJson<unknown>(this.url, this.timeoutMs, this.outbound);
    if (typeof body !== "object" || body === null || Array.isArray(body)) throw new EntraUnavailable(`${this.url.href} did not answer with a JSON object`);
    return body as Record<string, unknown>;
  }
}
