// Simulated Microsoft Entra ID: OpenID discovery (v2.0 and v1.0), the signing keys, and the token endpoint's
// On-Behalf-Of and client-credentials grants, served on a real socket. Tokens are real RS256 JWTs, so the server's
// jose and msal-node code runs unchanged against them, in the tests and in the sandbox alike. The On-Behalf-Of grant
// checks the incoming token as Entra does (signature, audience, issuer, lifetime, tenant), so a token minted by
// another process with the same key is exchanged too, and Graph tokens are JWTs that the simulated Graph verifies.
import { randomUUID, X509Certificate, type KeyObject } from "node:crypto";
import { exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type CryptoKey, type JWK, type JWTPayload } from "jose";
import { router, type Handler } from "./host.js";

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
  /** Where the simulation is served: its own origin. */
  authorityHost: string;
  /** The host its v2.0 tokens name as issuer; the authority host unless a proxy or a fixed name stands in front. */
  issuerHost?: string;
  /** The host its v1.0 tokens name as issuer, as https://sts.windows.net does for the public cloud. */
  v1IssuerHost?: string;
  /** The app's Application ID URIs besides api://{client id}: audiences its tokens may carry. */
  identifierUris?: readonly string[];
  graphResource: string;
}

/** Who a Graph token was issued to, as the simulated Graph reads it from a verified token. */
export interface GraphCaller {
  tenantId: string;
  userId: string;
  scopes: string[];
}

/** Why a Graph token is refused: Graph's own 401 message. */
export class GraphTokenRejected extends Error {
  override name = "GraphTokenRejected";
}

export interface TokenOptions {
  /** Claims to set (or, with undefined, to remove) on top of a valid v2.0 user token. */
  claims?: Record<string, unknown>;
  /** Protected header values on top of { alg: RS256, kid }. */
  header?: Record<string, unknown>;
  /** A v1.0 token: sts.windows.net issuer, upn instead of preferred_username, api:// audience. */
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

export async function signingKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair("RS256");
  const kid = randomUUID();
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, use: "sig", alg: "RS256" } };
}

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

export class SimulatedEntra {
  readonly tokenRequests: TokenRequest[] = [];
  readonly keyRequests: string[] = [];
  /** The OpenID configuration documents asked for, as "2.0 organizations" or "1.0 organizations". */
  readonly discoveryRequests: string[] = [];
  /** The users the OBO grant knows, by tenant and object id, with the permissions it grants them. */
  private readonly users = new Map<string, SimulatedUser>();
  private certificate: { publicKey: KeyObject; thumbprint: string } | undefined;
  private readonly publicKey: Promise<CryptoKey | Uint8Array>;

  protected constructor(
    protected readonly app: SimulatedApp,
    private readonly key: SigningKey,
  ) {
    this.publicKey = importJWK(key.jwk, "RS256");
  }

  static async start(app: SimulatedApp, key?: SigningKey): Promise<SimulatedEntra> {
    return new SimulatedEntra(app, key ?? (await signingKey()));
  }

  get kid(): string {
    return this.key.kid;
  }

  private get issuerHost(): string {
    return this.app.issuerHost ?? this.app.authorityHost;
  }

  private get v1IssuerHost(): string {
    return this.app.v1IssuerHost ?? "https://sts.windows.net";
  }

  /** Makes `users` known to the OBO grant, as accounts in their tenants are. */
  register(...users: SimulatedUser[]): this {
    for (const user of users) this.users.set(`${user.tenantId}/${user.userId}`, user);
    return this;
  }

  /** A valid access token for the API, unless options make it otherwise; the OBO grant accepts it for `user`. */
  token(user: SimulatedUser, options: TokenOptions = {}): Promise<string> {
    return this.sign(user, options, this.key);
  }

  protected async sign(user: SimulatedUser, options: TokenOptions, key: SigningKey): Promise<string> {
    this.register(user);
    const { clientId, apiScope } = this.app;
    const now = nowSeconds();
    const base: JWTPayload = options.v1
      ? { aud: `api://${clientId}`, iss: `${this.v1IssuerHost}/${user.tenantId}/`, upn: user.upn, appid: SIMULATED_CLIENT_APP, ver: "1.0" }
      : { aud: clientId, iss: `${this.issuerHost}/${user.tenantId}/v2.0`, preferred_username: user.upn, azp: SIMULATED_CLIENT_APP, ver: "2.0" };
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
    return new SignJWT(claims).setProtectedHeader({ alg: "RS256", kid: key.kid, typ: "JWT", ...options.header }).sign(key.privateKey);
  }

  /** The Graph token the OBO grant issues: a JWT for Graph's audience, as Entra's are. */
  async graphToken(user: SimulatedUser, lifetimeSeconds = 3599): Promise<string> {
    const now = nowSeconds();
    return new SignJWT({
      aud: this.app.graphResource,
      iss: `${this.v1IssuerHost}/${user.tenantId}/`,
      tid: user.tenantId,
      oid: user.userId,
      scp: user.scopes.join(" "),
      appid: this.app.clientId,
      ver: "1.0",
      iat: now,
      nbf: now,
      exp: now + lifetimeSeconds,
    })
      .setProtectedHeader({ alg: "RS256", kid: this.key.kid, typ: "JWT" })
      .sign(this.key.privateKey);
  }

  /** Checks a Graph token as Graph does; throws GraphTokenRejected with Graph's message. */
  async verifyGraphToken(token: string): Promise<GraphCaller> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, await this.publicKey, { algorithms: ["RS256"] }));
    } catch (error) {
      const expired = (error as { code?: string }).code === "ERR_JWT_EXPIRED";
      throw new GraphTokenRejected(expired ? "Lifetime validation failed, the token is expired." : "Access token validation failure. Invalid signature.");
    }
    if (payload.aud !== this.app.graphResource) throw new GraphTokenRejected("Access token validation failure. Invalid audience.");
    const { tid, oid, scp } = payload as { tid?: unknown; oid?: unknown; scp?: unknown };
    if (typeof tid !== "string" || typeof oid !== "string") throw new GraphTokenRejected("Access token validation failure.");
    return { tenantId: tid, userId: oid, scopes: typeof scp === "string" ? scp.split(" ").filter(Boolean) : [] };
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

  protected discoveryAvailable(_version: "1.0" | "2.0"): boolean {
    return true;
  }

  /** A discovery document, or Entra's 503 while a test keeps it unavailable. */
  private discovery(version: "1.0" | "2.0", tenant: string, document: Record<string, unknown>): Response {
    this.discoveryRequests.push(`${version} ${tenant}`);
    if (!this.discoveryAvailable(version)) return Response.json({ error: "temporarily_unavailable" }, { status: 503 });
    return Response.json(document);
  }

  /** The simulation's HTTP surface, to serve on a SimulatorHost at the app's authority host. */
  get handler(): Handler {
    const host = this.app.authorityHost;
    const issuerTenant = (tenant: string): string => (["organizations", "common"].includes(tenant) ? "{tenantid}" : tenant);
    return router([
      {
        method: "GET",
        path: /^\/(?<tenant>[^/]+)\/v2\.0\/\.well-known\/openid-configuration$/,
        answer: ({ tenant = "" }) =>
          this.discovery("2.0", tenant, {
            issuer: `${this.issuerHost}/${issuerTenant(tenant)}/v2.0`,
            authorization_endpoint: `${host}/${tenant}/oauth2/v2.0/authorize`,
            token_endpoint: `${host}/${tenant}/oauth2/v2.0/token`,
            end_session_endpoint: `${host}/${tenant}/oauth2/v2.0/logout`,
            jwks_uri: `${host}/${tenant}/discovery/v2.0/keys`,
            response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
            id_token_signing_alg_values_supported: ["RS256"],
          }),
      },
      {
        // The v1.0 document names the issuer of v1.0 access tokens (sts.windows.net in the public cloud).
        method: "GET",
        path: /^\/(?<tenant>[^/]+)\/\.well-known\/openid-configuration$/,
        answer: ({ tenant = "" }) =>
          this.discovery("1.0", tenant, {
            issuer: `${this.v1IssuerHost}/${issuerTenant(tenant)}/`,
            authorization_endpoint: `${host}/${tenant}/oauth2/authorize`,
            token_endpoint: `${host}/${tenant}/oauth2/token`,
            jwks_uri: `${host}/${tenant}/discovery/keys`,
            response_types_supported: ["code", "id_token", "code id_token", "token id_token", "token"],
            id_token_signing_alg_values_supported: ["RS256"],
          }),
      },
      {
        method: "GET",
        path: /^\/(?<tenant>[^/]+)\/discovery(\/v2\.0)?\/keys$/,
        answer: ({ tenant = "" }) => {
          this.keyRequests.push(tenant);
          if (!this.keysAvailable()) return Response.json({ error: "temporarily_unavailable" }, { status: 503 });
          return Response.json({ keys: [this.key.jwk] });
        },
      },
      {
        method: "GET",
        path: /^\/common\/discovery\/instance$/,
        answer: () =>
          Response.json({
            tenant_discovery_endpoint: `${host}/common/v2.0/.well-known/openid-configuration`,
            "api-version": "1.1",
            metadata: [{ preferred_network: new URL(host).host, preferred_cache: new URL(host).host, aliases: [new URL(host).host] }],
          }),
      },
      {
        method: "POST",
        path: /^\/(?<tenant>[^/]+)\/oauth2\/v2\.0\/token$/,
        answer: async ({ tenant = "" }, request) => {
          const form = new URLSearchParams(await request.text());
          this.tokenRequests.push({ tenant, form });
          return (await this.interrupt()) ?? this.grant(tenant, form, request.url);
        },
      },
    ]);
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
    const user = await this.assertedUser(form.get("assertion") ?? "", tenant);
    if (!user) return tokenError({ status: 400, error: "invalid_grant", description: "AADSTS50013: Assertion failed signature validation.", codes: [50013] });
    return tokenResponse(user.scopes.map((s) => `${graphResource}/${s}`).join(" "), await this.graphToken(user));
  }

  /** The user an OBO assertion names, when it is a valid token for this app, issued by this authority in `tenant`. */
  private async assertedUser(assertion: string, tenant: string): Promise<SimulatedUser | undefined> {
    const { clientId } = this.app;
    try {
      const { payload } = await jwtVerify(assertion, await this.publicKey, { algorithms: ["RS256"], audience: [clientId, `api://${clientId}`, ...(this.app.identifierUris ?? [])] });
      const { tid, oid } = payload as { tid?: unknown; oid?: unknown };
      if (typeof tid !== "string" || typeof oid !== "string" || tid !== tenant) return undefined;
      if (payload.iss !== `${this.issuerHost}/${tid}/v2.0` && payload.iss !== `${this.v1IssuerHost}/${tid}/`) return undefined;
      return this.users.get(`${tid}/${oid}`);
    } catch {
      return undefined;
    }
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
  return Response.json({ token_type: "Bearer", ...(scope ? { scope } : {}), expires_in: 3599, ext_expires_in: 3599, access_token: accessToken });
}

export function tokenError(failure: TokenFailure): Response {
  return Response.json(
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
