// POST /mcp: stateless Streamable HTTP. Each request gets a fresh transport and a server bound to its caller.
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { parse as parseContentType } from "content-type";
import type { Context } from "koa";
import getRawBody from "raw-body";
import type { Authenticator } from "../auth/caller.js";
import { createMcpServer, type McpDependencies } from "../mcp/server.js";
import { BODY_TOO_LARGE, NOT_ACCEPTABLE, UNSUPPORTED_MEDIA } from "./messages.js";
import { INVALID_REQUEST, PARSE_ERROR, SERVER_ERROR, sendJsonRpcError } from "./jsonrpc.js";

export interface McpEndpointOptions extends McpDependencies {
  authenticator: Authenticator;
  maxBodyBytes: number;
}

function mediaType(header: string | undefined): string | undefined {
  try {
    return header ? parseContentType(header).type : undefined;
  } catch {
    return undefined;
  }
}

async function readJson(ctx: Context, limit: number): Promise<{ ok: true; body: unknown } | { ok: false }> {
  let text: string;
  try {
    text = await getRawBody(ctx.req, { limit, encoding: "utf8" });
  } catch (error) {
    const tooLarge = (error as { type?: string }).type === "entity.too.large";
    sendJsonRpcError(ctx, tooLarge ? 413 : 400, tooLarge ? SERVER_ERROR : PARSE_ERROR, tooLarge ? BODY_TOO_LARGE : "The request body could not be read.");
    return { ok: false };
  }
  try {
    return { ok: true, body: JSON.parse(text) as unknown };
  } catch {
    sendJsonRpcError(ctx, 400, PARSE_ERROR, "Parse error: the request body is not valid JSON.");
    return { ok: false };
  }
}

/** Each message of a batch may run a tool; the bound keeps one request's work (and memory) in proportion. */
const MAX_BATCH = 20;

const messagesOf = (body: unknown): unknown[] => (Array.isArray(body) ? body : [body]);

/** resources/read runs the read_resource tool, so it counts like a tool call. */
const TOOL_RUNS = new Set(["tools/call", "resources/read"]);

/** The tool runs a request carries, counted against the per-user rate limit before any work is done. */
const toolCalls = (body: unknown): number =>
  messagesOf(body).filter((m) => typeof m === "object" && m !== null && TOOL_RUNS.has(String((m as { method?: unknown }).method))).length;

/** Progress notifications need a stream; everything else is answered as one JSON body. */
function wantsStream(body: unknown): boolean {
  return messagesOf(body).some((m) => typeof m === "object" && m !== null && typeof (m as { params?: { _meta?: { progressToken?: unknown } } }).params?._meta?.progressToken !== "undefined");
}

export function mcpEndpoint(options: McpEndpointOptions) {
  return async (ctx: Context): Promise<void> => {
    if (mediaType(ctx.get("content-type")) !== "application/json") {
      sendJsonRpcError(ctx, 415, SERVER_ERROR, UNSUPPORTED_MEDIA);
      return;
    }
    const accept = ctx.get("accept");
    const acceptsJson = /application\/json|application\/\*|\*\/\*/.test(accept);
    const acceptsStream = accept.includes("text/event-stream");
    if (!acceptsJson && !acceptsStream) {
      sendJsonRpcError(ctx, 406, SERVER_ERROR, NOT_ACCEPTABLE);
      return;
    }
    const parsed = await readJson(ctx, options.maxBodyBytes);
    if (!parsed.ok) return;
    if (parsed.body === null || typeof parsed.body !== "object") {
      sendJsonRpcError(ctx, 400, INVALID_REQUEST, "Invalid request: expected a JSON-RPC message or batch.");
      return;
    }
    if (Array.isArray(parsed.body) && parsed.body.length > MAX_BATCH) {
      sendJsonRpcError(ctx, 400, INVALID_REQUEST, `Invalid request: a batch may hold at most ${MAX_BATCH} messages.`);
      return;
    }
    const requestId = ctx.state["requestId"] as string;
    const auth = await options.authenticator.authenticate({ authorization: ctx.get("authorization") || undefined, requestId, toolCalls: toolCalls(parsed.body) });
    if (!auth.ok) {
      sendJsonRpcError(ctx, auth.status, SERVER_ERROR, auth.message, auth.headers);
      return;
    }
    const { server } = createMcpServer(options, auth.caller, requestId);
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: !(acceptsStream && wantsStream(parsed.body)),
    });
    // The SDK insists on both media types; we have already chosen the reply format from what the client accepts.
    const negotiated = "application/json, text/event-stream";
    ctx.req.headers["accept"] = negotiated;
    const raw = ctx.req.rawHeaders;
    for (let i = 0; i < raw.length; i += 2) if (raw[i]?.toLowerCase() === "accept") raw[i + 1] = negotiated;
    ctx.respond = false;
    ctx.res.on("close", () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(ctx.req, ctx.res, parsed.body);
  };
}
