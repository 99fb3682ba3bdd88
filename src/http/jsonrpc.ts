// JSON-RPC error bodies for failures that happen before the MCP transport sees a request.
import type { Context } from "koa";

export const PARSE_ERROR = -32700;
export const INVALID_REQUEST = -32600;
export const INVALID_PARAMS = -32602;
export const SERVER_ERROR = -32000;
export const INTERNAL_ERROR = -32603;

export type JsonRpcId = string | number | null;

/** The id to answer with: a single request's own id; null for a batch, a notification or an unreadable body (JSON-RPC 2.0 §5). */
export function requestIdOf(body: unknown): JsonRpcId {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return null;
  const { id } = body as { id?: unknown };
  return typeof id === "string" || typeof id === "number" ? id : null;
}

export function sendJsonRpcError(ctx: Context, status: number, code: number, message: string, headers: Record<string, string> = {}, id: JsonRpcId = null): void {
  ctx.status = status;
  ctx.set(headers);
  ctx.body = { jsonrpc: "2.0", error: { code, message }, id };
}
