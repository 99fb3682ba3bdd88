// The request's identity, in order: a valid token for this API, an allowed tenant and connector, the rate
// limit, the On-Behalf-Of exchange, then group membership. Each step that refuses says why, and is audited.
import type { AuthSuccessEvent } from "../audit/events.js";
import type { AuditSink } from "../audit/sink.js";
import type { EntraConfig } from "../config/load.js";
import type { GraphHttp, GraphTokenSource } from "../graph/client.js";
import type { Logger } from "../logging/logger.js";
import type { OutboundFetch } from "../net/outbound.js";
import { tenantNotAllowed, type AccessPolicy, type Denial } from "../policy/admission.js";
import type { AuthOutcome, AuthRequest, Authenticator, Caller } from "./caller.js";
import type { ResourceChallenge } from "./challenge.js";
import { EntraUnavailable } from "./entra-http.js";
import { OboFailed, type OboExchange } from "./obo.js";
import { TokenRejected, TokenValidator, type ValidatedToken } from "./token-validator.js";

/** How long a client should wait after Entra failed to answer. */
const OUTAGE_RETRY_AFTER_SECONDS = 30;
const UNAVAILABLE = "Microsoft Entra ID could not be reached to check your sign-in; try again shortly.";
/** For a caller without Graph access (consent missing): tool calls answer before any Graph call. */
const NO_GRAPH: GraphTokenSource = { graphToken: () => Promise.reject(new Error("no Graph access for this caller")) };

export interface EntraAuthenticatorOptions {
  entra: EntraConfig;
  obo: OboExchange;
  policy: AccessPolicy;
  challenge: ResourceChallenge;
  graphHttp: GraphHttp;
  /** For Entra's discovery documents and signing keys. */
  fetch: OutboundFetch;
  audit: AuditSink;
  logger: Logger;
  /** The permission names the tools use, so granted scopes are matched whatever case Entra returns them in. */
  knownScopes: readonly string[];
}

export class EntraAuthenticator implements Authenticator {
  private readonly validator: TokenValidator;
  private readonly canonicalScopes: ReadonlyMap<string, string>;
  /**
   * Tokens whose auth.success is written: one event per token, the first time it is let in; later requests show on
   * their tool.call events. The validator hands out the same object for a token it keeps, and drops it at exp.
   */
  private readonly announced = new WeakSet<ValidatedToken>();

  constructor(private readonly options: EntraAuthenticatorOptions) {
    this.validator = new TokenValidator(options.entra, options.logger, options.fetch);
    this.canonicalScopes = new Map(options.knownScopes.map((scope) => [scope.toLowerCase(), scope]));
  }

  async authenticate(request: AuthRequest): Promise<AuthOutcome> {
    const { challenge, audit } = this.options;
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.authorization ?? "")?.[1];
    if (!bearer) {
      const header = request.authorization;
      audit.emit({ event: "auth.failure", reason: header ? "malformed" : "missing", status: 401, requestId: request.requestId });
      // RFC 6750 3.1: another scheme, like no credentials, gets a bare challenge; a broken Bearer value is invalid_token.
      const isBearer = header !== undefined && /^Bearer(\s|$)/i.test(header);
      const message = !header
        ? "Sign-in required: send an Entra ID access token for this server as a Bearer token."
        : isBearer
          ? "The Authorization header must be `Bearer <access token>`."
          : "This server accepts only Bearer access tokens from Microsoft Entra ID.";
      return this.refuse(401, message, { "WWW-Authenticate": challenge.header(isBearer ? { error: "invalid_token", description: message } : undefined) });
    }
    let token: ValidatedToken;
    try {
      token = await this.validator.validate(bearer);
    } catch (error) {
      return this.rejected(error, request.requestId);
    }
    const who = { requestId: request.requestId, tenantId: token.tenantId, userId: token.userId, ...(token.upn ? { upn: token.upn } : {}) };
    const signedIn: AuthSuccessEvent = { event: "auth.success", ...who, ...(token.clientAppId ? { clientAppId: token.clientAppId } : {}) };
    const { allowedTenants } = this.options.entra;
    if (allowedTenants.length > 0 && !allowedTenants.includes(token.tenantId)) {
      audit.emit({ event: "auth.failure", reason: "tenant_not_allowed", status: 403, ...who, ...(token.clientAppId ? { clientAppId: token.clientAppId } : {}) });
      return this.refuse(403, tenantNotAllowed(token.tenantId));
    }
    const denied = this.options.policy.admitTenant(token.tenantId) ?? this.options.policy.admitToolCalls(token, request.toolCalls);
    if (denied) return this.denied(denied, who);

    let access;
    const started = performance.now();
    const durationMs = (): number => Math.round(performance.now() - started);
    try {
      access = await this.options.obo.graphAccess(bearer, token.tenantId, token.cacheKey);
      if (access.source === "network") audit.emit({ event: "obo.exchange", ...who, source: "network", outcome: "ok", durationMs: durationMs() });
    } catch (error) {
      if (!(error instanceof OboFailed)) throw error;
      audit.emit({ event: "obo.exchange", ...who, source: "network", outcome: "error", ...error.fields, durationMs: durationMs() });
      const { failure } = error;
      if (failure.kind === "consent_required") {
        // Without Graph the group rule can be decided only from a complete groups claim; otherwise refuse.
        if (this.options.policy.needsGraphForGroups(token)) return this.denied({ status: 403, reason: "not_in_allowed_group", message: failure.message }, who);
        const notMember = await this.options.policy.admitUser(token, this.options.graphHttp.clientFor(NO_GRAPH));
        if (notMember) return this.denied(notMember, who);
        this.announce(token, signedIn);
        return { ok: true, caller: this.caller(token, [], undefined, failure.message) };
      }
      if (failure.kind === "claims_challenge") {
        const claims = Buffer.from(failure.claims).toString("base64");
        return this.refuse(401, failure.message, { "WWW-Authenticate": challenge.header({ error: "insufficient_claims", description: failure.message, claims }) });
      }
      if (failure.kind === "server_misconfigured") {
        this.options.logger.error({ requestId: request.requestId, tenantId: token.tenantId, ...error.fields }, "Entra refused the server's app credentials; run m365-mcp doctor");
        return this.refuse(500, failure.message);
      }
      if (failure.kind === "invalid_grant") {
        return this.refuse(401, failure.message, { "WWW-Authenticate": challenge.header({ error: "invalid_token", description: failure.message }) });
      }
      return this.refuse(503, failure.message, { "Retry-After": String(OUTAGE_RETRY_AFTER_SECONDS) });
    }
    const graphTokens = { graphToken: () => Promise.resolve(access.accessToken) };
    const notMember = await this.options.policy.admitUser(token, this.options.graphHttp.clientFor(graphTokens));
    if (notMember) return this.denied(notMember, who);
    this.announce(token, signedIn);
    return { ok: true, caller: { ...this.caller(token, access.scopes, graphTokens, undefined), graphToken: access.source } };
  }

  private announce(token: ValidatedToken, event: AuthSuccessEvent): void {
    if (this.announced.has(token)) return;
    this.announced.add(token);
    this.options.audit.emit(event);
  }

  private caller(token: ValidatedToken, scopes: readonly string[], graphTokens: GraphTokenSource | undefined, graphUnavailable: string | undefined): Caller {
    return {
      ...(token.clientAppId ? { clientAppId: token.clientAppId } : {}),
      tenantId: token.tenantId,
      userId: token.userId,
      upn: token.upn,
      grantedScopes: new Set(scopes.map((scope) => this.canonicalScopes.get(scope.toLowerCase()) ?? scope)),
      graphTokens: graphTokens ?? NO_GRAPH,
      disabledTools: this.options.policy.disabledTools(token.tenantId),
      ...(graphUnavailable ? { graphUnavailable } : {}),
    };
  }

  private rejected(error: unknown, requestId: string): AuthOutcome {
    const { challenge, audit } = this.options;
    if (error instanceof EntraUnavailable) {
      audit.emit({ event: "auth.failure", reason: "entra_unavailable", status: 503, requestId });
      return this.refuse(503, UNAVAILABLE, { "Retry-After": String(OUTAGE_RETRY_AFTER_SECONDS) });
    }
    if (!(error instanceof TokenRejected)) throw error;
    audit.emit({ event: "auth.failure", reason: error.reason, status: error.status, requestId });
    if (error.status === 401) return this.refuse(401, error.message, { "WWW-Authenticate": challenge.header({ error: "invalid_token", description: error.message }) });
    // A missing scope is the one 403 a new token fixes; personal and app-only tokens never will.
    if (error.reason !== "missing_scope") return this.refuse(403, error.message);
    return this.refuse(403, error.message, { "WWW-Authenticate": challenge.header({ error: "insufficient_scope", description: error.message }) });
  }

  private denied(denial: Denial, who: { requestId: string; tenantId: string; userId: string; upn?: string }): AuthOutcome {
    this.options.audit.emit({ event: "policy.denied", reason: denial.reason, ...who });
    const headers: Record<string, string> = denial.retryAfterSeconds === undefined ? {} : { "Retry-After": String(denial.retryAfterSeconds) };
    return this.refuse(denial.status, denial.message, headers);
  }

  private refuse(status: 401 | 403 | 429 | 500 | 503, message: string, headers: Record<string, string> = {}): AuthOutcome {
    return { ok: false, status, message, headers };
  }
}
