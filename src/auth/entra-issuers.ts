// Which issuers a token may carry: the templates the authority's OpenID configuration documents advertise, with the
// token's own tenant put in, so the issuer stays bound to tid. The known clouds' issuers stand in for a document that
// cannot be read; each version has its own document, so one failing never blocks the other version's tokens.
import type { EntraConfig } from "../config/load.js";
import type { Logger } from "../logging/logger.js";
import { KEYS_COOLDOWN_MS } from "./entra-keys.js";
import { OpenIdConfiguration, type TokenVersion } from "./openid-configuration.js";

/** Where Entra's documents put the token's tenant id in an issuer. */
const PLACEHOLDER = "{tenantid}";
const SAMPLE_TENANT = "00000000-0000-4000-8000-000000000000";
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Each sign-in cloud's issuer templates, by its authority hosts: used only while a document cannot be read. */
const CLOUDS: ReadonlyArray<{ hosts: readonly string[]; v1: string }> = [
  { hosts: ["login.microsoftonline.com"], v1: "https://sts.windows.net/{tenantid}/" },
  { hosts: ["login.microsoftonline.us"], v1: "https://sts.windows.net/{tenantid}/" },
  { hosts: ["login.chinacloudapi.cn", "login.partner.microsoftonline.cn"], v1: "https://sts.chinacloudapi.cn/{tenantid}/" },
];

type Parsed = { template: string } | { problem: string };

/**
 * A document's `issuer` as a template: as published for `organizations` and `common`, or, for a single tenant's
 * document, with that tenant turned back into the placeholder. It must be https and name the tenant.
 */
export function issuerTemplate(issuer: unknown, configuredTenant: string): Parsed {
  if (typeof issuer !== "string" || issuer === "") return { problem: "it has no issuer" };
  let template = issuer;
  if (!issuer.includes(PLACEHOLDER)) {
    const at = issuer.toLowerCase().indexOf(configuredTenant);
    if (!GUID.test(configuredTenant) || at < 0) return { problem: `its issuer ${issuer} names neither ${PLACEHOLDER} nor the tenant ${configuredTenant}` };
    template = issuer.slice(0, at) + PLACEHOLDER + issuer.slice(at + configuredTenant.length);
  }
  let url: URL;
  try {
    url = new URL(template.replaceAll(PLACEHOLDER, SAMPLE_TENANT));
  } catch {
    return { problem: `its issuer ${issuer} is not a URL` };
  }
  if (url.protocol !== "https:") return { problem: `its issuer ${issuer} is not an https URL` };
  return { template };
}

/** The issuers of one token version: the document's once read, the fallback's meanwhile. */
class VersionIssuers {
  private fromDocument: string | undefined;
  private retryAt = 0;
  private warned = false;

  constructor(
    private readonly version: TokenVersion,
    private readonly document: OpenIdConfiguration,
    private readonly fallback: readonly string[],
    private readonly tenant: string,
    private readonly logger: Logger,
  ) {}

  async templates(): Promise<readonly string[]> {
    if (this.fromDocument) return [this.fromDocument];
    // Like the keys' cooldown: a document that failed is asked again only every so often, not by every request.
    if (Date.now() < this.retryAt) return this.fallback;
    let parsed: Parsed;
    try {
      parsed = issuerTemplate((await this.document.fetch())["issuer"], this.tenant);
    } catch (error) {
      parsed = { problem: (error as Error).message };
    }
    if ("template" in parsed) {
      if (this.warned) this.logger.info({ url: this.document.url.href, issuer: parsed.template }, `the v${this.version} token issuer is now read from the authority's OpenID configuration`);
      this.fromDocument = parsed.template;
      return [parsed.template];
    }
    this.document.forget();
    this.retryAt = Date.now() + KEYS_COOLDOWN_MS;
    if (!this.warned) {
      this.warned = true;
      const consequence = this.fallback.length > 0 ? "accepting the known cloud's issuers until it can be read" : `v${this.version} tokens are refused until it can be read`;
      this.logger.warn({ url: this.document.url.href, problem: parsed.problem, fallback: this.fallback }, `cannot read the v${this.version} token issuer from the authority's OpenID configuration; ${consequence}`);
    }
    return this.fallback;
  }
}

export class EntraIssuers {
  private readonly versions: ReadonlyArray<[TokenVersion, VersionIssuers]>;

  /** `v2` is the document the signing keys come from too, so it is fetched once for both. */
  constructor(entra: EntraConfig, v2: OpenIdConfiguration, logger: Logger) {
    const host = entra.authorityHost.host;
    const cloud = CLOUDS.find((c) => c.hosts.includes(host));
    const v2Fallback = (cloud?.hosts ?? [host]).map((h) => `https://${h}/${PLACEHOLDER}/v2.0`);
    // v2.0 first: a v2.0 token never waits for the v1.0 document.
    this.versions = [
      ["2.0", new VersionIssuers("2.0", v2, v2Fallback, entra.tenant, logger)],
      ["1.0", new VersionIssuers("1.0", OpenIdConfiguration.of(entra, "1.0", v2.outbound), cloud ? [cloud.v1] : [], entra.tenant, logger)],
    ];
  }

  /** The version whose issuer, for the token's tenant, the token carries; undefined for any other issuer. */
  async versionOf(issuer: string | undefined, tenantId: string): Promise<TokenVersion | undefined> {
    if (issuer === undefined) return undefined;
    for (const [version, issuers] of this.versions) {
      if ((await issuers.templates()).some((template) => template.replaceAll(PLACEHOLDER, tenantId) === issuer)) return version;
    }
    return undefined;
  }
}
