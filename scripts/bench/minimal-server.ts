// The bench's baseline: the MCP SDK's documented stateless server (createMcpHandler on node:http through
// toNodeHandler) with one tool that passes the same Graph call through. No sign-in, policy, audit or validation of
// Graph's reply: what any MCP server must at least spend. Prints its port on stdout once it listens.
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { toNodeHandler } from "@modelcontextprotocol/node";
import { createMcpHandler, fromJsonSchema, McpServer } from "@modelcontextprotocol/server";

const graph = process.env["BENCH_GRAPH_ENDPOINT"];
if (!graph) throw new Error("BENCH_GRAPH_ENDPOINT is not set");

interface Messages {
  value: Array<{ subject?: string; webLink?: string }>;
}

const handler = createMcpHandler(() => {
  const server = new McpServer({ name: "minimal", version: "1.0.0" });
  server.registerTool(
    "outlook_email_search",
    {
      description: "Searches the user's mail.",
      inputSchema: fromJsonSchema<{ query: string; limit?: number }>({ type: "object", properties: { query: { type: "string" }, limit: { type: "integer" } }, required: ["query"] }),
    },
    async ({ query, limit }) => {
      const url = new URL("/v1.0/me/messages", graph);
      url.searchParams.set("$search", `"${query}"`);
      url.searchParams.set("$top", String(limit ?? 10));
      const messages = (await (await fetch(url)).json()) as Messages;
      return { content: [{ type: "text", text: messages.value.map((m) => `- [${m.subject ?? ""}](${m.webLink ?? ""})`).join("\n") }] };
    },
  );
  return server;
});

const serve = toNodeHandler(handler);
const http = createServer((req, res) => {
  void serve(req, res);
});
await once(http.listen(Number(process.env["BENCH_PORT"] ?? 0), "127.0.0.1"), "listening");
console.log(`listening ${(http.address() as AddressInfo).port}`);
