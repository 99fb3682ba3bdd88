// One failure taxonomy, shared by every layer: from Graph, a file host, a file or the arguments to the words the
// user reads and the audit's errorKind. It lives at the bottom so graph/ and content/ can raise it without tools/.

/** Why a call failed, as the user and the audit both see it. */
export const FAILURE_KINDS = [
  "invalid_input",
  "not_found",
  "access_denied",
  "throttled",
  "unavailable",
  "timeout",
  "cancelled",
  "content_unreadable",
  "too_large",
  "internal",
] as const;

export type FailureKind = (typeof FAILURE_KINDS)[number];

export interface FailureDetails {
  /** A stable, content-free refinement for the audit: a Graph status and code, a policy reason, why a file is unreadable. */
  code?: string;
  /** access_denied: the delegated permission that was not granted. */
  missingPermission?: string;
  /** throttled: how long to wait before trying again, when the source said. */
  retryAfterSeconds?: number;
  /** too_large: how big the thing was, when known, and the limit it passed. */
  size?: number;
  limit?: number;
}

/**
 * A failure whose message is written for the user: it says what happened and what to do. The message may quote
 * Graph or the arguments, so it is never logged or audited; the kind and code are.
 */
export class Failure extends Error {
  override name = "Failure";
  readonly kind: FailureKind;
  readonly details: FailureDetails;

  constructor(kind: FailureKind, message: string, details: FailureDetails = {}) {
    super(message);
    this.kind = kind;
    this.details = details;
  }
}

/** The caller's arguments are wrong; the message says which and how. */
export class InvalidInput extends Failure {
  override name = "InvalidInput";

  constructor(message: string, code?: string) {
    super("invalid_input", message, code === undefined ? {} : { code });
  }
}

/** A uri or link that names nothing this server can read: for resources/read, "resource not found". */
export class UnsupportedUri extends InvalidInput {
  override name = "UnsupportedUri";

  constructor(message: string) {
    super(message, "unsupported_uri");
  }
}

/** A delegated permission this needs was not granted; the message names it and who can grant it. */
export class PermissionMissing extends Failure {
  override name = "PermissionMissing";

  constructor(message: string, missingPermission: string) {
    super("access_denied", message, { code: "missing_permission", missingPermission });
  }
}

/** The tool call was cancelled: its client went away or cancelled it. */
export class Cancelled extends Failure {
  override name = "Cancelled";

  constructor(message = "The tool call was cancelled.") {
    super("cancelled", message);
  }
}

/** Any error as a Failure: an error that is not one is a fault in the server, whatever it says. */
export function failureOf(error: unknown): Failure {
  if (error instanceof Failure) return error;
  // A request stopped by the call's own signal, before anything turned it into Cancelled.
  if (error instanceof Error && error.name === "AbortError") return new Cancelled();
  return new Failure("internal", "An unexpected error.", { code: error instanceof Error ? error.name.replace(/[^A-Za-z0-9_.-]/g, "").slice(0, 60) || "Error" : "thrown_value" });
}
