// The Koa application: hygiene middleware, then the MCP endpoint and health probes.
import { randomUUID } from "node:crypto";
import Router from "@koa/router";
import Koa from "koa";
import type { Logger } from "../logging/logger.js";
import { hostAndOriginGuard } from "./guards.js";
import { INTERNAL_ERROR, SERVER_ERROR, sendJsonRpcError } from "./jsonrpc.js";
import { mcpEndpoint, type McpEndpointOptions } from "./mcp-endpoint.js";
import { METADATA_PATH, protectedResourceMetadata, type ProtectedResource } from "./protected-resource.js";
import { INTERNAL } from "./messages.js";

export interface AppOptions extends McpEndpointOptions {
  logger: Logger;
  allowedHosts: ReadonlySet<string>;
  allowedOrigins: ReadonlySet<string>;
  isReady: () => boolean;
  /** Present when Entra sign-in is configured. */
  protectedResource: ProtectedResource | undefined;
}

export function createApp(options: AppOptions): Koa {
  const app = new Koa();
  app.proxy = false;
  // Koa's default handler prints stacks to stderr; our error boundary already logs through pino.
  app.silent = true;

  app.use(async (ctx, next) => {
    const requestId = randomUUID();
    ctx.state["requestId"] = requestId;
    ctx.set("x-request-id", requestId);
    const started = performance.now();
    try {
      await next();
    } catch (error) {
      options.logger.error({ err: error, requestId, path: ctx.path }, "request failed");
      if (!ctx.headerSent && ctx.respond !== false) sendJsonRpcError(ctx, 500, INTERNAL_ERROR, `${INTERNAL} (reference ${requestId})`);
    } finally {
      options.logger.debug({ requestId, method: ctx.method, path: ctx.path, status: ctx.status, ms: Math.round(performance.now() - started) }, "request");
    }
  });

  const router = new Router();
  router.get("/healthz", (ctx) => {
    ctx.body = { status: "ok" };
  });
  router.get("/readyz", (ctx) => {
    const ready = options.isReady();
    ctx.status = ready ? 200 : 503;
    // Requests arrive only once the server listens, so not ready means it is shutting down.
    ctx.body = { status: ready ? "ready" : "draining" };
  });
  if (options.protectedResource) {
    const metadata = protectedResourceMetadata(options.protectedResource);
    router.get(METADATA_PATH, metadata);
    router.get(`${METADATA_PATH}/mcp`, metadata);
  }
  const guard = hostAndOriginGuard(options);
  router.post("/mcp", guard, mcpEndpoint(options));
  router.all("/mcp", guard, (ctx) => {
    sendJsonRpcError(ctx, 405, SERVER_ERROR, "Method not allowed: this stateless server accepts only POST on /mcp.", { Allow: "POST" });
  });
  app.use(router.routes());
  app.use((ctx) => {
    ctx.status = 404;
    ctx.body = { error: "not_found" };
  });
  return app;
}
