// The audit trail's vocabulary: one event type per thing an admin audits, told apart by `event`.
// Events carry identifiers, codes, counts and digests only, never content, tokens or secrets.
import type { FailureKind } from "../failure.js";

/** Why a bearer token was refused. Stable codes: admins alert and filter on them. */
export const AUTH_FAILURE_REASONS = [
  "missing",
  "malformed",
  "too_large",
  "bad_algorithm",
  "unknown_key",
  "bad_signature",
  "expired",
  "not_yet_valid",
  "wrong_audience",
  "wrong_issuer",
  "personal_account",
  "app_only",
  "missing_scope",
  "tenant_not_allowed",
  "entra_unavailable",
] as const;
export type AuthFailureReason = (typeof AUTH_FAILURE_REASONS)[number];

/** Why the admin policy refused a call. */
export const POLICY_DENIED_REASONS = [
  "connector_disabled",
  "tenant_not_allowed",
  "not_in_allowed_group",
  "rate_limited",
  "tool_disabled",
  "missing_permission",
] as const;
export type PolicyDeniedReason = (typeof POLICY_DENIED_REASONS)[number];

/** Who a request acts for, as far as it is known when the event happens. */
export interface AuditIdentity {
  /** The HTTP request's id (the one error messages quote as "reference"). */
  requestId: string;
  /** Entra tenant id (`tid`). */
  tenantId?: string;
  /** The user's Entra object id (`oid`). */
  userId?: string;
  /** User principal name (`upn` or `preferred_username`). */
  upn?: string;
}

/** A caller that has signed in: tenant and user are always known. */
export interface KnownIdentity extends AuditIdentity {
  tenantId: string;
  userId: string;
}

export interface AuthSuccessEvent extends KnownIdentity {
  event: "auth.success";
  /** The client application the token was issued to (`azp` or `appid`). */
  clientAppId?: string;
}

export interface AuthFailureEvent extends AuditIdentity {
  event: "auth.failure";
  reason: AuthFailureReason;
  /** The HTTP status the request was answered with. */
  status: 401 | 403 | 503;
  /** The token's client application, when the token could be read that far. */
  clientAppId?: string;
}

/** Where a request's Graph token came from: the encrypted cache, or an exchange with Entra just now. */
export type GraphTokenOrigin = "cache" | "network";

/** An exchange with Entra: written for every one that went to the network; a cache hit shows on the tool.call. */
export interface OboExchangeEvent extends KnownIdentity {
  event: "obo.exchange";
  source: "network";
  outcome: "ok" | "error";
  /** The AADSTS error code on failure, e.g. AADSTS65001 (consent missing). */
  aadsts?: string;
  /** The OAuth error code on failure, e.g. invalid_grant, interaction_required, or timeout. */
  errorCode?: string;
  /** Entra's correlation id, which Microsoft support asks for. */
  correlationId?: string;
  durationMs?: number;
}

export interface PolicyDeniedEvent extends AuditIdentity {
  event: "policy.denied";
  reason: PolicyDeniedReason;
  /** The tool the caller asked for, when the denial is about a tool call. */
  tool?: string;
}

/** Free text as its length in characters (Unicode code points) and the SHA-256 hex of its UTF-8 bytes. */
export interface TextDigest {
  length: number;
  sha256: string;
}

/** A pasted web link as its host and the SHA-256 hex of the whole link as given. */
export interface LinkDigest {
  host: string;
  sha256: string;
}

/** One argument as the audit trail shows it. */
export type ArgumentSummary = string | number | boolean | null | TextDigest | LinkDigest | ArgumentSummary[] | { [name: string]: ArgumentSummary };

/** One Graph request of a tool call, for tracing with Microsoft support. */
export interface GraphRequestSummary {
  operationId: string;
  /** The client-request-id the server sent. */
  clientRequestId: string;
  /** Graph's request-id, when a response came back. */
  requestId?: string;
  status: "ok" | "error";
}

export interface ToolCallEvent extends KnownIdentity {
  event: "tool.call";
  /** The token's client application, as auth.success gave it for the token. */
  clientAppId?: string;
  /** Where the call's Graph token came from; absent when Graph could not be used (consent missing). */
  graphToken?: GraphTokenOrigin;
  tool: string;
  arguments: Record<string, ArgumentSummary>;
  /** The resource URIs the call read or returned (pasted links as host and hash). */
  resources: string[];
  /** How many items the main result list held, for tools that return one. */
  resultCount?: number;
  graphRequests: GraphRequestSummary[];
  outcome: "ok" | "error" | "denied";
  /** For a failure, what kind it was (never a message), as the README's error section lists them. */
  errorKind?: FailureKind;
  /** A stable refinement of errorKind, never a message: e.g. graph_403_ErrorAccessDenied, tool_disabled, encrypted. */
  errorCode?: string;
  durationMs: number;
}

export type AuditEvent = AuthSuccessEvent | AuthFailureEvent | OboExchangeEvent | PolicyDeniedEvent | ToolCallEvent;
