// Who a request acts for. Built per request by an Authenticator and passed down explicitly.
import type { GraphTokenSource } from "../graph/client.js";

export interface Caller {
  tenantId: string;
  userId: string;
  /** User principal name, for logs an admin can read. */
  upn: string | undefined;
  /** The delegated Graph permissions this caller's token carries. */
  grantedScopes: ReadonlySet<string>;
  graphTokens: GraphTokenSource;
}

export type AuthOutcome =
  | { ok: true; caller: Caller }
  | { ok: false; status: 401 | 403; wwwAuthenticate: string; message: string };

/** Turns the Authorization header into a caller, or a refusal with its challenge. */
export interface Authenticator {
  authenticate(authorization: string | undefined): Promise<AuthOutcome>;
}

export const callerKey = (caller: Caller): string => `${caller.tenantId}/${caller.userId}`;
