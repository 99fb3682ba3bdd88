// On-Behalf-Of with msal-node: the user's token for this API becomes a Graph token for the same user,
// through our encrypted cache. msal's own cache is cleared after each exchange so tokens live only in ours.
import { ConfidentialClientApplication, InteractionRequiredAuthError, LogLevel, ServerError, type Configuration } from "@azure/msal-node";
import type { EntraConfig } from "../config/load.js";
import { oboFailureFields, type OboFailureFields } from "../audit/obo.js";
import type { OutboundFetch } from "../net/outbound.js";
import { TimedNetworkClient } from "./entra-http.js";
import type { CachedGraphToken, TokenCache } from "./token-cache.js";

/** Sign-in hosts msal knows without asking the public instance-discovery endpoint. */
export const PUBLIC_AUTHORITY_HOSTS = new Set(["login.microsoftonline.com", "login.microsoftonline.us", "login.chinacloudapi.cn", "login.partner.microsoftonline.cn"]);
const NOT_PERMISSIONS = new Set([".default", "openid", "profile", "email", "offline_access"]);

export interface GraphAccess extends CachedGraphToken {
  source: "cache" | "network";
}

export type OboFailure =
  | { kind: "consent_required"; aadsts: string | undefined; message: string }
  | { kind: "claims_challenge"; aadsts: string | undefined; claims: string; message: string }
  | { kind: "invalid_grant"; aadsts: string | undefined; message: string }
  | { kind: "server_misconfigured"; aadsts: string | undefined; message: string }
  | { kind: "unavailable"; aadsts: string | undefined; message: string };

export class OboFailed extends Error {
  override name = "OboFailed";
  constructor(
    readonly failure: OboFailure,
    /** What the audit trail records of Entra's answer. */
    readonly fields: OboFailureFields,
  ) {
    super(failure.message);
  }
}

/** AADSTS65001 and its kin: nobody has consented to the Graph permissions for this tenant yet. */
const CONSENT_CODES = new Set(["65001", "65004", "65005"]);
/** Entra refused the server's own app (credential, client id, Graph resource): a new user token cannot help. */
const APP_ERRORS = new Set(["invalid_client", "unauthorized_client", "invalid_resource"]);
const APP_CODES = new Set(["7000215", "7000222", "700027", "700024", "700016", "500011", "90002"]);

export function credential(entra: EntraConfig): Pick<Configuration["auth"], "clientSecret" | "clientCertificate"> {
  if (entra.credential.kind === "secret") return { clientSecret: entra.credential.secret };
  const { thumbprintSha256, privateKeyPem, certificatePem } = entra.credential;
  return { clientCertificate: { thumbprintSha256, privateKey: privateKeyPem, x5c: certificatePem } };
}

export class OboExchange {
  private readonly msal: ConfidentialClientApplication;
  private readonly graphResource: string;
  /** One exchange per incoming token at a time: concurrent calls with a new token share it. */
  private readonly inFlight = new Map<string, Promise<GraphAccess>>();

  constructor(
    private readonly entra: EntraConfig,
    graphEndpoint: URL,
    private readonly cache: TokenCache,
    fetch: OutboundFetch,
  ) {
    this.graphResource = graphEndpoint.origin;
    const host = entra.authorityHost.host;
    this.msal = new ConfidentialClientApplication({
      auth: {
        clientId: entra.clientId,
        authority: new URL(entra.tenant, entra.authorityHost).href,
        ...credential(entra),
        ...(PUBLIC_AUTHORITY_HOSTS.has(host) ? {} : { knownAuthorities: [host] }),
      },
      system: {
        networkClient: new TimedNetworkClient(entra.timeoutMs, fetch),
        loggerOptions: { piiLoggingEnabled: false, logLevel: LogLevel.Error, loggerCallback: () => undefined },
      },
    });
  }

  /** The admin-consent link for a tenant: it grants every permission the app registration requests. */
  adminConsentUrl(tenantId: string): string {
    return `${new URL(`${tenantId}/adminconsent`, this.entra.authorityHost).href}?client_id=${this.entra.clientId}`;
  }

  /** `key` is the assertion's cache key, which its validation already computed (assertionKey). */
  async graphAccess(assertion: string, tenantId: string, key: string): Promise<GraphAccess> {
    const cached = await this.cache.get(key);
    if (cached) return { ...cached, source: "cache" };
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.exchange(key, assertion, tenantId).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  private async exchange(key: string, assertion: string, tenantId: string): Promise<GraphAccess> {
    try {
      // The user's own tenant: OBO through `common` or `organizations` is refused by Entra.
      const result = await this.msal.acquireTokenOnBehalfOf({
        oboAssertion: assertion,
        scopes: [`${this.graphResource}/.default`],
        authority: new URL(tenantId, this.entra.authorityHost).href,
        skipCache: true,
      });
      if (!result?.accessToken) throw new OboFailed({ kind: "unavailable", aadsts: undefined, message: "Entra returned no Graph token." }, {});
      const token: CachedGraphToken = {
        accessToken: result.accessToken,
        scopes: this.permissions(result.scopes),
        expiresOn: result.expiresOn?.getTime() ?? Date.now() + 60 * 60_000,
      };
      await this.cache.set(key, token);
      return { ...token, source: "network" };
    } catch (error) {
      throw error instanceof OboFailed ? error : new OboFailed(this.failure(error, tenantId), oboFailureFields(error));
    } finally {
      this.msal.clearCache();
    }
  }

  /** Granted Graph permissions by their short names, e.g. Mail.Read. */
  private permissions(scopes: readonly string[]): string[] {
    const prefix = `${this.graphResource.toLowerCase()}/`;
    return scopes
      .map((scope) => (scope.toLowerCase().startsWith(prefix) ? scope.slice(prefix.length) : scope))
      .filter((scope) => !NOT_PERMISSIONS.has(scope.toLowerCase()));
  }

  private failure(error: unknown, tenantId: string): OboFailure {
    const aadsts = error instanceof ServerError || error instanceof InteractionRequiredAuthError ? aadstsOf(error) : undefined;
    if (error instanceof InteractionRequiredAuthError && error.claims) {
      return { kind: "claims_challenge", aadsts, claims: error.claims, message: "Your organization requires you to sign in again (multi-factor authentication or a conditional access policy)." };
    }
    if ((aadsts && CONSENT_CODES.has(aadsts)) || (error instanceof InteractionRequiredAuthError && error.errorCode === "consent_required")) {
      return {
        kind: "consent_required",
        aadsts,
        message: `An administrator of your organization has not yet consented to this app's Microsoft Graph permissions, so it cannot act for you. A global or privileged-role administrator can grant consent for the whole organization at ${this.adminConsentUrl(tenantId)}`,
      };
    }
    if (error instanceof ServerError && (APP_ERRORS.has(error.errorCode) || (aadsts !== undefined && APP_CODES.has(aadsts)))) {
      return {
        kind: "server_misconfigured",
        aadsts,
        message: `Microsoft Entra ID refused this server's app credentials${aadsts ? ` (AADSTS${aadsts})` : ""}, so it cannot act for anyone. This is not your sign-in: tell the server's administrator, who can run \`m365-mcp doctor\` to find the fix.`,
      };
    }
    if (error instanceof ServerError || error instanceof InteractionRequiredAuthError) {
      if (error.errorCode === "invalid_grant" || error.errorCode === "interaction_required" || error.errorCode === "invalid_request") {
        return { kind: "invalid_grant", aadsts, message: "Entra refused to exchange this token; sign in again." };
      }
      if (error instanceof ServerError && error.status !== undefined && error.status < 500) {
        return { kind: "invalid_grant", aadsts, message: "Entra refused to exchange this token; sign in again." };
      }
    }
    return { kind: "unavailable", aadsts, message: "Microsoft Entra ID could not be reached to sign you in to Microsoft Graph; try again shortly." };
  }
}

/** Entra's error number; msal passes on error_codes[0], which arrives as a JSON number despite its string type. */
export function aadstsOf(error: ServerError | InteractionRequiredAuthError): string | undefined {
  const errorNo = error.errorNo as string | number | undefined;
  return errorNo !== undefined ? String(errorNo) : /AADSTS(\d+)/.exec(error.errorMessage)?.[1];
}
