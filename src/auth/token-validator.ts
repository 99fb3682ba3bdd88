// Validates an Entra access token for this API with jose: RS256 only, a key from the authority's JWKS,
// lifetime with bounded skew, audience, an issuer the authority's OpenID configuration advertises bound to the token's
// tenant, and a delegated user with our scope.
import type { OutboundFetch } from "../net/outbound.js";
import { decodeProtectedHeader, errors as joseErrors, jwtVerify, type JWTPayload } from "jose";
import type { EntraConfig } from "../config/load.js";
import type { Logger } from "../logging/logger.js";
import { EntraUnavailable } from "./entra-http.js";
import { EntraIssuers } from "./entra-issuers.js";
import { EntraSigningKeys } from "./entra-keys.js";
import { OpenIdConfiguration, type TokenVersion } from "./openid-configuration.js";
import { BoundedLru, jsonBytes, stringBytes } from "../cache/bounded-lru.js";
import { assertionKey } from "./token-cache.js";

/** Tokens of personal Microsoft accounts carry this tenant id. */
export const PERSONAL_ACCOUNTS_TENANT = "9188040d-6c67-4c5b-b112-36a304b66dad";
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MAX_TOKEN_CHARS = 16_384;
const MAX_SKEW_SECONDS = 300;
/** Validated tokens kept, least recently used first out: a client reuses its token for every request of its hour. */
const MAX_VALIDATED_TOKENS = 10_000;
/**
 * And at most this many bytes of them: a token's claims are usually under 1 KB, but a `groups` claim of 200 ids makes
 * one 15 KB, and 10,000 of those would be 150 MB.
 */
const MAX_VALIDATED_BYTES = 16 * 1024 * 1024;

export interface TokenValidatorOptions {
  /** The clock, for tests; jose's lifetime checks and the validated-token cache both read it. */
  now?: () => Date;
  maxValidatedTokens?: number;
  maxValidatedBytes?: number;
}

export type RejectionReason =
  | "missing"
  | "malformed"
  | "too_large"
  | "bad_algorithm"
  | "unknown_key"
  | "bad_signature"
  | "expired"
  | "not_yet_valid"
  | "wrong_audience"
  | "wrong_issuer"
  | "personal_account"
  | "app_only"
  | "missing_scope";

/** Why a token was refused: a 401 asks the client to get a new token, a 403 says a new token will not help. */
export class TokenRejected extends Error {
  override name = "TokenRejected";
  constructor(
    readonly reason: RejectionReason,
    readonly status: 401 | 403,
    message: string,
  ) {
    super(message);
  }
}

export interface ValidatedToken {
  tenantId: string;
  /** The user's object id in their tenant. */
  userId: string;
  upn: string | undefined;
  scopes: readonly string[];
  /** Group object ids from the token; undefined when the token has none or too many to list (an overage). */
  groups: readonly string[] | undefined;
  groupsOverage: boolean;
  version: TokenVersion;
  /** The client application the token was issued to (azp, or appid in v1.0 tokens). */
  clientAppId: string | undefined;
  /** Seconds since the epoch. */
  expiresAt: number;
  /** The token's hash: what this server's caches file it under, so none holds the token itself. */
  cacheKey: string;
}

const invalid = (reason: RejectionReason, message: string): TokenRejected => new TokenRejected(reason, 401, message);

function joseRejection(error: unknown): Error {
  if (error instanceof joseErrors.JWTExpired) return invalid("expired", "The access token has expired; sign in again.");
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.claim === "nbf") return invalid("not_yet_valid", "The access token is not valid yet (nbf is in the future).");
    if (error.claim === "aud") return invalid("wrong_audience", "The access token was issued for another API (wrong audience).");
    return invalid("malformed", `The access token's ${error.claim} claim is invalid.`);
  }
  if (error instanceof joseErrors.JWKSNoMatchingKey) return invalid("unknown_key", "The access token was signed with a key the sign-in authority does not publish.");
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return invalid("bad_signature", "The access token's signature is invalid.");
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return invalid("bad_algorithm", "The access token must be signed with RS256.");
  if (error instanceof joseErrors.JWSInvalid || error instanceof joseErrors.JWTInvalid || error instanceof joseErrors.JOSENotSupported) {
    return invalid("malformed", "The access token is not a valid JWT.");
  }
  if (error instanceof EntraUnavailable) return error;
  // What is left is about fetching the key set (timeout, non-200, not JSON, network): Entra's side, not the token's.
  return new EntraUnavailable("the signing keys could not be fetched");
}

const stringClaim = (payload: JWTPayload, name: string): string | undefined => (typeof payload[name] === "string" ? payload[name] : undefined);

export class TokenValidator {
  private readonly keys: EntraSigningKeys;
  private readonly issuers: EntraIssuers;
  private readonly now: () => Date;
  /**
   * Tokens that passed every check, by their hash (never the token itself), until their own exp and never past it.
   * A JWT's checks depend only on the token and this configuration, so a token valid once stays valid until exp.
   */
  private readonly validated: BoundedLru<string, ValidatedToken>;

  constructor(
    private readonly entra: EntraConfig,
    logger: Logger,
    outbound: OutboundFetch,
    options: TokenValidatorOptions = {},
  ) {
    const v2 = OpenIdConfiguration.of(entra, "2.0", outbound);
    this.keys = new EntraSigningKeys(entra, v2);
    this.issuers = new EntraIssuers(entra, v2, logger);
    this.now = options.now ?? (() => new Date());
    this.validated = new BoundedLru({
      maxEntries: options.maxValidatedTokens ?? MAX_VALIDATED_TOKENS,
      maxBytes: options.maxValidatedBytes ?? MAX_VALIDATED_BYTES,
      sizeOf: (key, claims) => stringBytes(key) + jsonBytes(claims),
    });
  }

  /** How many validated tokens are kept now. */
  get cachedTokens(): number {
    return this.validated.size;
  }

  /** Throws TokenRejected for a bad token, and EntraUnavailable when the keys cannot be had. */
  async validate(token: string): Promise<ValidatedToken> {
    if (token.length > MAX_TOKEN_CHARS) throw invalid("too_large", `The access token is larger than ${MAX_TOKEN_CHARS} characters.`);
    const key = assertionKey(token);
    const nowSeconds = this.now().getTime() / 1000;
    const known = this.validated.get(key);
    if (known && nowSeconds < known.expiresAt) return known;
    this.validated.delete(key);
    const verified: ValidatedToken = { ...(await this.verify(token)), cacheKey: key };
    // jose allows the clock skew past exp; the cache never does, so a token is re-checked from its exp on.
    if (nowSeconds < verified.expiresAt) this.validated.set(key, verified);
    return verified;
  }

  private async verify(token: string): Promise<Omit<ValidatedToken, "cacheKey">> {
    let alg: unknown;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw invalid("malformed", "The access token is not a valid JWT.");
    }
    if (alg !== "RS256") throw invalid("bad_algorithm", "The access token must be signed with RS256.");
    const keys = await this.keys.resolver();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        algorithms: ["RS256"],
        audience: this.entra.audiences,
        clockTolerance: MAX_SKEW_SECONDS,
        currentDate: this.now(),
        requiredClaims: ["exp", "iss", "tid"],
      }));
    } catch (error) {
      throw joseRejection(error);
    }
    const tenantId = stringClaim(payload, "tid")?.toLowerCase() ?? "";
    if (!GUID.test(tenantId)) throw invalid("wrong_issuer", "The access token's tenant (tid) is not a tenant id.");
    const version = await this.issuers.versionOf(payload.iss, tenantId);
    if (!version) throw invalid("wrong_issuer", "The access token was not issued by this server's sign-in authority for the token's own tenant.");
    return this.claims(payload, tenantId, version);
  }

  private claims(payload: JWTPayload, tenantId: string, version: TokenVersion): Omit<ValidatedToken, "cacheKey"> {
    if (tenantId === PERSONAL_ACCOUNTS_TENANT) {
      throw new TokenRejected("personal_account", 403, "Personal Microsoft accounts can't be used with this server: sign in with a work or school account.");
    }
    const scopes = (stringClaim(payload, "scp") ?? "").split(" ").filter(Boolean);
    if (stringClaim(payload, "idtyp") === "app" || scopes.length === 0) {
      throw new TokenRejected("app_only", 403, "This server acts only for a signed-in user: an app-only token can't be used; a delegated user token is required.");
    }
    if (!scopes.includes(this.entra.apiScope)) {
      throw new TokenRejected("missing_scope", 403, `The access token lacks the ${this.entra.apiScope} scope of this API.`);
    }
    const userId = stringClaim(payload, "oid")?.toLowerCase() ?? "";
    if (!GUID.test(userId)) throw invalid("malformed", "The access token names no user (oid).");
    const groups = Array.isArray(payload["groups"]) ? payload["groups"].filter((g): g is string => typeof g === "string") : undefined;
    const claimNames = payload["_claim_names"];
    const groupsOverage = payload["hasgroups"] === true || (typeof claimNames === "object" && claimNames !== null && "groups" in claimNames);
    return {
      tenantId,
      userId,
      upn: stringClaim(payload, "upn") ?? stringClaim(payload, "preferred_username") ?? stringClaim(payload, "unique_name"),
      scopes,
      groups: groupsOverage ? undefined : groups,
      groupsOverage,
      version,
      clientAppId: stringClaim(payload, "azp") ?? stringClaim(payload, "appid"),
      expiresAt: payload.exp ?? 0,
    };
  }
}
