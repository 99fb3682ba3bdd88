// One low-level MCP Server per request, bound to that request's caller: no state outlives the request.
import { Server, type CallToolResult, type Implementation, type InputRequiredResult, type ServerContext, type Tool } from "@modelcontextprotocol/server";
import type { AuditSink } from "../audit/sink.js";
import { toolCallEvent } from "../audit/tool-call.js";
import { callerKey, type Caller } from "../auth/caller.js";
import { Failure, PermissionMissing, failureOf } from "../failure.js";
import type { GraphHttp, GraphRequestRecord } from "../graph/client.js";
import { CursorCodec } from "../graph/cursor.js";
import type { Logger } from "../logging/logger.js";
import type { FileSettings, ProgressReporter, ToolDefinition } from "../tools/types.js";
import { invalidParams } from "./errors.js";
import { registerResources } from "./resources.js";
import { firstGrantedStrategy, satisfies } from "./scopes.js";

/** The tools as tools/list shows them and tools/call finds them; built once at startup. */
export interface ToolIndex {
  listing: ReadonlyArray<{ tool: ToolDefinition; entry: Tool }>;
  byName: ReadonlyMap<string, ToolDefinition>;
}

/** A tool outside the generated registry, answered as is: the sandbox's conformance fixtures, never a product tool. */
export interface FixtureTool {
  entry: Tool;
  call(ctx: ServerContext): Promise<CallToolResult | InputRequiredResult>;
}

export interface McpDependencies {
  tools: ToolIndex;
  /** Listed after the product's tools; their presence also declares the logging capability they exercise. */
  fixtureTools?: readonly FixtureTool[];
  graphHttp: GraphHttp;
  cursorKey: Uint8Array;
  files: FileSettings;
  audit: AuditSink;
  /** Log search text in audit events instead of its length and hash. */
  auditQueries: boolean;
  logger: Logger;
  version: string;
}

/** The server's name and version, as every answer's serverInfo names them. */
export const serverIdentity = (version: string): Implementation => ({ name: "m365-mcp", version });

/** A tool's answer, and for a failure its kind, which resources/read turns into a JSON-RPC error. */
export interface ToolOutcome {
  result: CallToolResult;
  failure?: Failure;
}

/** What a running tool needs from the MCP request: its cancellation and its progress channel. */
export interface CallContext {
  signal: AbortSignal;
  progress: ProgressReporter;
}

/** Runs one tool for the request's caller, with every check and the audit event; tools/call and resources/read share it. */
export type CallTool = (name: string, args: Record<string, unknown>, call: CallContext) => Promise<ToolOutcome>;

export function indexTools(tools: readonly ToolDefinition[]): ToolIndex {
  return { listing: tools.map((tool) => ({ tool, entry: listing(tool) })), byName: new Map(tools.map((t) => [t.name, t])) };
}

function listing(tool: ToolDefinition): Tool {
  return {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: tool.inputSchema as Tool["inputSchema"],
    outputSchema: tool.outputSchema,
    annotations: tool.annotations,
  };
}

/** No progress channel: the request carried no progress token, or is answered as one JSON body. */
export const NO_PROGRESS: ProgressReporter = () => Promise.resolve();

/** Sends notifications/progress against the request's progress token, when it carried one. */
function progressReporter(ctx: ServerContext): ProgressReporter {
  const token = ctx.mcpReq._meta?.progressToken;
  if (token === undefined) return NO_PROGRESS;
  return (progress, total, message) =>
    ctx.mcpReq.notify({ method: "notifications/progress", params: { progressToken: token, progress, ...(total === undefined ? {} : { total }), ...(message ? { message } : {}) } });
}

const toolError = (text: string, failure: Failure): ToolOutcome => ({ result: { isError: true, content: [{ type: "text", text }] }, failure });

/** "Mail.Read", "Mail.Read or Mail.ReadBasic", "Files.Read.All, or Sites.Read.All and User.Read". */
function permissionChoices(sets: readonly (readonly string[])[]): string {
  const phrases = sets.map((set) => set.join(" and "));
  return phrases.length <= 1 ? (phrases[0] ?? "") : `${phrases.slice(0, -1).join(", ")} or ${phrases.at(-1) ?? ""}`;
}

/** Hidden from tools/list and refused on call: turned off by the policy, or no permission set granted. */
function unavailable(tool: ToolDefinition, caller: Caller): Failure | undefined {
  if (caller.disabledTools.has(tool.name)) {
    return new Failure("access_denied", `The ${tool.name} tool is turned off for your organization by the server's administrator.`, { code: "tool_disabled" });
  }
  // Without consent nothing is granted; the call then explains consent instead of naming every permission.
  if (caller.graphUnavailable || satisfies(tool.scopes, caller.grantedScopes)) return undefined;
  const permission = permissionChoices(tool.scopes);
  return new PermissionMissing(
    `The ${tool.name} tool needs the Microsoft Graph delegated permission ${permission}, which has not been granted to this app for you. ` +
      "An administrator can grant it in Microsoft Entra ID (API permissions, then admin consent); it applies from your next sign-in.",
    permission,
  );
}

/**
 * The 2026-07-28 cache hints. Tool lists follow the caller's permissions and the admin policy, which apply from
 * the next request, and content is never cached: both say "do not reuse". The templates and the server's
 * description change only with a new version.
 */
const CACHE_HINTS = {
  "tools/list": { ttlMs: 0, cacheScope: "private" },
  "resources/read": { ttlMs: 0, cacheScope: "private" },
  "resources/list": { ttlMs: 3_600_000, cacheScope: "public" },
  "resources/templates/list": { ttlMs: 3_600_000, cacheScope: "public" },
  "server/discover": { ttlMs: 3_600_000, cacheScope: "public" },
} as const;

/** The tool runner for one request's caller: every check, the tool, and its one audit event. */
export function toolCaller(deps: McpDependencies, caller: Caller, requestId: string): CallTool {
  return async (name, args, call) => {
    const tool = deps.tools.byName.get(name);
    if (!tool) throw invalidParams(`Unknown tool: ${name}. Call tools/list for the available tools.`);
    const started = performance.now();
    const audit = (outcome: "ok" | "error" | "denied", graphRequests: readonly GraphRequestRecord[], extraFields: { structured?: unknown; failure?: Failure }): void => {
      deps.audit.emit(toolCallEvent({ tool: name, caller, requestId, args, graphRequests, outcome, durationMs: performance.now() - started, logQueries: deps.auditQueries, ...extraFields }));
    };
    const refusal = unavailable(tool, caller);
    if (refusal) {
      const reason = refusal instanceof PermissionMissing ? "missing_permission" : "tool_disabled";
      deps.audit.emit({ event: "policy.denied", reason, tool: name, requestId, tenantId: caller.tenantId, userId: caller.userId, ...(caller.upn ? { upn: caller.upn } : {}) });
      audit("denied", [], { failure: refusal });
      return toolError(refusal.message, refusal);
    }
    if (caller.graphUnavailable) {
      const consent = new Failure("access_denied", caller.graphUnavailable, { code: "consent_required" });
      audit("error", [], { failure: consent });
      return toolError(consent.message, consent);
    }
    // Nothing the tool started outlives its answer: a request still running when it failed on another is stopped.
    // (Forwarded by hand: AbortSignal.any cost a tenth of a tool call's CPU.)
    const finished = new AbortController();
    const forward = (): void => {
      finished.abort(call.signal.reason);
    };
    if (call.signal.aborted) forward();
    else call.signal.addEventListener("abort", forward, { once: true });
    const { signal } = finished;
    const graph = deps.graphHttp.clientFor(caller.graphTokens, signal, { tenantId: caller.tenantId, userId: caller.userId });
    try {
      const result = await tool.run(args, {
        graph,
        strategy: firstGrantedStrategy(tool.strategies, caller.grantedScopes),
        grantedScopes: caller.grantedScopes,
        userId: caller.userId,
        cursors: new CursorCodec(deps.cursorKey, tool.name, callerKey(caller)),
        files: deps.files,
        progress: call.progress,
        now: () => new Date(),
        signal,
        logger: deps.logger,
      });
      audit("ok", graph.requests, { structured: result.structured });
      return { result: { content: [{ type: "text", text: result.markdown }], structuredContent: result.structured } };
    } catch (error) {
      const failure = failureOf(error);
      audit("error", graph.requests, { failure });
      if (failure.kind !== "internal") return toolError(failure.message, failure);
      // The user learns only that it failed and the reference; the cause is for the admin, who has the log.
      deps.logger.error({ err: error, requestId, tool: tool.name }, "tool failed");
      return toolError(`The ${tool.name} tool failed unexpectedly (reference ${requestId}).`, failure);
    } finally {
      call.signal.removeEventListener("abort", forward);
      // Aborting wakes every signal derived from this one, so only when something is left to stop.
      if (graph.busy) finished.abort();
    }
  };
}

// The low-level Server, not McpServer: the tools are the generated registry's raw JSON Schemas with precompiled
// validators, their listing depends on the caller, and every call, even one with bad arguments, is audited.
// eslint-disable-next-line @typescript-eslint/no-deprecated
export function createMcpServer(deps: McpDependencies, caller: Caller, requestId: string): Server {
  const fixtures = deps.fixtureTools ?? [];
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  const server = new Server(serverIdentity(deps.version), {
    capabilities: { tools: { listChanged: false }, resources: {}, ...(fixtures.length > 0 ? { logging: {} } : {}) },
    cacheHints: CACHE_HINTS,
  });
  server.setRequestHandler("tools/list", () => ({
    tools: [...deps.tools.listing.filter(({ tool }) => !unavailable(tool, caller)).map(({ entry }) => entry), ...fixtures.map((f) => f.entry)],
  }));

  const callTool = toolCaller(deps, caller, requestId);
  const callContext = (ctx: ServerContext): CallContext => ({ signal: ctx.mcpReq.signal, progress: progressReporter(ctx) });
  server.setRequestHandler("tools/call", async (request, ctx) => {
    const fixture = fixtures.find((f) => f.entry.name === request.params.name);
    return fixture ? fixture.call(ctx) : (await callTool(request.params.name, request.params.arguments ?? {}, callContext(ctx))).result;
  });
  registerResources(server, (name, args, ctx) => callTool(name, args, callContext(ctx)));
  return server;
}
