// JSON-RPC error bodies for failures that happen before the MCP transport sees a request.
import type { Context } from "koa";

export const PARSE_ERROR = -32700;
export const INVALID_REQUEST = -32600;
export const SERVER_ERROR = -32000;
export const INTERNAL_ERROR = -32603;

export function sendJsonRpcError(ctx: Context, status: number, code: number, message: string, headers: Record<string, string> = {}): void {
  ctx.status = status;
  ctx.set(headers);
  ctx.body = { jsonrpc: "2.0", error: { code, message }, id: null };
}
