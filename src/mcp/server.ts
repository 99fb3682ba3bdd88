// One low-level MCP Server per request, bound to that request's caller: no state outlives the request.
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import type { jsonSchemaValidator } from "@modelcontextprotocol/sdk/validation";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError, type CallToolResult, type ServerNotification, type ServerRequest, type Tool } from "@modelcontextprotocol/sdk/types.js";
import { callerKey, type Caller } from "../auth/caller.js";
import type { GraphHttp } from "../graph/client.js";
import { CursorCodec } from "../graph/cursor.js";
import { GraphError } from "../graph/errors.js";
import type { Logger } from "../logging/logger.js";
import { ToolInputError, type FileSettings, type ProgressReporter, type ToolDefinition } from "../tools/types.js";
import { firstGrantedStrategy } from "./scopes.js";

/** The tools as tools/list shows them and tools/call finds them; built once at startup. */
export interface ToolIndex {
  listing: Tool[];
  byName: ReadonlyMap<string, ToolDefinition>;
}

export interface McpDependencies {
  tools: ToolIndex;
  /** Shared, because the SDK Server otherwise builds a fresh Ajv instance in every per-request constructor. */
  schemaValidator: jsonSchemaValidator;
  graphHttp: GraphHttp;
  cursorKey: Uint8Array;
  files: FileSettings;
  logger: Logger;
  version: string;
}

export function indexTools(tools: readonly ToolDefinition[]): ToolIndex {
  return { listing: tools.map(listing), byName: new Map(tools.map((t) => [t.name, t])) };
}

function listing(tool: ToolDefinition): Tool {
  return {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: tool.inputSchema as Tool["inputSchema"],
    outputSchema: tool.outputSchema as Tool["outputSchema"],
    annotations: tool.annotations,
  };
}

type RequestExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/** Sends notifications/progress against the request's progress token, when it carried one. */
function progressReporter(token: string | number | undefined, extra: RequestExtra): ProgressReporter {
  if (token === undefined) return () => Promise.resolve();
  return (progress, total, message) =>
    extra.sendNotification({ method: "notifications/progress", params: { progressToken: token, progress, ...(total === undefined ? {} : { total }), ...(message ? { message } : {}) } });
}

const toolError = (text: string): CallToolResult => ({ isError: true, content: [{ type: "text", text }] });

// The low-level Server, not McpServer: tools come from the generated registry as raw JSON Schemas, not zod.
// eslint-disable-next-line @typescript-eslint/no-deprecated
export function createMcpServer(deps: McpDependencies, caller: Caller, requestId: string): Server {
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  const server = new Server({ name: "m365-mcp", version: deps.version }, {
    capabilities: { tools: { listChanged: false } },
    jsonSchemaValidator: deps.schemaValidator,
  });
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: deps.tools.listing }));

  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const tool = deps.tools.byName.get(request.params.name);
    if (!tool) throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${request.params.name}. Call tools/list for the available tools.`);
    const graph = deps.graphHttp.clientFor(caller.graphTokens);
    try {
      const result = await tool.run(request.params.arguments ?? {}, {
        graph,
        strategy: firstGrantedStrategy(tool.strategies, caller.grantedScopes),
        grantedScopes: caller.grantedScopes,
        cursors: new CursorCodec(deps.cursorKey, tool.name, callerKey(caller)),
        files: deps.files,
        progress: progressReporter(request.params._meta?.progressToken, extra),
        now: () => new Date(),
        signal: extra.signal,
      });
      return { content: [{ type: "text", text: result.markdown }], structuredContent: result.structured as Record<string, unknown> };
    } catch (error) {
      if (error instanceof ToolInputError || error instanceof GraphError) return toolError(error.message);
      deps.logger.error({ err: error, requestId, tool: tool.name }, "tool failed");
      return toolError(`The ${tool.name} tool failed unexpectedly (reference ${requestId}).`);
    }
  });
  return server;
}
