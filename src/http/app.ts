// The Koa application: hygiene middleware, then the MCP endpoint and health probes.
import { randomUUID } from "node:crypto";
import Router from "@koa/router";
import Koa from "koa";
import type { Logger } from "../logging/logger.js";
import { hostAndOriginGuard } from "./guards.js";
import { INTERNAL_ERROR, SERVER_ERROR, sendJsonRpcError } from "./jsonrpc.js";
import { mcpEndpoint, type McpEndpointOptions } from "./mcp-endpoint.js";
import { corsFor } from "./cors.js";
import { METADATA_PATH, metadataUrl, protectedResourceMetadata, type ProtectedResource } from "./protected-resource.js";
import { INTERNAL } from "./messages.js";

export interface AppOptions extends McpEndpointOptions {
  logger: Logger;
  allowedHosts: ReadonlySet<string>;
  allowedOrigins: ReadonlySet<string>;
  isReady: () => boolean;
  /** Present when Entra sign-in is configured. */
  protectedResource: ProtectedResource | undefined;
}

/** What GET / answers: the resource documentation the protected-resource metadata points to. */
function serverDescription(options: AppOptions): string {
  const lines = [`m365-mcp ${options.version}: a read-only Microsoft 365 connector for MCP clients (Streamable HTTP on POST /mcp).`];
  if (options.protectedResource) {
    lines.push(
      `MCP endpoint: ${options.protectedResource.resource}`,
      `Sign-in: OAuth 2.0 with Microsoft Entra ID (${options.protectedResource.authorizationServer}), scope ${options.protectedResource.scope}.`,
      `Protected-resource metadata: ${metadataUrl(new URL(options.protectedResource.resource))}`,
    );
  }
  return `${lines.join("\n")}\n`;
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
      const body = { jsonrpc: "2.0", error: { code: INTERNAL_ERROR, message: `${INTERNAL} (reference ${requestId})` }, id: null };
      if (ctx.respond !== false) {
        if (!ctx.headerSent) sendJsonRpcError(ctx, 500, INTERNAL_ERROR, body.error.message);
      } else if (!ctx.res.headersSent) {
        // The MCP transport had taken over the response and failed before writing it: answer directly.
        ctx.res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify(body));
      } else if (!ctx.res.writableEnded) {
        ctx.res.end();
      }
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
  router.get("/", (ctx) => {
    ctx.type = "text/plain";
    ctx.body = serverDescription(options);
  });
  if (options.protectedResource) {
    const metadata = protectedResourceMetadata(options.protectedResource);
    // The path-specific document lives under the public path, which a proxy may prefix (/m365/mcp).
    const specific = new URL(metadataUrl(new URL(options.protectedResource.resource))).pathname;
    for (const path of new Set([METADATA_PATH, `${METADATA_PATH}/mcp`, specific])) router.get(path, metadata);
  }
  const guard = hostAndOriginGuard(options);
  const cors = corsFor(options.allowedOrigins);
  router.post("/mcp", guard, cors, mcpEndpoint(options));
  router.options("/mcp", guard, cors, (ctx) => {
    ctx.status = 204;
  });
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
