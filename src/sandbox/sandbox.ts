// The sandbox: the real server, with Entra and Graph simulated in this process by the same contract-checked
// simulation the tests use. jose validation, the msal-node On-Behalf-Of exchange, policy and audit all run for real;
// only the hosts they talk to are simulated, and any other outbound request is refused.
import { createServer } from "node:net";
import { once } from "node:events";
import { setupServer } from "msw/node";
import { createAuditSink } from "../audit/sink.js";
import { loadConfig } from "../config/load.js";
import type { Logger } from "../logging/logger.js";
import { startServer, type RunningServer } from "../server.js";
import { SimulatedEntra, type SimulatedApp } from "./entra.js";
import { GRAPH_ORIGIN, SimulatedGraph } from "./graph.js";
import { sandboxSigningKey } from "./signing-key.js";
import { SANDBOX_USERS, seedSandbox, type SandboxUser } from "./tenant.js";

const SANDBOX_APP: SimulatedApp = {
  clientId: "5a4db0c5-0000-4000-8000-000000005a4d",
  clientSecret: "sandbox-client-secret-not-a-secret",
  apiScope: "access_as_user",
  authorityHost: "https://login.microsoftonline.com",
  graphResource: GRAPH_ORIGIN,
};
const TOKEN_HOURS = 12;

export class SandboxUserError extends Error {
  override name = "SandboxUserError";
}

export interface SandboxRun {
  server: RunningServer;
  banner: string;
  close(): Promise<void>;
}

function sandboxUser(upn: string): SandboxUser {
  const user = SANDBOX_USERS.find((u) => u.upn.toLowerCase() === upn.toLowerCase());
  if (!user) throw new SandboxUserError(`${upn} is not a sandbox user; the sandbox users are ${SANDBOX_USERS.map((u) => u.upn).join(", ")}.`);
  return user;
}

/** A token a running sandbox accepts for `upn` (the signing key is kept per machine). */
export async function sandboxToken(upn: string, lifetimeSeconds = TOKEN_HOURS * 3600, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const user = sandboxUser(upn);
  const entra = await SimulatedEntra.start(SANDBOX_APP, await sandboxSigningKey(env));
  return entra.token(user, { lifetimeSeconds });
}

/** The port to announce in the public URL: the configured one, or a free one when 0 was asked for. */
async function listenPort(value: string | undefined): Promise<number> {
  const port = value === undefined || value === "" ? 3000 : Number(value);
  if (port !== 0) return port;
  const probe = createServer().listen(0, "127.0.0.1");
  await once(probe, "listening");
  const address = probe.address();
  probe.close();
  return typeof address === "object" && address ? address.port : 0;
}

function banner(url: URL, user: SandboxUser, token: string): string {
  const others = SANDBOX_USERS.filter((u) => u !== user).map((u) => u.upn);
  const until = new Date(Date.now() + TOKEN_HOURS * 3600_000).toISOString().replace(/\.\d{3}Z$/, "Z");
  return [
    "SANDBOX: simulated Microsoft 365 tenants; nothing here connects to Microsoft 365.",
    "Sign-in and Microsoft Graph are simulated in this process with seeded, made-up data.",
    "",
    `MCP URL:      ${url.href}`,
    `Signed in as: ${user.displayName} <${user.upn}>, token valid ${TOKEN_HOURS} hours (until ${until})`,
    `Bearer token: ${token}`,
    "",
    "Try it with the MCP Inspector CLI:",
    `  npx @modelcontextprotocol/inspector --cli ${url.href} --transport http --header "Authorization: Bearer ${token}" --method tools/list`,
    "Add it to Claude Code:",
    `  claude mcp add --transport http m365-sandbox ${url.href} --header "Authorization: Bearer ${token}"`,
    `Other users: ${others.join(", ")} (npx m365-mcp token --user <upn>)`,
  ].join("\n");
}

export async function runSandbox(options: { env: NodeJS.ProcessEnv; logger: Logger }): Promise<SandboxRun> {
  const { env, logger } = options;
  const port = await listenPort(env["M365_MCP_PORT"]);
  const host = env["M365_MCP_HOST"] || "127.0.0.1";
  const shownHost = host.includes(":") ? `[${host}]` : host;
  const config = loadConfig({
    ...env,
    M365_MCP_PORT: String(port),
    M365_MCP_CLIENT_ID: SANDBOX_APP.clientId,
    M365_MCP_CLIENT_SECRET: SANDBOX_APP.clientSecret,
    M365_MCP_CLIENT_CERTIFICATE: "",
    M365_MCP_TENANT: "organizations",
    M365_MCP_AUTHORITY_HOST: SANDBOX_APP.authorityHost,
    M365_MCP_GRAPH_ENDPOINT: GRAPH_ORIGIN,
    M365_MCP_PUBLIC_URL: `http://${["0.0.0.0", "::"].includes(host) ? "127.0.0.1" : shownHost}:${port}`,
  });
  const entra = await SimulatedEntra.start(SANDBOX_APP, await sandboxSigningKey(env));
  const graph = new SimulatedGraph();
  const { downloadHandlers } = seedSandbox(graph);
  const interceptor = setupServer(...entra.handlers, graph.handler, ...downloadHandlers);
  interceptor.listen({
    onUnhandledRequest: (request, print) => {
      // Only the simulated hosts and this server itself may be reached from a sandbox.
      if (!["127.0.0.1", "localhost", "[::1]"].includes(new URL(request.url).hostname)) print.error();
    },
  });
  const audit = createAuditSink(config.auditFile ? { file: config.auditFile } : {});
  let server: RunningServer;
  try {
    server = await startServer({ config, logger, audit });
  } catch (error) {
    interceptor.close();
    throw error;
  }
  const user = SANDBOX_USERS[0];
  if (!user) throw new SandboxUserError("the sandbox has no users");
  const token = await entra.token(user, { lifetimeSeconds: TOKEN_HOURS * 3600 });
  const reportViolations = setInterval(() => {
    for (const violation of graph.violations.splice(0)) logger.warn({ violation }, "sandbox Graph reply does not match the contract");
  }, 5_000).unref();
  return {
    server,
    banner: banner(server.url, user, token),
    async close() {
      clearInterval(reportViolations);
      await server.close();
      await audit.close();
      interceptor.close();
    },
  };
}
