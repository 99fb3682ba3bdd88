// How a fuzz case reaches the server: the three ways a client's tools/call or resources/read arrives over
// Streamable HTTP, each taking a different path through the server.
import { postRaw, mcpHeaderValue, type RawExchange } from "./support.js";

/**
 * direct: a plain 2026-07-28 request, answered by the server's direct tools/call path;
 * stream: the same with a progress token, which goes through the SDK's modern handler and answers as SSE;
 * legacy: a 2025-11-25 request, through the SDK's stateless transport.
 */
export const ROUTES = ["direct", "stream", "legacy"] as const;
export type Route = (typeof ROUTES)[number];

export const MODERN = "2026-07-28";
const LEGACY = "2025-11-25";
/** Larger Mcp-Name headers are Node's to refuse (431), before the server sees them. */
const MAX_HEADER_VALUE = 8_000;

export interface WireRequest {
  id: number;
  method: "tools/call" | "resources/read" | "resources/templates/list";
  params: Record<string, unknown>;
}

/** The params member that the Mcp-Name header mirrors. */
const nameOf = (request: WireRequest): unknown => (request.method === "tools/call" ? request.params["name"] : request.params["uri"]);

/**
 * The SDK decodes a base64 Mcp-Name with a TextDecoder that drops a leading byte order mark, and then finds header and
 * body disagree (-32020): a name starting with one cannot take the modern routes.
 */
const BOM = "\uFEFF";

/**
 * The route a request can really take: a name that is not a well-formed string cannot be mirrored in Mcp-Name (the
 * header carries UTF-8), nor can a very long one, so such requests go as a 2025 client sends them, without it.
 */
export function feasibleRoute(route: Route, request: WireRequest): Route {
  const name = nameOf(request);
  if (route === "legacy") return route;
  if (typeof name !== "string" || /\p{Cs}/u.test(name) || mcpHeaderValue(name).length > MAX_HEADER_VALUE || name.startsWith(BOM)) return "legacy";
  return route;
}

export function body(route: Route, request: WireRequest): { json: string; headers: Record<string, string> } {
  const name = nameOf(request);
  if (route === "legacy") {
    return { json: JSON.stringify({ jsonrpc: "2.0", id: request.id, method: request.method, params: request.params }), headers: { "mcp-protocol-version": LEGACY } };
  }
  const meta: Record<string, unknown> = {
    "io.modelcontextprotocol/protocolVersion": MODERN,
    "io.modelcontextprotocol/clientCapabilities": {},
    "io.modelcontextprotocol/clientInfo": { name: "m365-mcp-fuzz", version: "1" },
    ...(route === "stream" ? { progressToken: `fuzz-${request.id}` } : {}),
  };
  const headers = { "mcp-protocol-version": MODERN, "mcp-method": request.method, ...(typeof name === "string" ? { "mcp-name": mcpHeaderValue(name) } : {}) };
  return { json: JSON.stringify({ jsonrpc: "2.0", id: request.id, method: request.method, params: { ...request.params, _meta: meta } }), headers };
}

export interface Sent {
  route: Route;
  json: string;
  exchange: RawExchange;
}

export async function send(url: URL, bearer: string, route: Route, request: WireRequest): Promise<Sent> {
  const feasible = feasibleRoute(route, request);
  const { json, headers } = body(feasible, request);
  return { route: feasible, json, exchange: await postRaw(url, bearer, json, headers) };
}
