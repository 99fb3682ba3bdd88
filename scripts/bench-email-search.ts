// Benchmark: outlook_email_search {query: "budget", limit: 10} through the whole server (sign-in with jose, the
// On-Behalf-Of cache, policy, audit, the MCP layer, the tool, Kiota) against the baseline, the SDK's documented
// stateless server passing the same Graph call through (scripts/bench/minimal-server.ts). Both run as their own
// processes against one loopback Graph, in the same run, driven alike over the 2026-07-28 revision. CPU per request
// is read from each server process's /proc counters, which is far steadier than throughput on a shared machine.
// Usage: npm run bench -- [--requests 2000] [--concurrency 16] [--rounds 2] [--profile <dir>]
// --profile writes a V8 CPU profile of each server process into <dir> (node --cpu-prof), for chrome://inspect.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { simulatorCertificate } from "../src/sandbox/certificate.js";
import { freePort } from "./bench/free-port.js";
import { SimulatedEntra } from "../src/sandbox/entra.js";
import { SimulatorHost } from "../src/sandbox/host.js";

const { values } = parseArgs({
  options: { requests: { type: "string", default: "2000" }, concurrency: { type: "string", default: "16" }, rounds: { type: "string", default: "2" }, profile: { type: "string" } },
});
const PROFILE = values.profile ? ["--cpu-prof", "--cpu-prof-dir", values.profile] : [];
const REQUESTS = Number(values.requests);
const CONCURRENCY = Number(values.concurrency);
const ROUNDS = Number(values.rounds);
/** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in these ticks. */
const TICKS_PER_SECOND = 100;

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

const graph = createServer((_req, res) => {
  res.writeHead(200, { "content-type": "application/json", "request-id": "bench" });
  res.end(page);
});
await once(graph.listen(0, "127.0.0.1"), "listening");
const graphEndpoint = `http://127.0.0.1:${(graph.address() as AddressInfo).port}`;

// Sign-in is real: the server validates the token with jose and exchanges it with msal-node against the simulated
// Entra the sandbox uses, over HTTPS it trusts through M365_MCP_CA_FILE.
const entraHost = await SimulatorHost.start();
const app = { clientId: "b0b0b0b0-0000-4000-8000-00000000be4c", clientSecret: "bench-secret", apiScope: "access_as_user", authorityHost: entraHost.origin, graphResource: graphEndpoint };
const user = { tenantId: "11111111-1111-4111-8111-111111111111", userId: "a11ce000-0000-4000-8000-000000000001", upn: "alice@contoso.com", scopes: ["Mail.Read"] };
const entra = (await SimulatedEntra.start(app)).register(user);
entraHost.handler = entra.handler;
const token = await entra.token(user);
const scratch = mkdtempSync(join(tmpdir(), "m365-mcp-bench-"));
const caFile = join(scratch, "simulators.pem");
writeFileSync(caFile, (await simulatorCertificate()).cert);

interface Target {
  name: string;
  url: URL;
  child: ChildProcess;
  headers: Record<string, string>;
  startupMs: number;
  idleRssMb: number;
}

const procStat = (pid: number): string => readFileSync(`/proc/${String(pid)}/stat`, "utf8");
/** utime + stime of the process, in milliseconds. */
function cpuMs(pid: number): number {
  const fields = procStat(pid).slice(procStat(pid).lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}
function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${String(pid)}/status`, "utf8").split("\n").find((l) => l.startsWith("VmRSS:")) ?? "";
  return Number(/(\d+)/.exec(line)?.[1] ?? 0) / 1024;
}

const ENVELOPE = { "io.modelcontextprotocol/protocolVersion": "2026-07-28", "io.modelcontextprotocol/clientCapabilities": {}, "io.modelcontextprotocol/clientInfo": { name: "bench", version: "1" } };
const body = (id: number, method: string, params: Record<string, unknown>): string => JSON.stringify({ jsonrpc: "2.0", id, method, params: { ...params, _meta: ENVELOPE } });
const CALL = { name: "outlook_email_search", arguments: { query: "budget", limit: 10 } };

async function post(target: Target, id: number, method: string, params: Record<string, unknown>, name?: string): Promise<void> {
  const response = await fetch(target.url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream", "mcp-protocol-version": "2026-07-28", "mcp-method": method, ...(name ? { "mcp-name": name } : {}), ...target.headers },
    body: body(id, method, params),
  });
  const text = await response.text();
  if (response.status !== 200 || !text.includes('"result"') || text.includes('"isError":true')) throw new Error(`${target.name} answered ${String(response.status)}: ${text.slice(0, 300)}`);
}

/** Starts a server process and waits until it answers tools/list: the startup time is spawn to that answer. */
async function start(name: string, args: string[], env: NodeJS.ProcessEnv, port: number, headers: Record<string, string>): Promise<Target> {
  const started = performance.now();
  const child = spawn(process.execPath, [...PROFILE, ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "inherit"] });
  const target: Target = { name, url: new URL(`http://127.0.0.1:${String(port)}/mcp`), child, headers, startupMs: 0, idleRssMb: 0 };
  for (let attempt = 0; ; attempt++) {
    try {
      await post(target, 0, "tools/list", {});
      break;
    } catch (error) {
      if (attempt > 600 || child.exitCode !== null) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
  target.startupMs = performance.now() - started;
  target.idleRssMb = rssMb(child.pid ?? 0);
  return target;
}

interface Sample {
  latencies: number[];
  cpuMs: number;
  wallMs: number;
}

async function load(target: Target, requests: number): Promise<Sample> {
  const pid = target.child.pid ?? 0;
  const latencies: number[] = [];
  let next = 0;
  const cpuBefore = cpuMs(pid);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < requests) {
        const id = ++next;
        const t = performance.now();
        await post(target, id, "tools/call", CALL, CALL.name);
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { latencies, wallMs: performance.now() - started, cpuMs: cpuMs(pid) - cpuBefore };
}

const serverPort = await freePort();
const m365 = await start(
  "m365-mcp",
  [new URL("../dist/m365-mcp.js", import.meta.url).pathname, "serve"],
  {
    M365_MCP_PORT: String(serverPort),
    M365_MCP_GRAPH_ENDPOINT: graphEndpoint,
    M365_MCP_AUTHORITY_HOST: entraHost.origin,
    M365_MCP_CLIENT_ID: app.clientId,
    M365_MCP_CLIENT_SECRET: app.clientSecret,
    M365_MCP_PUBLIC_URL: `http://127.0.0.1:${String(serverPort)}`,
    M365_MCP_CA_FILE: caFile,
    M365_MCP_LOG_LEVEL: "error",
    M365_MCP_AUDIT_FILE: "/dev/null",
    M365_MCP_CONFIG_FILE: "",
  },
  serverPort,
  { authorization: `Bearer ${token}` },
);
// The audit trail goes to stdout, which the bench discards: writing it is part of what a request costs.
const minimalPort = await freePort();
const minimal = await start("minimal SDK server", ["--import", "tsx", new URL("bench/minimal-server.ts", import.meta.url).pathname], { BENCH_GRAPH_ENDPOINT: graphEndpoint, BENCH_PORT: String(minimalPort) }, minimalPort, {});

const samples = new Map<Target, Sample[]>([
  [m365, []],
  [minimal, []],
]);
for (const target of [m365, minimal]) await load(target, 200);
for (let round = 0; round < ROUNDS; round++) {
  // Alternate which goes first, so neither always runs on the warmer or the busier half of the machine's minute.
  for (const target of round % 2 === 0 ? [m365, minimal] : [minimal, m365]) samples.get(target)?.push(await load(target, REQUESTS));
}

async function sandboxBannerMs(): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, [new URL("../dist/m365-mcp.js", import.meta.url).pathname, "sandbox"], {
    env: { ...process.env, M365_MCP_PORT: "0", M365_MCP_CLIENT_ID: "", M365_MCP_CONFIG_FILE: "", XDG_STATE_HOME: scratch },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let printed = "";
  for await (const chunk of child.stdout) {
    printed += String(chunk);
    if (/^Bearer token:/m.test(printed)) break;
  }
  const ms = performance.now() - started;
  child.kill("SIGINT");
  await once(child, "exit");
  return ms;
}
const bannerMs = await sandboxBannerMs();

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
function summary(target: Target) {
  const runs = samples.get(target) ?? [];
  const latencies = runs.flatMap((s) => s.latencies).sort((a, b) => a - b);
  const requests = latencies.length;
  const wallMs = runs.reduce((sum, s) => sum + s.wallMs, 0);
  const cpu = runs.reduce((sum, s) => sum + s.cpuMs, 0);
  return {
    rps: (requests * 1000) / wallMs,
    cpuPerRequest: cpu / requests,
    p50: percentile(latencies, 50),
    p90: percentile(latencies, 90),
    p99: percentile(latencies, 99),
    startupMs: target.startupMs,
    idleRssMb: target.idleRssMb,
    loadedRssMb: rssMb(target.child.pid ?? 0),
  };
}
const ours = summary(m365);
const base = summary(minimal);
const row = (label: string, a: number, b: number, digits = 1): string => `| ${label} | ${a.toFixed(digits)} | ${b.toFixed(digits)} | ${(a / b).toFixed(2)}× |`;
console.log(
  [
    `outlook_email_search, ${String(ROUNDS)} rounds of ${String(REQUESTS)} requests per server at concurrency ${String(CONCURRENCY)}, Node ${process.version}`,
    "",
    "| | m365-mcp | minimal SDK server | m365-mcp ÷ minimal |",
    "| --- | --- | --- | --- |",
    row("throughput (requests/s)", ours.rps, base.rps, 0),
    row("server CPU per request (ms)", ours.cpuPerRequest, base.cpuPerRequest, 2),
    row("latency p50 (ms)", ours.p50, base.p50),
    row("latency p90 (ms)", ours.p90, base.p90),
    row("latency p99 (ms)", ours.p99, base.p99),
    row("start to first answer (ms)", ours.startupMs, base.startupMs, 0),
    row("RSS idle (MB)", ours.idleRssMb, base.idleRssMb, 0),
    row("RSS after the load (MB)", ours.loadedRssMb, base.loadedRssMb, 0),
    "",
    `m365-mcp sandbox, start to banner: ${bannerMs.toFixed(0)} ms. Token-endpoint calls for the one user token: ${String(entra.tokenRequests.length)}.`,
  ].join("\n"),
);

for (const target of [m365, minimal]) {
  target.child.kill("SIGTERM");
  await once(target.child, "exit");
}
graph.close();
await entraHost.close();
rmSync(scratch, { recursive: true, force: true });
