// Simulated Microsoft Entra ID as MSW handlers: OpenID discovery, the signing keys, and the token endpoint's
// On-Behalf-Of and client-credentials grants. Tokens are real RS256 JWTs, so the server's jose and msal-node code
// runs unchanged against them, in the tests and in the sandbox alike.
import { randomUUID, X509Certificate, type KeyObject } from "node:crypto";
import { exportJWK, generateKeyPair, jwtVerify, SignJWT, type CryptoKey, type JWK, type JWTPayload } from "jose";
import { HttpResponse, http, type RequestHandler } from "msw";

export interface SimulatedUser {
  tenantId: string;
  userId: string;
  upn: string;
  /** The delegated Graph permissions the token exchange grants this user. */
  scopes: string[];
}

/** The app registration the simulation plays the identity provider for. */
export interface SimulatedApp {
  clientId: string;
  clientSecret: string;
  apiScope: string;
  authorityHost: string;
  graphResource: string;
  /** The v1.0 issuer template ({tenantid} for the tenant) the v1.0 discovery document advertises and v1.0 tokens carry; sts.windows.net's by default. */
  v1Issuer?: string;
}

export interface TokenOptions {
  /** Claims to set (or, with undefined, to remove) on top of a valid v2.0 user token. */
  claims?: Record<string, unknown>;
  /** Protected header values on top of { alg: RS256, kid }. */
  header?: Record<string, unknown>;
  /** A v1.0 token: the app's v1.0 issuer (sts.windows.net's by default), upn instead of preferred_username, api:// audience. */
  v1?: boolean;
  lifetimeSeconds?: number;
}

/** What the token endpoint answers instead of a token. */
export interface TokenFailure {
  status: number;
  error: string;
  description: string;
  codes?: number[];
  suberror?: string;
  claims?: string;
}

export interface TokenRequest {
  tenant: string;
  form: URLSearchParams;
}

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  jwk: JWK;
}

/** The client application (an MCP client) the simulated user tokens say they were issued to. */
export const SIMULATED_CLIENT_APP = "a0000000-0000-4000-8000-0000000000c1";

const V1_ISSUER = "https://sts.windows.net/{tenantid}/";

export async function signingKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair("RS256");
  const kid = randomUUID();
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, use: "sig", alg: "RS256" } };
}

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

export class SimulatedEntra {
  readonly tokenRequests: TokenRequest[] = [];
  readonly keyRequests: string[] = [];
  /** The OpenID configuration documents asked for, as `{version} {tenant}`. */
  readonly discoveryRequests: string[] = [];
  /** Incoming tokens the OBO grant accepts, and whom they name. */
  private readonly assertions = new Map<string, SimulatedUser>();
  private certificate: { publicKey: KeyObject; thumbprint: string } | undefined;

  protected constructor(
    protected readonly app: SimulatedApp,
    private readonly key: SigningKey,
  ) {}

  static async start(app: SimulatedApp, key?: SigningKey): Promise<SimulatedEntra> {
    return new SimulatedEntra(app, key ?? (await signingKey()));
  }

  get kid(): string {
    return this.key.kid;
  }

  /** The Graph token the OBO grant issues for a user; the simulated Graph tells users apart by it. */
  static graphTokenOf(user: Pick<SimulatedUser, "userId">): string {
    return `graph-token-${user.userId}`;
  }

  /** A valid access token for the API, unless options make it otherwise; the OBO grant accepts it for `user`. */
  token(user: SimulatedUser, options: TokenOptions = {}): Promise<string> {
    return this.sign(user, options, this.key);
  }

  protected async sign(user: SimulatedUser, options: TokenOptions, key: SigningKey): Promise<string> {
    const { clientId, apiScope, authorityHost } = this.app;
    const now = nowSeconds();
    const base: JWTPayload = options.v1
      ? { aud: `api://${clientId}`, iss: (this.app.v1Issuer ?? V1_ISSUER).replace("{tenantid}", user.tenantId), upn: user.upn, appid: SIMULATED_CLIENT_APP, ver: "1.0" }
      : { aud: clientId, iss: `${authorityHost}/${user.tenantId}/v2.0`, preferred_username: user.upn, azp: SIMULATED_CLIENT_APP, ver: "2.0" };
    const all: Record<string, unknown> = {
      ...base,
      tid: user.tenantId,
      oid: user.userId,
      scp: apiScope,
      uti: randomUUID(),
      iat: now,
      nbf: now,
      exp: now + (options.lifetimeSeconds ?? 3600),
      ...options.claims,
    };
    const claims = Object.fromEntries(Object.entries(all).filter(([, value]) => value !== undefined));
    const token = await new SignJWT(claims).setProtectedHeader({ alg: "RS256", kid: key.kid, typ: "JWT", ...options.header }).sign(key.privateKey);
    this.assertions.set(token, user);
    return token;
  }

  /** Registers the app's certificate credential, as uploading it to the app registration does. */
  registerCertificate(pem: string): void {
    const certificate = new X509Certificate(pem);
    this.certificate = { publicKey: certificate.publicKey, thumbprint: Buffer.from(certificate.fingerprint256.replace(/:/g, ""), "hex").toString("base64url") };
  }

  /** A reply that replaces the token endpoint's normal answer (tests inject failures here). */
  protected interrupt(): Promise<Response | undefined> {
    return Promise.resolve(undefined);
  }

  protected keysAvailable(): boolean {
    return true;
  }

  /** The issuer a version's discovery document advertises, a template for organizations and common; undefined answers 503 (tests change both). */
  protected advertisedIssuer(version: "1.0" | "2.0", tenant: string): string | undefined {
    const issuerTenant = ["organizations", "common"].includes(tenant) ? "{tenantid}" : tenant;
    return (version === "1.0" ? (this.app.v1Issuer ?? V1_ISSUER) : `${this.app.authorityHost}/{tenantid}/v2.0`).replace("{tenantid}", issuerTenant);
  }

  get handlers(): RequestHandler[] {
    const host = this.app.authorityHost;
    return [
      http.get(`${host}/:tenant/v2.0/.well-known/openid-configuration`, ({ params }) => {
        const tenant = String(params["tenant"]);
        this.discoveryRequests.push(`2.0 ${tenant}`);
        const issuer = this.advertisedIssuer("2.0", tenant);
        if (issuer === undefined) return HttpResponse.json({ error: "temporarily_unavailable" }, { status: 503 });
        return HttpResponse.json({
          issuer,
          authorization_endpoint: `${host}/${tenant}/oauth2/v2.0/authorize`,
          token_endpoint: `${host}/${tenant}/oauth2/v2.0/token`,
          end_session_endpoint: `${host}/${tenant}/oauth2/v2.0/logout`,
          jwks_uri: `${host}/${tenant}/discovery/v2.0/keys`,
          response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
          id_token_signing_alg_values_supported: ["RS256"],
        });
      }),
      // The v1.0 document, as Entra serves it: v1.0 endpoints, and the v1.0 tokens' issuer.
      http.get(`${host}/:tenant/.well-known/openid-configuration`, ({ params }) => {
        const tenant = String(params["tenant"]);
        this.discoveryRequests.push(`1.0 ${tenant}`);
        const issuer = this.advertisedIssuer("1.0", tenant);
        if (issuer === undefined) return HttpResponse.json({ error: "temporarily_unavailable" }, { status: 503 });
        return HttpResponse.json({
          issuer,
          authorization_endpoint: `${host}/${tenant}/oauth2/authorize`,
          token_endpoint: `${host}/${tenant}/oauth2/token`,
          end_session_endpoint: `${host}/${tenant}/oauth2/logout`,
          jwks_uri: `${host}/${tenant}/discovery/keys`,
          response_types_supported: ["code", "id_token", "code id_token", "token id_token", "token"],
          id_token_signing_alg_values_supported: ["RS256"],
        });
      }),
      http.get(`${host}/:tenant/discovery/v2.0/keys`, ({ params }) => {
        this.keyRequests.push(String(params["tenant"]));
        if (!this.keysAvailable()) return HttpResponse.json({ error: "temporarily_unavailable" }, { status: 503 });
        return HttpResponse.json({ keys: [this.key.jwk] });
      }),
      http.get(`${host}/common/discovery/instance`, () =>
        HttpResponse.json({
          tenant_discovery_endpoint: `${host}/common/v2.0/.well-known/openid-configuration`,
          "api-version": "1.1",
          metadata: [{ preferred_network: new URL(host).host, preferred_cache: new URL(host).host, aliases: [new URL(host).host] }],
        }),
      ),
      http.post(`${host}/:tenant/oauth2/v2.0/token`, async ({ params, request }) => {
        const form = new URLSearchParams(await request.text());
        const tenant = String(params["tenant"]);
        this.tokenRequests.push({ tenant, form });
        return (await this.interrupt()) ?? this.grant(tenant, form, request.url);
      }),
    ];
  }

  private async grant(tenant: string, form: URLSearchParams, endpoint: string): Promise<Response> {
    const { clientId, graphResource } = this.app;
    if (form.get("client_id") !== clientId) return tokenError({ status: 400, error: "unauthorized_client", description: `AADSTS700016: Application with identifier '${form.get("client_id") ?? ""}' was not found in the directory.`, codes: [700016] });
    if (!(await this.clientAuthenticated(form, endpoint))) return tokenError({ status: 401, error: "invalid_client", description: "AADSTS7000215: Invalid client secret provided.", codes: [7000215] });
    if (!form.get("scope")?.split(" ").includes(`${graphResource}/.default`)) return tokenError({ status: 400, error: "invalid_scope", description: "AADSTS70011: The provided value for the input parameter 'scope' is not valid.", codes: [70011] });
    const grant = form.get("grant_type");
    if (grant === "client_credentials") return tokenResponse("", `app-token-${clientId}`);
    if (grant !== "urn:ietf:params:oauth:grant-type:jwt-bearer" || form.get("requested_token_use") !== "on_behalf_of") {
      return tokenError({ status: 400, error: "invalid_request", description: "AADSTS900144: malformed OBO request.", codes: [900144] });
    }
    const user = this.assertions.get(form.get("assertion") ?? "");
    if (!user || user.tenantId !== tenant) return tokenError({ status: 400, error: "invalid_grant", description: "AADSTS50013: Assertion failed signature validation.", codes: [50013] });
    return tokenResponse(user.scopes.map((s) => `${graphResource}/${s}`).join(" "), SimulatedEntra.graphTokenOf(user));
  }

  /** The secret, or a client assertion signed with the registered certificate's key for this token endpoint. */
  private async clientAuthenticated(form: URLSearchParams, endpoint: string): Promise<boolean> {
    if (form.get("client_secret") === this.app.clientSecret) return true;
    const assertion = form.get("client_assertion");
    if (!this.certificate || !assertion || form.get("client_assertion_type") !== "urn:ietf:params:oauth:client-assertion-type:jwt-bearer") return false;
    try {
      // The audience is the token endpoint itself, without the query msal adds to the request.
      const audience = endpoint.split("?")[0] ?? endpoint;
      // msal sets nbf a second after iat, so allow skew as Entra does.
      const { payload, protectedHeader } = await jwtVerify(assertion, this.certificate.publicKey, { audience, issuer: this.app.clientId, subject: this.app.clientId, clockTolerance: 300 });
      return protectedHeader["x5t#S256"] === this.certificate.thumbprint && typeof payload.jti === "string";
    } catch {
      return false;
    }
  }
}

function tokenResponse(scope: string, accessToken: string): Response {
  return HttpResponse.json({ token_type: "Bearer", ...(scope ? { scope } : {}), expires_in: 3599, ext_expires_in: 3599, access_token: accessToken });
}

export function tokenError(failure: TokenFailure): Response {
  return HttpResponse.json(
    {
      error: failure.error,
      error_description: failure.description,
      error_codes: failure.codes ?? [],
      timestamp: new Date().toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z"),
      trace_id: randomUUID(),
      correlation_id: randomUUID(),
      ...(failure.suberror ? { suberror: failure.suberror } : {}),
      ...(failure.claims ? { claims: failure.claims } : {}),
    },
    { status: failure.status },
  );
}
