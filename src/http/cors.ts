// CORS for the browser origins M365_MCP_ALLOWED_ORIGINS lists (the Origin guard has already refused the others):
// browser-based MCP clients need the preflight answered and the challenge header readable.
import type { Middleware } from "koa";

export function corsFor(allowedOrigins: ReadonlySet<string>): Middleware {
  return async (ctx, next) => {
    const origin = ctx.get("origin");
    if (origin && allowedOrigins.has(origin)) {
      ctx.set("Access-Control-Allow-Origin", origin);
      ctx.vary("Origin");
      ctx.set("Access-Control-Expose-Headers", "WWW-Authenticate, Retry-After, X-Request-Id");
      if (ctx.method === "OPTIONS") {
        ctx.set("Access-Control-Allow-Methods", "POST");
        ctx.set("Access-Control-Allow-Headers", "Authorization, Content-Type, Accept, Mcp-Protocol-Version");
        ctx.set("Access-Control-Max-Age", "600");
      }
    }
    await next();
  };
}
