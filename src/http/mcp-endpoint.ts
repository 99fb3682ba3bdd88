// POST /mcp: stateless Streamable HTTP for both protocol eras through the MCP SDK v2. Koa checks the request and
// authenticates the caller first; then 2026-07-28 requests (per-request `_meta` envelope) go to the SDK's
// createMcpHandler, and 2025-era ones to a fresh stateless transport. Each request gets a server bound to its caller.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { createMcpHandler, isLegacyRequest, WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/server";
import { parse as parseContentType } from "content-type";
import type { Context } from "koa";
import getRawBody from "raw-body";
import type { Authenticator, Caller } from "../auth/caller.js";
import { directToolCall, directToolResponse, type StandardHeaders } from "../mcp/direct-call.js";
import { createMcpServer, NO_PROGRESS, serverIdentity, toolCaller, type McpDependencies } from "../mcp/server.js";
import { BODY_TOO_LARGE, NOT_ACCEPTABLE, UNSUPPORTED_MEDIA } from "./messages.js";
import { INVALID_PARAMS, INVALID_REQUEST, PARSE_ERROR, SERVER_ERROR, requestIdOf, sendJsonRpcError } from "./jsonrpc.js";
import { invalidParams, MAX_JSON_DEPTH, messagesOf, shapeProblem } from "./request-shape.js";

export interface McpEndpointOptions extends McpDependencies {
  authenticator: Authenticator;
  maxBodyBytes: number;
  /** false sends every request through the SDK, so tests can compare the direct tools/call answer with the SDK's. */
  directToolCalls?: boolean;
}

/** The authenticated caller of one request, looked up by the factory from the Request the SDK hands it. */
interface RequestScope {
  caller: Caller;
  requestId: string;
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

/** resources/read runs the read_resource tool, so it counts like a tool call. */
const TOOL_RUNS = new Set(["tools/call", "resources/read"]);

/** The tool runs a request carries, counted against the per-user rate limit before any work is done. */
const toolCalls = (body: unknown): number =>
  messagesOf(body).filter((m) => typeof m === "object" && m !== null && TOOL_RUNS.has(String((m as { method?: unknown }).method))).length;

/** Progress notifications need a stream; everything else is answered as one JSON body. */
function wantsStream(body: unknown): boolean {
  return messagesOf(body).some((m) => typeof m === "object" && m !== null && typeof (m as { params?: { _meta?: { progressToken?: unknown } } }).params?._meta?.progressToken !== "undefined");
}

/** Headers the SDK must not see: the caller's bearer token stays in the auth layer (MCP security best practices, token passthrough). */
const WITHHELD_HEADERS = new Set(["authorization", "cookie", "content-length", "transfer-encoding", "connection", "host"]);

/**
 * The web Request the SDK serves. Its body was read and parsed already (for the size limit, the rate limit and the
 * audit), so it goes along as parsedBody and the Request carries none. Both media types are offered because the
 * SDK's 2025 transport insists on them, and the reply format was already chosen from what the client accepts.
 */
function webRequest(ctx: Context, signal: AbortSignal): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(ctx.req.headers)) {
    if (value === undefined || WITHHELD_HEADERS.has(name)) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  headers.set("accept", "application/json, text/event-stream");
  return new Request(ctx.href, { method: "POST", headers, signal });
}

const standardHeaders = (ctx: Context): StandardHeaders => ({
  protocolVersion: ctx.get("mcp-protocol-version") || undefined,
  method: ctx.get("mcp-method") || undefined,
  name: ctx.get("mcp-name") || undefined,
});

/** A whole JSON body with its length, written as the SDK's JSON responses are. */
function sendBody(ctx: Context, status: number, body: Buffer, headers: Record<string, string> = { "content-type": "application/json" }): void {
  ctx.respond = false;
  ctx.res.writeHead(status, { ...headers, "content-length": String(body.length) }).end(body);
}

/** Writes the SDK's web Response to the Node response: a JSON body whole, with its length; SSE as it comes. */
async function send(ctx: Context, response: Response): Promise<void> {
  const headers = Object.fromEntries(response.headers);
  if (!response.body || !response.headers.get("content-type")?.startsWith("text/event-stream")) {
    sendBody(ctx, response.status, Buffer.from(await response.arrayBuffer()), headers);
    return;
  }
  ctx.respond = false;
  ctx.res.writeHead(response.status, headers);
  // A client that goes away mid-stream ends the pipeline early; that is not a server failure.
  await pipeline(Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>), ctx.res).catch(() => undefined);
}

export function mcpEndpoint(options: McpEndpointOptions): (ctx: Context) => Promise<void> {
  const serverInfo = serverIdentity(options.version);
  const scopes = new WeakMap<Request, RequestScope>();
  const serverFor = (request: Request | undefined) => {
    const scope = request ? scopes.get(request) : undefined;
    if (!scope) throw new Error("No authenticated caller is bound to this MCP request.");
    return createMcpServer(options, scope.caller, scope.requestId);
  };
  const reportRejection = (error: Error): void => { options.logger.debug({ err: error }, "MCP request rejected"); };
  // legacy: "reject" because 2025-era requests never reach it: they are served below, answering in JSON unless
  // the request asked for progress, where the SDK's own fallback would always stream.
  const modern = createMcpHandler(({ requestInfo }) => serverFor(requestInfo), { legacy: "reject", onerror: reportRejection });

  async function serveLegacy(request: Request, body: unknown, json: boolean, res: Context["res"]): Promise<Response> {
    const server = serverFor(request);
    const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: json });
    transport.onerror = reportRejection;
    res.on("close", () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    return transport.handleRequest(request, { parsedBody: body });
  }

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
      sendJsonRpcError(ctx, auth.status, SERVER_ERROR, auth.message, auth.headers, requestIdOf(parsed.body));
      return;
    }
    // After sign-in, so a client without a token is still told to sign in (401) first.
    const shape = shapeProblem(parsed.body, MAX_JSON_DEPTH);
    if (shape === "too_deep") {
      sendJsonRpcError(ctx, 400, INVALID_PARAMS, `Invalid params: the request nests JSON more than ${MAX_JSON_DEPTH} levels deep, which no tool's arguments need.`, {}, requestIdOf(parsed.body));
      return;
    }
    if (shape === "ill_formed_text") {
      sendJsonRpcError(ctx, 400, INVALID_PARAMS, "Invalid params: the request holds text that is not valid Unicode (a lone surrogate in a \\u escape).", {}, requestIdOf(parsed.body));
      return;
    }
    const paramsProblem = invalidParams(parsed.body);
    if (paramsProblem) {
      // Answered here as the SDK answers invalid params (200), but without its validator's dump.
      sendJsonRpcError(ctx, Array.isArray(parsed.body) ? 400 : 200, INVALID_PARAMS, paramsProblem, {}, requestIdOf(parsed.body));
      return;
    }
    const disconnected = new AbortController();
    ctx.res.on("close", () => {
      if (!ctx.res.writableFinished) disconnected.abort();
    });
    const direct = options.directToolCalls !== false && acceptsJson ? directToolCall(parsed.body, standardHeaders(ctx), options.tools) : undefined;
    if (direct) {
      const { result } = await toolCaller(options, auth.caller, requestId)(direct.name, direct.args, { signal: disconnected.signal, progress: NO_PROGRESS });
      sendBody(ctx, 200, Buffer.from(JSON.stringify(directToolResponse(direct, result, serverInfo))));
      return;
    }
    const request = webRequest(ctx, disconnected.signal);
    scopes.set(request, { caller: auth.caller, requestId });
    const response = (await isLegacyRequest(request, parsed.body))
      ? await serveLegacy(request, parsed.body, !(acceptsStream && wantsStream(parsed.body)), ctx.res)
      : await modern.fetch(request, { parsedBody: parsed.body });
    await send(ctx, response);
  };
}
