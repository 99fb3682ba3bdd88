// Who a request acts for. Built per request by an Authenticator and passed down explicitly.
import type { GraphTokenOrigin } from "../audit/events.js";
import type { GraphTokenSource } from "../graph/client.js";

export interface Caller {
  tenantId: string;
  userId: string;
  /** User principal name, for logs an admin can read. */
  upn: string | undefined;
  /** The delegated Graph permissions the token exchange granted for this user. */
  grantedScopes: ReadonlySet<string>;
  graphTokens: GraphTokenSource;
  /** Tools the admin policy turned off for the caller's tenant. */
  disabledTools: ReadonlySet<string>;
  /** Why Graph cannot be called for this user at all (admin consent missing); every tool call answers with it. */
  graphUnavailable?: string;
  /** The token's client application (azp or appid), for the audit. */
  clientAppId?: string;
  /** Where this request's Graph token came from, for the audit. */
  graphToken?: GraphTokenOrigin;
}

export interface AuthRequest {
  authorization: string | undefined;
  requestId: string;
  /** How many tool calls the request carries, for the per-user rate limit. */
  toolCalls: number;
}

export type AuthOutcome =
  | { ok: true; caller: Caller }
  | { ok: false; status: 401 | 403 | 429 | 500 | 503; message: string; headers: Record<string, string> };

/** Turns the Authorization header into a caller, or a refusal with its challenge. */
export interface Authenticator {
  authenticate(request: AuthRequest): Promise<AuthOutcome>;
}

export const callerKey = (caller: Caller): string => `${caller.tenantId}/${caller.userId}`;
