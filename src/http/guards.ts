// DNS-rebinding protection (Host) and browser cross-origin protection (Origin), as the MCP transport spec requires
// ("Servers MUST validate the Origin header on all incoming connections to prevent DNS rebinding attacks").
import type { Middleware } from "koa";
import { FORBIDDEN_ORIGIN, MISDIRECTED_HOST } from "./messages.js";
import { SERVER_ERROR, sendJsonRpcError } from "./jsonrpc.js";

export interface GuardOptions {
  /** Host header values (host[:port], lower case) the server answers to. */
  allowedHosts: ReadonlySet<string>;
  allowedOrigins: ReadonlySet<string>;
}

/** An allowed origin, or the server's own: a page served from a Host the server answers to is no foreign site. */
function originAllowed(origin: string, { allowedHosts, allowedOrigins }: GuardOptions): boolean {
  if (allowedOrigins.has(origin)) return true;
  try {
    const url = new URL(origin);
    return (url.protocol === "http:" || url.protocol === "https:") && allowedHosts.has(url.host.toLowerCase());
  } catch {
    return false;
  }
}

export function hostAndOriginGuard(options: GuardOptions): Middleware {
  const { allowedHosts } = options;
  return async (ctx, next) => {
    const host = (ctx.get("host") || "").toLowerCase();
    if (!allowedHosts.has(host)) {
      sendJsonRpcError(ctx, 421, SERVER_ERROR, MISDIRECTED_HOST);
      return;
    }
    const origin = ctx.get("origin");
    if (origin && !originAllowed(origin, options)) {
      sendJsonRpcError(ctx, 403, SERVER_ERROR, FORBIDDEN_ORIGIN);
      return;
    }
    await next();
  };
}
