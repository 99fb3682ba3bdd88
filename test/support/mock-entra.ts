// MSW-mocked Microsoft Entra ID: OpenID discovery, the signing keys, and the token endpoint's On-Behalf-Of grant.
// Tokens are minted with a real RSA key, so the server's jose and msal-node code runs unchanged against them.
import { randomUUID, X509Certificate, type KeyObject } from "node:crypto";
import { exportJWK, generateKeyPair, jwtVerify, SignJWT, type CryptoKey, type JWK, type JWTPayload } from "jose";
import { HttpResponse, delay, http, type RequestHandler } from "msw";

export const ENTRA_HOST = "https://login.microsoftonline.com";
export const CLIENT_ID = "c0ffee00-0000-4000-8000-00000000c11e";
export const CLIENT_SECRET = "test-client-secret-value";
export const API_SCOPE = "access_as_user";

export interface TestUser {
  tenantId: string;
  userId: string;
  upn: string;
  /** The delegated Graph permissions the token exchange grants this user. */
  scopes: string[];
}

export interface TokenOptions {
  /** Claims to set (or, with undefined, to remove) on top of a valid v2.0 user token. */
  claims?: Record<string, unknown>;
  /** Protected header values on top of { alg: RS256, kid }. */
  header?: Record<string, unknown>;
  /** Sign with a key Entra does not publish. */
  rogueKey?: boolean;
  /** A v1.0 token: sts.windows.net issuer, upn instead of preferred_username, api:// audience. */
  v1?: boolean;
}

/** What the token endpoint answers instead of a token, once. */
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

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  jwk: JWK;
}

async function signingKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair("RS256");
  const kid = randomUUID();
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, use: "sig", alg: "RS256" } };
}

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

export class MockEntra {
  readonly tokenRequests: TokenRequest[] = [];
  readonly keyRequests: string[] = [];
  /** Incoming tokens the OBO grant accepts, and whom they name. */
  private readonly assertions = new Map<string, TestUser>();
  private readonly failures: TokenFailure[] = [];
  private tokenDelayMs = 0;
  private certificate: { publicKey: KeyObject; thumbprint: string } | undefined;
  private keysDown = false;

  private constructor(
    private readonly key: SigningKey,
    private readonly rogue: SigningKey,
  ) {}

  static async create(): Promise<MockEntra> {
    return new MockEntra(await signingKey(), await signingKey());
  }

  get kid(): string {
    return this.key.kid;
  }

  /** A valid access token for the API, unless options make it otherwise; the OBO grant accepts it for `user`. */
  async token(user: TestUser, options: TokenOptions = {}): Promise<string> {
    const now = nowSeconds();
    const base: JWTPayload = options.v1
      ? { aud: `api://${CLIENT_ID}`, iss: `https://sts.windows.net/${user.tenantId}/`, upn: user.upn, appid: "a0000000-0000-4000-8000-0000000000c1", ver: "1.0" }
      : { aud: CLIENT_ID, iss: `${ENTRA_HOST}/${user.tenantId}/v2.0`, preferred_username: user.upn, azp: "a0000000-0000-4000-8000-0000000000c1", ver: "2.0" };
    const all: Record<string, unknown> = { ...base, tid: user.tenantId, oid: user.userId, scp: API_SCOPE, uti: randomUUID(), iat: now, nbf: now, exp: now + 3600, ...options.claims };
    const claims = Object.fromEntries(Object.entries(all).filter(([, value]) => value !== undefined));
    const key = options.rogueKey ? this.rogue : this.key;
    const token = await new SignJWT(claims).setProtectedHeader({ alg: "RS256", kid: key.kid, typ: "JWT", ...options.header }).sign(key.privateKey);
    this.assertions.set(token, user);
    return token;
  }

  /** The user an OBO-issued Graph token belongs to. */
  static graphTokenOf(user: Pick<TestUser, "userId">): string {
    return `graph-token-${user.userId}`;
  }

  /** The next `times` token requests fail this way (a client's connect alone makes two requests). */
  failNextExchange(failure: TokenFailure, times = 1): void {
    for (let i = 0; i < times; i++) this.failures.push(failure);
  }

  delayExchanges(ms: number): void {
    this.tokenDelayMs = ms;
  }

  takeKeysDown(down: boolean): void {
    this.keysDown = down;
  }

  reset(): void {
    this.tokenRequests.length = 0;
    this.keyRequests.length = 0;
    this.failures.length = 0;
    this.tokenDelayMs = 0;
    this.keysDown = false;
  }

  readonly handlers: RequestHandler[] = [
    http.get(`${ENTRA_HOST}/:tenant/v2.0/.well-known/openid-configuration`, ({ params }) => {
      const tenant = String(params["tenant"]);
      const issuerTenant = ["organizations", "common"].includes(tenant) ? "{tenantid}" : tenant;
      return HttpResponse.json({
        issuer: `${ENTRA_HOST}/${issuerTenant}/v2.0`,
        authorization_endpoint: `${ENTRA_HOST}/${tenant}/oauth2/v2.0/authorize`,
        token_endpoint: `${ENTRA_HOST}/${tenant}/oauth2/v2.0/token`,
        end_session_endpoint: `${ENTRA_HOST}/${tenant}/oauth2/v2.0/logout`,
        jwks_uri: `${ENTRA_HOST}/${tenant}/discovery/v2.0/keys`,
        response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
        id_token_signing_alg_values_supported: ["RS256"],
      });
    }),
    http.get(`${ENTRA_HOST}/:tenant/discovery/v2.0/keys`, ({ params }) => {
      this.keyRequests.push(String(params["tenant"]));
      if (this.keysDown) return HttpResponse.json({ error: "temporarily_unavailable" }, { status: 503 });
      return HttpResponse.json({ keys: [this.key.jwk] });
    }),
    http.get(`${ENTRA_HOST}/common/discovery/instance`, () =>
      HttpResponse.json({
        tenant_discovery_endpoint: `${ENTRA_HOST}/common/v2.0/.well-known/openid-configuration`,
        "api-version": "1.1",
        metadata: [{ preferred_network: "login.microsoftonline.com", preferred_cache: "login.windows.net", aliases: ["login.microsoftonline.com", "login.windows.net", "login.microsoft.com", "sts.windows.net"] }],
      }),
    ),
    http.post(`${ENTRA_HOST}/:tenant/oauth2/v2.0/token`, async ({ params, request }) => {
      const form = new URLSearchParams(await request.text());
      const tenant = String(params["tenant"]);
      this.tokenRequests.push({ tenant, form });
      if (this.tokenDelayMs) await delay(this.tokenDelayMs);
      const failure = this.failures.shift();
      if (failure) return this.error(failure);
      const user = this.assertions.get(form.get("assertion") ?? "");
      const wellFormed =
        form.get("grant_type") === "urn:ietf:params:oauth:grant-type:jwt-bearer" &&
        form.get("requested_token_use") === "on_behalf_of" &&
        form.get("client_id") === CLIENT_ID &&
        (await this.clientAuthenticated(form, request.url)) &&
        form.get("scope")?.split(" ").includes("https://graph.microsoft.com/.default");
      if (!wellFormed) return this.error({ status: 400, error: "invalid_request", description: "AADSTS900144: malformed OBO request.", codes: [900144] });
      if (!user || user.tenantId !== tenant) return this.error({ status: 400, error: "invalid_grant", description: "AADSTS50013: Assertion failed signature validation.", codes: [50013] });
      return HttpResponse.json({
        token_type: "Bearer",
        scope: user.scopes.map((s) => `https://graph.microsoft.com/${s}`).join(" "),
        expires_in: 3599,
        ext_expires_in: 3599,
        access_token: MockEntra.graphTokenOf(user),
      });
    }),
  ];

  /** The secret, or a client assertion signed with the registered certificate's key for this token endpoint. */
  private async clientAuthenticated(form: URLSearchParams, endpoint: string): Promise<boolean> {
    if (form.get("client_secret") === CLIENT_SECRET) return true;
    const assertion = form.get("client_assertion");
    if (!this.certificate || !assertion || form.get("client_assertion_type") !== "urn:ietf:params:oauth:client-assertion-type:jwt-bearer") return false;
    try {
      // The audience is the token endpoint itself, without the query msal adds to the request.
      const audience = endpoint.split("?")[0] ?? endpoint;
      // msal sets nbf a second after iat, so allow skew as Entra does.
      const { payload, protectedHeader } = await jwtVerify(assertion, this.certificate.publicKey, { audience, issuer: CLIENT_ID, subject: CLIENT_ID, clockTolerance: 300 });
      return protectedHeader["x5t#S256"] === this.certificate.thumbprint && typeof payload.jti === "string";
    } catch {
      return false;
    }
  }

  /** Registers the app's certificate credential, as uploading it to the app registration does. */
  registerCertificate(pem: string): void {
    const certificate = new X509Certificate(pem);
    this.certificate = { publicKey: certificate.publicKey, thumbprint: Buffer.from(certificate.fingerprint256.replace(/:/g, ""), "hex").toString("base64url") };
  }

  private error(failure: TokenFailure): Response {
    return HttpResponse.json(
      {
        error: failure.error,
        error_description: failure.description,
        error_codes: failure.codes ?? [],
        timestamp: "2026-11-27 10:00:00Z",
        trace_id: randomUUID(),
        correlation_id: randomUUID(),
        ...(failure.suberror ? { suberror: failure.suberror } : {}),
        ...(failure.claims ? { claims: failure.claims } : {}),
      },
      { status: failure.status },
    );
  }
}
