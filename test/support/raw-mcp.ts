// A bare JSON-RPC POST to /mcp, for tests about HTTP statuses, headers and exact bodies the SDK client hides.

export interface RawReply {
  status: number;
  headers: Headers;
  body: unknown;
}

export const INITIALIZE = { jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } } };

export const toolCall = (name: string, args: Record<string, unknown>, id = 2): Record<string, unknown> => ({ jsonrpc: "2.0", id, method: "tools/call", params: { name, arguments: args } });

export const MODERN = "2026-07-28";

/** A 2026-07-28 request: the per-request envelope in `_meta`, and the standard headers that must agree with it. */
export function modernRequest(method: string, params: Record<string, unknown> = {}, id = 1): { body: Record<string, unknown>; headers: Record<string, string> } {
  const envelope = { "io.modelcontextprotocol/protocolVersion": MODERN, "io.modelcontextprotocol/clientCapabilities": {}, "io.modelcontextprotocol/clientInfo": { name: "raw", version: "1" } };
  const name = typeof params["name"] === "string" ? params["name"] : typeof params["uri"] === "string" ? params["uri"] : undefined;
  return {
    body: { jsonrpc: "2.0", id, method, params: { ...params, _meta: envelope } },
    headers: { "mcp-protocol-version": MODERN, "mcp-method": method, ...(name === undefined ? {} : { "mcp-name": name }) },
  };
}

export async function postMcp(url: URL, authorization: string | undefined, body: unknown = INITIALIZE, extraHeaders: Record<string, string> = {}): Promise<RawReply> {
  const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json, text/event-stream", ...extraHeaders };
  if (authorization !== undefined) headers["authorization"] = authorization;
  const response = await fetch(url, { method: "POST", headers, body: JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as unknown) : undefined };
}

/** The JSON-RPC error message of a refused request. */
export function errorMessage(reply: RawReply): string {
  return (reply.body as { error?: { message?: string } } | undefined)?.error?.message ?? "";
}
