// The official MCP conformance suite against `m365-mcp sandbox`: the real server on the simulators, started as a user
// starts it. The suite's client sends no credentials, so it talks to a small local proxy that adds the banner's
// bearer token and passes every other header through unchanged, Host and Origin included, so the server's own
// DNS-rebinding checks are what is tested. Needs Node.js 22 or later (the suite's own): `npm run conformance`.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { createServer, request, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const SUITE = "@modelcontextprotocol/conformance@0.2.0-alpha.12";
/** The scenarios issue 9 requires, by the spec revision they are run at. */
const SCENARIOS: Record<string, string[]> = {
  "2026-07-28": ["server-stateless", "tools-list", "http-header-validation", "dns-rebinding-protection", "sep-2164-resource-not-found"],
  "2025-11-25": ["server-initialize", "tools-list", "ping"],
};

interface Check {
  id: string;
  status: string;
  errorMessage?: string;
}

if (Number(process.versions.node.split(".")[0]) < 22) {
  console.error(`The conformance suite needs Node.js 22 or later; this is ${process.version}.`);
  process.exit(2);
}

function forwarder(target: URL, token: string) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const headers = { ...req.headers, ...(req.headers.authorization ? {} : { authorization: `Bearer ${token}` }) };
    const upstream = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers }, (reply) => {
      res.writeHead(reply.statusCode ?? 502, reply.headers);
      reply.pipe(res);
    });
    upstream.on("error", () => res.writeHead(502).end());
    req.pipe(upstream);
  };
}

async function runScenario(url: string, version: string, scenario: string): Promise<Check[]> {
  const output = mkdtempSync(join(tmpdir(), "m365-mcp-conformance-"));
  try {
    const child = spawn("npx", ["--yes", SUITE, "server", "--url", url, "--spec-version", version, "--scenario", scenario, "--output-dir", output], { stdio: ["ignore", "ignore", "inherit"] });
    await once(child, "exit");
    const checks: Check[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name === "checks.json") checks.push(...(JSON.parse(readFileSync(path, "utf8")) as Check[]));
      }
    };
    walk(output);
    return checks;
  } finally {
    rmSync(output, { recursive: true, force: true });
  }
}

/** Starts the sandbox and reads the MCP URL and bearer token off its banner. */
async function startSandbox(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: URL; token: string }> {
  const child = spawn(process.execPath, [new URL("../dist/m365-mcp.js", import.meta.url).pathname, "sandbox", "--conformance-tools"], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] });
  let banner = "";
  const deadline = setTimeout(() => child.kill(), 60_000);
  for await (const chunk of child.stdout) {
    banner += String(chunk);
    const url = /^MCP URL:\s+(\S+)$/m.exec(banner)?.[1];
    const token = /^Bearer token:\s+(\S+)$/m.exec(banner)?.[1];
    if (url && token) {
      clearTimeout(deadline);
      // Audit events keep coming on stdout; they are not this script's output.
      child.stdout.resume();
      return { child, url: new URL(url), token };
    }
  }
  throw new Error(`The sandbox exited before printing its banner:\n${banner}`);
}

const proxy = createServer();
await once(proxy.listen(0, "127.0.0.1"), "listening");
const proxyPort = (proxy.address() as AddressInfo).port;
const sandbox = await startSandbox({ M365_MCP_PORT: "0", M365_MCP_LOG_LEVEL: "error", M365_MCP_ALLOWED_HOSTS: `127.0.0.1:${proxyPort},localhost:${proxyPort}` });
proxy.on("request", forwarder(sandbox.url, sandbox.token));
const url = `http://localhost:${proxyPort}/mcp`;

let failures = 0;
try {
  for (const [version, scenarios] of Object.entries(SCENARIOS)) {
    for (const scenario of scenarios) {
      const checks = await runScenario(url, version, scenario);
      const count = (status: string): number => checks.filter((c) => c.status === status).length;
      if (checks.length === 0 || count("FAILURE") > 0) failures++;
      console.log(`${version} ${scenario}: ${count("SUCCESS")} passed, ${count("WARNING")} warnings, ${count("FAILURE")} failed${checks.length === 0 ? " (no results)" : ""}`);
      for (const check of checks.filter((c) => c.status !== "SUCCESS")) console.log(`  ${check.status} ${check.id}${check.errorMessage ? `: ${check.errorMessage}` : ""}`);
    }
  }
} finally {
  proxy.close();
  sandbox.child.kill("SIGINT");
  await once(sandbox.child, "exit");
}
if (failures > 0) {
  console.error(`${failures} conformance scenario(s) failed.`);
  process.exit(1);
}
console.log("Every required conformance scenario passed.");
