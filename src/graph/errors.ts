// Graph failures as clear, bounded messages: status, Graph's error code, and the request id admins can trace.
import { Failure, type FailureKind } from "../failure.js";

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

export class GraphError extends Failure {
  override name = "GraphError";
  readonly status: number;
  /** Graph's own error code, e.g. itemNotFound. */
  readonly code: string;
  readonly graphMessage: string;
  readonly resource: string;
  readonly requestId: string | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(details: GraphErrorDetails) {
    super(kindOf(details), describe(details), {
      code: `graph_${details.status}_${details.code.replace(/[^A-Za-z0-9_.-]/g, "")}`,
      ...(details.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: details.retryAfterSeconds }),
    });
    this.status = details.status;
    this.code = details.code;
    this.graphMessage = details.message;
    this.resource = details.resource;
    this.requestId = details.requestId;
    this.retryAfterSeconds = details.retryAfterSeconds;
  }
}

function kindOf({ status, code }: GraphErrorDetails): FailureKind {
  if (code === GRAPH_TIMEOUT) return "timeout";
  if (status === 401 || status === 403) return "access_denied";
  if (status === 404 || status === 410) return "not_found";
  if (status === 429) return "throttled";
  if (status >= 500) return "unavailable";
  return "invalid_input";
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

/** Graph's OData error body, read defensively: any part may be missing from a proxy's or a gateway's answer. */
function odataError(text: string): { code?: string; message?: string; requestId?: string } {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return {};
  }
  const error = typeof body === "object" && body !== null ? (body as { error?: unknown }).error : undefined;
  if (typeof error !== "object" || error === null) return {};
  const { code, message, innerError } = error as { code?: unknown; message?: unknown; innerError?: unknown };
  const requestId = typeof innerError === "object" && innerError !== null ? (innerError as Record<string, unknown>)["request-id"] : undefined;
  return {
    ...(typeof code === "string" && code ? { code } : {}),
    ...(typeof message === "string" ? { message } : {}),
    ...(typeof requestId === "string" && requestId ? { requestId } : {}),
  };
}

/** What a failure is read from: its status, headers and body text. */
export interface FailedResponse {
  status: number;
  header(name: string): string | undefined;
  text(): Promise<string>;
}

/** The GraphError for a failed response (4xx/5xx), from its status, headers and OData error body. */
export async function graphFailure(response: FailedResponse, resource: string): Promise<GraphError> {
  const text = await response.text().catch(() => "");
  const { code, message, requestId: bodyRequestId } = odataError(text);
  const retryAfter = Number(response.header("retry-after") ?? Number.NaN);
  const requestId = response.header("request-id") ?? bodyRequestId;
  return new GraphError({
    status: response.status,
    code: code ?? "UnknownError",
    message: message ?? "",
    resource,
    ...(requestId ? { requestId } : {}),
    ...(Number.isFinite(retryAfter) ? { retryAfterSeconds: retryAfter } : {}),
  });
}

export function toGraphError(error: unknown, resource: string): GraphError {
  if (error instanceof GraphError) return error;
  // fetch reports network failures as TypeError; anything else is a reply that could not be read.
  return error instanceof TypeError
    ? new GraphError({ status: 503, code: "GraphUnreachable", message: "", resource })
    : new GraphError({ status: 502, code: "InvalidResponse", message: "", resource });
}
