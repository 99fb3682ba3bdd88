// A real MCP SDK v2 client over Streamable HTTP with a bearer token, speaking the era a test asks for.
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";

/** modern: the 2026-07-28 revision (server/discover, per-request envelope); legacy: the 2025 initialize handshake. */
export type Era = "modern" | "legacy";

export async function connectClient(url: URL, token: string, era: Era = "modern", name = "m365-mcp-tests"): Promise<Client> {
  const client = new Client({ name, version: "1.0.0" }, era === "modern" ? { versionNegotiation: { mode: { pin: "2026-07-28" } } } : {});
  await client.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
  return client;
}
