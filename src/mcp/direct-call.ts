// A plain 2026-07-28 tools/call, answered without building the SDK's per-request server and its Web Request and
// Response (issue 10: that adaptation was about a quarter of the CPU of a tool call). Only a request the SDK would
// dispatch unchanged qualifies; anything else goes to the SDK, which owns every error answer and every other method.
import {
  CLIENT_CAPABILITIES_META_KEY,
  CLIENT_INFO_META_KEY,
  classifyInboundRequest,
  PROTOCOL_VERSION_META_KEY,
  SERVER_INFO_META_KEY,
  type CallToolResult,
  type Implementation,
  type JSONRPCResultResponse,
  type RequestId,
} from "@modelcontextprotocol/server";
import type { ToolIndex } from "./server.js";

/** The revision whose tools/call is answered directly; the 2025 revisions always go through the SDK's transport. */
export const DIRECT_REVISION = "2026-07-28";

/** The SEP-2243 standard headers of the HTTP request, as sent (absent as undefined). */
export interface StandardHeaders {
  protocolVersion: string | undefined;
  method: string | undefined;
  name: string | undefined;
}

export interface DirectToolCall {
  id: RequestId;
  name: string;
  args: Record<string, unknown>;
}

const PARAM_KEYS = new Set(["name", "arguments", "_meta"]);
/** A progress token needs a stream, a log level needs logging: either sends the request to the SDK. */
const ENVELOPE_KEYS = new Set([PROTOCOL_VERSION_META_KEY, CLIENT_CAPABILITIES_META_KEY, CLIENT_INFO_META_KEY]);

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

const onlyKeys = (value: Record<string, unknown>, allowed: ReadonlySet<string>): boolean => Object.keys(value).every((key) => allowed.has(key));

/**
 * The call, when the request is a single 2026-07-28 tools/call of a product tool that the SDK would dispatch as is:
 * its envelope valid (the SDK's own classifier decides), MCP-Protocol-Version, Mcp-Method and Mcp-Name present and
 * equal to the body's (the Streamable HTTP standard-header rules), and nothing in params or _meta beyond the name,
 * the arguments and the envelope. Otherwise undefined.
 */
export function directToolCall(body: unknown, headers: StandardHeaders, tools: ToolIndex): DirectToolCall | undefined {
  if (!isPlainObject(body) || body["method"] !== "tools/call") return undefined;
  const { id, params } = body;
  if (!(typeof id === "string" || Number.isSafeInteger(id)) || !isPlainObject(params) || !onlyKeys(params, PARAM_KEYS)) return undefined;
  const { name, arguments: args, _meta: meta } = params;
  if (typeof name !== "string" || !tools.byName.has(name) || (args !== undefined && !isPlainObject(args))) return undefined;
  if (!isPlainObject(meta) || !onlyKeys(meta, ENVELOPE_KEYS)) return undefined;
  if (headers.protocolVersion !== DIRECT_REVISION || headers.method !== "tools/call" || headers.name !== name) return undefined;
  const route = classifyInboundRequest({ httpMethod: "POST", protocolVersionHeader: headers.protocolVersion, mcpMethodHeader: headers.method, mcpNameHeader: headers.name, body });
  if (route.kind !== "modern" || route.messageKind !== "request" || route.classification.revision !== DIRECT_REVISION) return undefined;
  return { id: id as RequestId, name, args: args ?? {} };
}

/** The JSON-RPC answer as the SDK's 2026-07-28 codec encodes a tools/call result: typed complete, naming the server. */
export function directToolResponse(call: DirectToolCall, result: CallToolResult, serverInfo: Implementation): JSONRPCResultResponse {
  return { result: { ...result, resultType: "complete", _meta: { [SERVER_INFO_META_KEY]: serverInfo } }, jsonrpc: "2.0", id: call.id };
}
