// Benchmark: the server's memory under mixed load. Spawns the compiled server (dist/m365-mcp.js serve, as a deployment
// runs it) against the simulated Entra, Graph and file host of src/sandbox, seeded with the sandbox's tenants plus
// larger files (scripts/bench/memory-world.ts), and drives every tool at a fixed concurrency for two phases, with
// Graph 429s, 503s and reset connections and failing downloads mixed in. It samples the server process's RSS
// (VmRSS from /proc, worker threads included) and judges it against the target of issue 12: under 250 MB from the middle
// of the first phase on, and no growth (at most 5%, median of the second half of each phase) over the second.
// Usage: npm run bench:memory -- [--minutes 10] [--concurrency 16] [--sample-seconds 30] [--graph-faults 0.03]
//   [--download-faults 0.02] [--sign-ins 0.01] [--diagnose] [--node-flags "--max-semi-space-size=8"]
// --minutes is per phase (fractions allowed for a quick look). --sign-ins is the share of calls made with a fresh
// token (a new sign-in). --diagnose adds the JavaScript heaps (the server's and its extraction workers') to each
// sample, from a Node diagnostic report the server writes on SIGUSR2. Exits 1 when the target is missed.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { SimulatedEntra } from "../src/sandbox/entra.js";
import { SimulatedGraph } from "../src/sandbox/graph.js";
import { startSimulators } from "../src/sandbox/simulators.js";
import { SANDBOX_USERS } from "../src/sandbox/tenant.js";
import { freePort } from "./bench/free-port.js";
import { callTool, emptyTally, nextCall, type Caller, type Tally } from "./bench/memory-load.js";
import { seedBenchWorld } from "./bench/memory-world.js";

const { values } = parseArgs({
  options: {
    minutes: { type: "string", default: "10" },
    concurrency: { type: "string", default: "16" },
    "sample-seconds": { type: "string", default: "30" },
    "graph-faults": { type: "string", default: "0.03" },
    "download-faults": { type: "string", default: "0.02" },
    "sign-ins": { type: "string", default: "0.01" },
    "target-mb": { type: "string", default: "250" },
    "growth-percent": { type: "string", default: "5" },
    diagnose: { type: "boolean", default: false },
    "node-flags": { type: "string", default: "" },
  },
});
const PHASE_MS = Number(values.minutes) * 60_000;
const CONCURRENCY = Number(values.concurrency);
const SAMPLE_MS = Number(values["sample-seconds"]) * 1000;
const SIGN_INS = Number(values["sign-ins"]);
const TARGET_MB = Number(values["target-mb"]);
const GROWTH_PERCENT = Number(values["growth-percent"]);
const CALL_TIMEOUT_MS = 120_000;
/** The server settles after its first answer (lazy modules, the first GC) before the idle baseline is taken. */
const SETTLE_MS = 5_000;

const app = { clientId: "b0b0b0b0-0000-4000-8000-00000000be4c", clientSecret: "bench-secret", apiScope: "access_as_user" };
const simulators = await startSimulators({
  entra: async (authorityHost, graphResource) => (await SimulatedEntra.start({ ...app, authorityHost, graphResource })).register(...SANDBOX_USERS),
  graph: (checkToken) => new SimulatedGraph(checkToken),
});
const { entra, graph } = simulators;
const world = await seedBenchWorld(graph, simulators.files, { graph: Number(values["graph-faults"]), download: Number(values["download-faults"]) });
const scratch = mkdtempSync(join(tmpdir(), "m365-mcp-bench-memory-"));
const caFile = join(scratch, "simulators.pem");
writeFileSync(caFile, simulators.certificate);
const reports = join(scratch, "reports");
mkdirSync(reports);

const port = await freePort();
const url = new URL(`http://127.0.0.1:${String(port)}/mcp`);
const diagnoseFlags = values.diagnose ? ["--report-on-signal", "--report-signal=SIGUSR2", `--report-directory=${reports}`, "--report-compact"] : [];
const nodeFlags = values["node-flags"].split(/\s+/).filter(Boolean);
const server = spawn(process.execPath, [...nodeFlags, ...diagnoseFlags, new URL("../dist/m365-mcp.js", import.meta.url).pathname, "serve"], {
  env: {
    ...process.env,
    M365_MCP_PORT: String(port),
    M365_MCP_GRAPH_ENDPOINT: simulators.graphEndpoint,
    M365_MCP_AUTHORITY_HOST: simulators.authorityHost,
    M365_MCP_CLIENT_ID: app.clientId,
    M365_MCP_CLIENT_SECRET: app.clientSecret,
    M365_MCP_PUBLIC_URL: `http://127.0.0.1:${String(port)}`,
    M365_MCP_CA_FILE: caFile,
    M365_MCP_LOG_LEVEL: "error",
    M365_MCP_CONFIG_FILE: "",
  },
  // The audit trail goes to stdout, which is discarded: writing it is part of what a call costs.
  stdio: ["ignore", "ignore", "pipe"],
});
// Node announces each diagnostic report on stderr; everything else the server says is passed on.
server.stderr.on("data", (chunk: Buffer) => {
  const text = String(chunk).split("\n").filter((line) => line && !/Node\.js report|^report\.\d/.test(line)).join("\n");
  if (text) process.stderr.write(`${text}\n`);
});
const pid = server.pid ?? 0;

function status(): Record<string, number> {
  const fields: Record<string, number> = {};
  for (const line of readFileSync(`/proc/${String(pid)}/status`, "utf8").split("\n")) {
    const match = /^(\w+):\s+(\d+) kB$/.exec(line);
    if (match?.[1] && match[2]) fields[match[1]] = Number(match[2]) / 1024;
  }
  return fields;
}
const rssMb = (): number => status()["VmRSS"] ?? 0;

interface Heaps {
  mainUsed: number;
  mainTotal: number;
  external: number;
  workers: number;
  workerTotal: number;
  workerExternal: number;
}
interface ReportHeap {
  javascriptHeap: { totalMemory: number; usedMemory: number; externalMemory?: number };
}

/** The JavaScript heaps from a diagnostic report the server writes on SIGUSR2 (--diagnose). */
async function heaps(): Promise<Heaps | undefined> {
  if (!values.diagnose) return undefined;
  for (const old of readdirSync(reports)) rmSync(join(reports, old));
  process.kill(pid, "SIGUSR2");
  for (let i = 0; i < 100; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const [file] = readdirSync(reports);
    if (!file) continue;
    try {
      const report = JSON.parse(readFileSync(join(reports, file), "utf8")) as ReportHeap & { workers: ReportHeap[] };
      const mb = (bytes: number | undefined): number => (bytes ?? 0) / (1024 * 1024);
      return {
        mainUsed: mb(report.javascriptHeap.usedMemory),
        mainTotal: mb(report.javascriptHeap.totalMemory),
        external: mb(report.javascriptHeap.externalMemory),
        workers: report.workers.length,
        workerTotal: report.workers.reduce((sum, w) => sum + mb(w.javascriptHeap.totalMemory), 0),
        workerExternal: report.workers.reduce((sum, w) => sum + mb(w.javascriptHeap.externalMemory), 0),
      };
    } catch {
      // Still being written.
    }
  }
  return undefined;
}

// Ready once it answers a tool call (sign-in, OBO and Graph included); then it idles for the baseline.
const callers: Caller[] = await Promise.all(SANDBOX_USERS.map(async (user) => ({ user, token: await entra.token(user), uris: [] })));
const first = callers[0];
if (!first) throw new Error("the sandbox has no users");
const started = performance.now();
for (let attempt = 0; ; attempt++) {
  const probe = emptyTally();
  await callTool(url, first, { name: "get_me", arguments: {} }, probe, 5_000);
  if (probe.ok === 1) break;
  if (attempt > 300 || server.exitCode !== null) throw new Error("the server did not start");
  await new Promise((resolve) => setTimeout(resolve, 100));
}
const startupMs = performance.now() - started;
await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
const idleRss = rssMb();
const idleHeaps = await heaps();

interface Sample {
  atMs: number;
  phase: 1 | 2;
  rss: number;
  requests: number;
  errors: number;
  heaps: Heaps | undefined;
}
const samples: Sample[] = [];
const tally = emptyTally();
const errorsOf = (t: Tally): number => t.toolErrors + t.httpErrors + t.failed;
const loadStart = performance.now();
const elapsed = (): number => performance.now() - loadStart;
let stopping = false;

async function drive(): Promise<void> {
  while (!stopping) {
    const caller = callers[Math.floor(Math.random() * callers.length)];
    if (!caller) continue;
    if (Math.random() < SIGN_INS) {
      caller.token = await entra.token(caller.user);
      tally.signIns++;
    }
    await callTool(url, caller, nextCall(caller, world.files), tally, CALL_TIMEOUT_MS);
  }
}

/** What the simulators record per request is the bench process's memory, not the server's: dropped as it goes. */
const violations = new Set<string>();
function drainSimulators(): void {
  for (const v of graph.violations.splice(0)) if (violations.size < 20) violations.add(v);
  graph.requests.length = 0;
  graph.unauthenticated.length = 0;
  entra.tokenRequests.length = 0;
  entra.keyRequests.length = 0;
  entra.discoveryRequests.length = 0;
}

const TOTAL_MS = 2 * PHASE_MS;
const sampler = (async () => {
  for (let next = SAMPLE_MS; next <= TOTAL_MS + 1; next += SAMPLE_MS) {
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - elapsed())));
    drainSimulators();
    const sample: Sample = { atMs: next, phase: next <= PHASE_MS ? 1 : 2, rss: rssMb(), requests: tally.requests, errors: errorsOf(tally), heaps: await heaps() };
    samples.push(sample);
    const h = sample.heaps ? `, heap ${sample.heaps.mainUsed.toFixed(0)}/${sample.heaps.mainTotal.toFixed(0)} MB, workers ${String(sample.heaps.workers)}` : "";
    process.stderr.write(`  ${clock(next)} RSS ${sample.rss.toFixed(0)} MB, ${String(sample.requests)} calls${h}\n`);
  }
  stopping = true;
})();
await Promise.all([sampler, ...Array.from({ length: CONCURRENCY }, drive)]);
const peak = status()["VmHWM"] ?? 0;

function clock(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return `${String(Math.floor(seconds / 60)).padStart(2, "0")}:${String(seconds % 60).padStart(2, "0")}`;
}

const fmt = (mb: number): string => mb.toFixed(0);
const phase1 = samples.filter((s) => s.phase === 1);
const phase2 = samples.filter((s) => s.phase === 2);
const endOf = (list: Sample[]): number => list.at(-1)?.rss ?? 0;
const end1 = endOf(phase1);
const end2 = endOf(phase2);
const max2 = Math.max(...phase2.map((s) => s.rss));
/**
 * RSS swings by 50 MB or more within a garbage-collection cycle, so growth compares levels, not two samples: the median
 * of each phase's second half (once it has warmed up).
 */
function level(list: Sample[]): number {
  const rss = list.slice(Math.floor(list.length / 2)).map((s) => s.rss).sort((a, b) => a - b);
  return rss[Math.floor(rss.length / 2)] ?? 0;
}
const level1 = level(phase1);
const level2 = level(phase2);
const max1Late = Math.max(...phase1.slice(Math.floor(phase1.length / 2)).map((s) => s.rss));
const growth = level1 > 0 ? ((level2 - level1) / level1) * 100 : 0;
/** Least-squares slope of phase 2's RSS, MB per minute: steadier than two end points. */
function slope(list: Sample[]): number {
  const n = list.length;
  if (n < 2) return 0;
  const xs = list.map((s) => s.atMs / 60_000);
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = list.reduce((a, s) => a + s.rss, 0) / n;
  const num = list.reduce((a, s, i) => a + ((xs[i] ?? 0) - mx) * (s.rss - my), 0);
  const den = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

const seconds = (TOTAL_MS / 1000).toFixed(0);
const lines: string[] = [
  `Memory under mixed load: ${values.minutes} + ${values.minutes} minutes at concurrency ${String(CONCURRENCY)}, Node ${process.version}, ${String(SANDBOX_USERS.length)} users in 2 tenants`,
  `Faults: Graph ${String(world.faults.graph429)} × 429, ${String(world.faults.graph503)} × 503, ${String(world.faults.graphReset)} resets; downloads ${String(world.faults.download503)} × 503, ${String(world.faults.downloadReset)} cut off. Sign-ins (fresh tokens): ${String(tally.signIns)}.`,
  `Files read besides the seeded ones: ${world.files.filter((f, i, all) => all.findIndex((g) => g.name === f.name) === i).map((f) => `${f.name} (${(f.bytes / 1024).toFixed(0)} KB)`).join(", ")}.`,
  "",
  values.diagnose ? "| time | phase | RSS (MB) | calls | calls/s | errors | JS heap used/total (MB) | external (MB) | workers | worker heaps (MB) | worker external (MB) |" : "| time | phase | RSS (MB) | calls | calls/s | errors |",
  values.diagnose ? "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |" : "| --- | --- | --- | --- | --- | --- |",
  values.diagnose && idleHeaps
    ? `| idle | - | ${fmt(idleRss)} | 0 | - | 0 | ${fmt(idleHeaps.mainUsed)}/${fmt(idleHeaps.mainTotal)} | ${fmt(idleHeaps.external)} | ${String(idleHeaps.workers)} | ${fmt(idleHeaps.workerTotal)} | ${fmt(idleHeaps.workerExternal)} |`
    : `| idle | - | ${fmt(idleRss)} | 0 | - | 0 |`,
];
let previous = { atMs: 0, requests: 0, errors: 0 };
for (const s of samples) {
  const rate = ((s.requests - previous.requests) * 1000) / (s.atMs - previous.atMs);
  const row = `| ${clock(s.atMs)} | ${String(s.phase)} | ${fmt(s.rss)} | ${String(s.requests)} | ${rate.toFixed(0)} | ${String(s.errors - previous.errors)} |`;
  lines.push(s.heaps ? `${row} ${fmt(s.heaps.mainUsed)}/${fmt(s.heaps.mainTotal)} | ${fmt(s.heaps.external)} | ${String(s.heaps.workers)} | ${fmt(s.heaps.workerTotal)} | ${fmt(s.heaps.workerExternal)} |` : row);
  previous = s;
}
const pass1 = max1Late < TARGET_MB;
const pass2 = max2 < TARGET_MB && growth <= GROWTH_PERCENT;
lines.push(
  "",
  `Start to first answer: ${startupMs.toFixed(0)} ms. Idle RSS (the baseline): ${fmt(idleRss)} MB.`,
  `Phase 1: ${fmt(end1)} MB at its end; its second half's median ${fmt(level1)} MB, max ${fmt(max1Late)} MB. Phase 2: ${fmt(end2)} MB at its end, max ${fmt(max2)} MB; its second half's median ${fmt(level2)} MB.`,
  `Growth over phase 2: ${growth.toFixed(1)}% (median to median; slope over phase 2 ${slope(phase2).toFixed(2)} MB/min). Peak RSS (VmHWM): ${fmt(peak)} MB.`,
  `Calls: ${String(tally.requests)} in ${seconds} s (${((tally.requests * 1000) / TOTAL_MS).toFixed(0)}/s); answered ${String(tally.ok)}, tool errors ${String(tally.toolErrors)}, HTTP errors ${String(tally.httpErrors)}, failed requests ${String(tally.failed)}.`,
  `By tool: ${[...tally.byTool].sort(([a], [b]) => a.localeCompare(b)).map(([name, t]) => `${name} ${String(t.calls)} (${String(t.errors)} errors)`).join(", ")}.`,
  ...(violations.size > 0 ? [`Graph contract violations (first ${String(violations.size)}): ${[...violations].join("; ")}`] : []),
  "",
  `${pass1 ? "PASS" : "FAIL"}: RSS over the second half of phase 1 stays under ${String(TARGET_MB)} MB (max ${fmt(max1Late)} MB, at its end ${fmt(end1)} MB).`,
  `${pass2 ? "PASS" : "FAIL"}: phase 2 stays under ${String(TARGET_MB)} MB (max ${fmt(max2)} MB) and grows ${growth.toFixed(1)}% (target ≤ ${String(GROWTH_PERCENT)}%).`,
);
console.log(lines.join("\n"));

server.kill("SIGTERM");
await once(server, "exit");
await simulators.close();
rmSync(scratch, { recursive: true, force: true });
process.exitCode = pass1 && pass2 ? 0 : 1;
