// Benchmark: outlook_email_search through the whole server (MCP client → Koa → tool → Kiota → Graph)
// against direct fetches of the same Graph URL, both served by one loopback mock Graph in the same run.
// Usage: npm run bench -- [--requests 400] [--concurrency 8]
import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { simulatorCertificate } from "../src/sandbox/certificate.js";
import { loadConfig } from "../src/config/load.js";
import { createLogger } from "../src/logging/logger.js";
import { SimulatedEntra } from "../src/sandbox/entra.js";
import { SimulatorHost } from "../src/sandbox/host.js";
import { startServer } from "../src/server.js";

const { values } = parseArgs({ options: { requests: { type: "string", default: "400" }, concurrency: { type: "string", default: "8" } } });
const REQUESTS = Number(values.requests);
const CONCURRENCY = Number(values.concurrency);

const messages = Array.from({ length: 10 }, (_, i) => ({
  id: `AAMkAG${i}`,
  subject: `Budget review ${i}`,
  receivedDateTime: "2026-11-20T09:30:00Z",
  bodyPreview: "Please find the numbers attached.",
  hasAttachments: i % 2 === 0,
  isRead: false,
  webLink: `https://outlook.office365.com/owa/?ItemID=AAMkAG${i}`,
  from: { emailAddress: { name: "Bob", address: "bob@contoso.com" } },
  toRecipients: [{ emailAddress: { name: "Alice", address: "alice@contoso.com" } }],
}));
const page = JSON.stringify({ "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users('me')/messages", value: messages });

let firstGraphPath: string | undefined;
const graph = createServer((req: IncomingMessage, res: ServerResponse) => {
  firstGraphPath ??= req.url;
  res.writeHead(200, { "content-type": "application/json", "request-id": "bench" });
  res.end(page);
});
graph.listen(0, "127.0.0.1");
await once(graph, "listening");
const graphOrigin = `http://127.0.0.1:${(graph.address() as AddressInfo).port}`;

// Sign-in is real (jose validation, the msal-node exchange, then its cache, policy, audit to a discarding sink)
// against the simulated Entra the sandbox uses, so the figures include what every production call pays.
const entraHost = await SimulatorHost.start();
const app = { clientId: "b0b0b0b0-0000-4000-8000-00000000be4c", clientSecret: "bench-secret", apiScope: "access_as_user", authorityHost: entraHost.origin, graphResource: graphOrigin };
const entra = await SimulatedEntra.start(app);
entraHost.handler = entra.handler;
const loopbackFetch = globalThis.fetch;
const config = loadConfig({
  M365_MCP_PORT: "0",
  M365_MCP_GRAPH_ENDPOINT: graphOrigin,
  M365_MCP_AUTHORITY_HOST: entraHost.origin,
  M365_MCP_CLIENT_ID: app.clientId,
  M365_MCP_CLIENT_SECRET: app.clientSecret,
  M365_MCP_PUBLIC_URL: "http://127.0.0.1",
});
const server = await startServer({
  config: { ...config, extraCertificates: [(await simulatorCertificate()).cert] },
  audit: { emit: () => undefined },
  logger: createLogger("silent"),
});
const token = await entra.token({ tenantId: "11111111-1111-4111-8111-111111111111", userId: "a11ce000-0000-4000-8000-000000000001", upn: "alice@contoso.com", scopes: ["Mail.Read"] });
const client = new Client({ name: "bench", version: "1" });
await client.connect(new StreamableHTTPClientTransport(server.url, { fetch: loopbackFetch, requestInit: { headers: { Authorization: `Bearer ${token}` } } }));

async function measure(label: string, once: () => Promise<void>): Promise<{ label: string; rps: number; p50: number; p99: number }> {
  for (let i = 0; i < 20; i++) await once();
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < REQUESTS) {
        const t = performance.now();
        await once();
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number): number => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return { label, rps: latencies.length / seconds, p50: at(0.5), p99: at(0.99) };
}

const tool = await measure("tools/call outlook_email_search", async () => {
  const result = await client.callTool({ name: "outlook_email_search", arguments: { query: "budget", limit: 10 } });
  if (result.isError) throw new Error(`tool error: ${JSON.stringify(result.content)}`);
});
if (!firstGraphPath) throw new Error("the tool never called Graph");
const graphUrl = `${graphOrigin}${firstGraphPath}`;
const direct = await measure("direct fetch of the same Graph URL", async () => {
  const res = await loopbackFetch(graphUrl, { headers: { Authorization: "Bearer bench-token" } });
  await res.json();
});

await client.close();
await server.close();
await entraHost.close();
graph.close();

console.log(`${REQUESTS} requests, concurrency ${CONCURRENCY}, Graph URL ${firstGraphPath}`);
for (const r of [tool, direct]) console.log(`${r.label.padEnd(36)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms`);
console.log(`ratio (server / direct): throughput ${(tool.rps / direct.rps).toFixed(3)}, p50 ${(tool.p50 / direct.p50).toFixed(2)}x, p99 ${(tool.p99 / direct.p99).toFixed(2)}x`);
