// DNS-rebinding protection (Host) and browser cross-origin protection (Origin).
import type { Middleware } from "koa";
import { FORBIDDEN_ORIGIN, MISDIRECTED_HOST } from "./messages.js";
import { SERVER_ERROR, sendJsonRpcError } from "./jsonrpc.js";

export interface GuardOptions {
  /** Host header values (host[:port], lower case) the server answers to. */
  allowedHosts: ReadonlySet<string>;
  allowedOrigins: ReadonlySet<string>;
}

export function hostAndOriginGuard({ allowedHosts, allowedOrigins }: GuardOptions): Middleware {
  return async (ctx, next) => {
    const host = (ctx.get("host") || "").toLowerCase();
    if (!allowedHosts.has(host)) {
      sendJsonRpcError(ctx, 421, SERVER_ERROR, MISDIRECTED_HOST);
      return;
    }
    const origin = ctx.get("origin");
    if (origin && !allowedOrigins.has(origin)) {
      sendJsonRpcError(ctx, 403, SERVER_ERROR, FORBIDDEN_ORIGIN);
      return;
    }
    await next();
  };
}
