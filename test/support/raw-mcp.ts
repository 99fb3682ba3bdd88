// A bare JSON-RPC POST to /mcp, for tests about HTTP statuses and headers the SDK client hides.

export interface RawReply {
  status: number;
  headers: Headers;
  body: unknown;
}

export const INITIALIZE = { jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } } };

export const toolCall = (name: string, args: Record<string, unknown>, id = 2): Record<string, unknown> => ({ jsonrpc: "2.0", id, method: "tools/call", params: { name, arguments: args } });

export async function postMcp(url: URL, authorization: string | undefined, body: unknown = INITIALIZE): Promise<RawReply> {
  const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json, text/event-stream" };
  if (authorization !== undefined) headers["authorization"] = authorization;
  const response = await fetch(url, { method: "POST", headers, body: JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as unknown) : undefined };
}

/** The JSON-RPC error message of a refused request. */
export function errorMessage(reply: RawReply): string {
  return (reply.body as { error?: { message?: string } } | undefined)?.error?.message ?? "";
}
