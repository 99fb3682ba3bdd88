// Graph failures as clear, bounded messages: status, Graph's error code, and the request id admins can trace.
import type { ODataError } from "@microsoft/msgraph-sdk/models/oDataErrors/index.js";

export interface GraphErrorDetails {
  status: number;
  code: string;
  message: string;
  resource: string;
  requestId?: string;
  retryAfterSeconds?: number;
  /** For GraphTimeout: the deadline Graph did not answer within. */
  timeoutMs?: number;
}

/** The code of a request that passed its deadline (M365_MCP_GRAPH_TIMEOUT_MS) without an answer. */
export const GRAPH_TIMEOUT = "GraphTimeout";

const GRAPH_MESSAGE_LIMIT = 300;

export class GraphError extends Error {
  readonly status: number;
  readonly code: string;
  readonly graphMessage: string;
  readonly resource: string;
  readonly requestId: string | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(details: GraphErrorDetails) {
    super(describe(details));
    this.name = "GraphError";
    this.status = details.status;
    this.code = details.code;
    this.graphMessage = details.message;
    this.resource = details.resource;
    this.requestId = details.requestId;
    this.retryAfterSeconds = details.retryAfterSeconds;
  }
}

function describe({ status, code, message, resource, retryAfterSeconds, timeoutMs }: GraphErrorDetails): string {
  if (code === GRAPH_TIMEOUT) return `Microsoft Graph did not answer within ${secondsText(timeoutMs ?? 0)} while reading ${resource}; try again.`;
  const tag = `(${status} ${code})`;
  const detail = message ? `: ${message.slice(0, GRAPH_MESSAGE_LIMIT)}` : "";
  if (status === 401) return `Graph did not accept the caller's credentials ${tag}`;
  if (status === 403) return `Graph denied access to ${resource} ${tag}`;
  if (status === 404) return `Graph could not find ${resource} ${tag}`;
  if (status === 429) {
    const wait = retryAfterSeconds === undefined ? "" : `; retry after ${retryAfterSeconds} seconds`;
    return `Graph is throttling requests for ${resource}${wait} ${tag}`;
  }
  if (code === "InvalidResponse") return `Graph sent a reply that could not be read for ${resource} ${tag}`;
  if (status >= 500) return `Graph failed while reading ${resource}; try again later ${tag}`;
  return `Graph rejected the request for ${resource} ${tag}${detail}`;
}

/** "30 s", "1.5 s". */
export function secondsText(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

/**
 * The tool call was cancelled (its client went away): named AbortError so the audit records it as "aborted", and
 * distinct from ToolInputError, which would blame the caller's arguments.
 */
export class CancelledError extends Error {
  constructor(message = "The tool call was cancelled.") {
    super(message);
    this.name = "AbortError";
  }
}

function header(headers: Record<string, string[]> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key ? headers[key]?.[0] : undefined;
}

function isApiError(error: unknown): error is ODataError {
  // Kiota throws the deserialized error model, which is not always an Error instance.
  return typeof error === "object" && error !== null && typeof (error as Partial<ODataError>).responseStatusCode === "number";
}

export function toGraphError(error: unknown, resource: string): GraphError {
  if (error instanceof GraphError) return error;
  if (!isApiError(error)) {
    // fetch reports network failures as TypeError; anything else is a reply Kiota could not parse.
    return error instanceof TypeError
      ? new GraphError({ status: 503, code: "GraphUnreachable", message: "", resource })
      : new GraphError({ status: 502, code: "InvalidResponse", message: "", resource });
  }
  const status = error.responseStatusCode ?? 500;
  const retryAfter = Number(header(error.responseHeaders, "retry-after"));
  const requestId = header(error.responseHeaders, "request-id") ?? error.errorEscaped?.innerError?.requestId ?? undefined;
  return new GraphError({
    status,
    code: error.errorEscaped?.code ?? "UnknownError",
    message: error.errorEscaped?.message ?? "",
    resource,
    ...(requestId ? { requestId } : {}),
    ...(Number.isFinite(retryAfter) ? { retryAfterSeconds: retryAfter } : {}),
  });
}
