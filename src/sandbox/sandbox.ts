// The sandbox: the real server, with Entra, Graph and a file host simulated on loopback sockets by the same
// contract-checked simulations the tests use. The server reaches them through its ordinary settings
// (M365_MCP_AUTHORITY_HOST, M365_MCP_GRAPH_ENDPOINT) and trusts their certificate through its outbound pool; jose
// validation, the msal-node On-Behalf-Of exchange, policy and audit all run for real.
import { once } from "node:events";
import { createServer } from "node:net";
import { createAuditSink } from "../audit/sink.js";
import { fileSettings, loadConfig, type Config } from "../config/load.js";
import type { SettingName } from "../config/schema.js";
import { createLogger, type Logger } from "../logging/logger.js";
import { startServer, type RunningServer } from "../server.js";
import { CONFORMANCE_TOOLS } from "./conformance-tools.js";
import { SimulatedEntra, type SimulatedApp } from "./entra.js";
import { SimulatedGraph } from "./graph.js";
import { sandboxSigningKey } from "./signing-key.js";
import { startSimulators } from "./simulators.js";
import { SANDBOX_USERS, seedSandbox, type SandboxUser } from "./tenant.js";

/**
 * The sandbox's app registration. Its tokens name the public cloud's issuers, whatever port the simulated Entra has
 * this time (its discovery documents say so, as a proxy in front of Entra would), so a token outlives a restart.
 */
const SANDBOX_APP: Omit<SimulatedApp, "authorityHost" | "graphResource"> = {
  clientId: "5a4db0c5-0000-4000-8000-000000005a4d",
  clientSecret: "sandbox-client-secret-not-a-secret",
  apiScope: "access_as_user",
  issuerHost: "https://login.microsoftonline.com",
  v1IssuerHost: "https://sts.windows.net",
};
const TOKEN_HOURS = 12;

export class SandboxUserError extends Error {
  override name = "SandboxUserError";
}

/** `m365-mcp token` cannot mint a token a running sandbox would accept. */
export class SandboxKeyError extends Error {
  override name = "SandboxKeyError";
}

export interface SandboxRun {
  server: RunningServer;
  /** At M365_MCP_LOG_LEVEL, from the environment or the config file. */
  logger: Logger;
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
  const { key, unsaved } = await sandboxSigningKey(env);
  if (unsaved) {
    throw new SandboxKeyError(
      `Cannot mint a token a sandbox accepts: ${unsaved}, so each sandbox signs with a key of its own. Use the token the sandbox banner prints, or set XDG_STATE_HOME to a writable directory for both the sandbox and m365-mcp token.`,
    );
  }
  // Minting needs no running Entra: the issuer and the key are the sandbox's own, whichever port serves them.
  const entra = await SimulatedEntra.start({ ...SANDBOX_APP, authorityHost: SANDBOX_APP.issuerHost ?? "", graphResource: "" }, key);
  return entra.token(user, { lifetimeSeconds });
}

/** Where the simulators listen this time. */
interface SimulatedHosts {
  authorityHost: string;
  graphEndpoint: string;
  certificate: string;
}

/** What the sandbox sets itself, whatever the environment or the config file say. */
function forcedSettings(publicUrl: string, hosts: SimulatedHosts): Partial<Record<SettingName, string>> {
  return {
    M365_MCP_CLIENT_ID: SANDBOX_APP.clientId,
    M365_MCP_CLIENT_SECRET: SANDBOX_APP.clientSecret,
    M365_MCP_CLIENT_CERTIFICATE: "",
    M365_MCP_TENANT: "organizations",
    M365_MCP_AUTHORITY_HOST: hosts.authorityHost,
    M365_MCP_GRAPH_ENDPOINT: hosts.graphEndpoint,
    M365_MCP_CA_FILE: "",
    M365_MCP_PUBLIC_URL: publicUrl,
  };
}

/** The environment with M365_MCP_CONFIG_FILE's values merged in; loadConfig would apply the file over the sandbox's own settings. */
function withConfigFile(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const path = env["M365_MCP_CONFIG_FILE"];
  return path ? { ...env, M365_MCP_CONFIG_FILE: undefined, ...fileSettings(path) } : env;
}

/** A free port on `host`, for the public URL, which must name the port before the server listens. */
async function freePort(host: string): Promise<number> {
  const probe = createServer().listen(0, host);
  await once(probe, "listening");
  const address = probe.address();
  probe.close();
  return typeof address === "object" && address ? address.port : 0;
}

/** The server's settings: the environment's and the config file's, with the sandbox's own Entra and Graph ones. */
async function sandboxConfig(env: NodeJS.ProcessEnv, hosts: SimulatedHosts): Promise<Config> {
  const settings = withConfigFile(env);
  // A first pass checks the given values (an invalid port is reported as given) and resolves the listen address.
  const given = loadConfig({ ...settings, ...forcedSettings("http://127.0.0.1", hosts) });
  const port = given.port === 0 ? await freePort(given.host) : given.port;
  const shownHost = ["0.0.0.0", "::"].includes(given.host) ? "127.0.0.1" : given.host.includes(":") ? `[${given.host}]` : given.host;
  const config = loadConfig({ ...settings, M365_MCP_PORT: String(port), ...forcedSettings(`http://${shownHost}:${port}`, hosts) });
  return { ...config, extraCertificates: [hosts.certificate] };
}

/**
 * The MCP Inspector CLI call that lists the tools. The version is pinned: every Inspector that can send a header
 * declares Node >= 22.7.5 (2.x: >= 22.19), so an unpinned npx on Node 20 picks 0.15.0, which refuses --header with a URL.
 * 2.12.0 lists the tools on Node 20 (npm warns about engines), 22 and 24; .ci/inspector.sh checks it.
 */
export function inspectorCommand(url: URL, token: string): string {
  return `npx -y @modelcontextprotocol/inspector@2.12.0 --cli ${url.href} --transport http --header "Authorization: Bearer ${token}" --method tools/list`;
}

function banner(url: URL, user: SandboxUser, token: string, keyUnsaved: string | undefined): string {
  const others = SANDBOX_USERS.filter((u) => u !== user).map((u) => u.upn);
  const until = new Date(Date.now() + TOKEN_HOURS * 3600_000).toISOString().replace(/\.\d{3}Z$/, "Z");
  return [
    "SANDBOX: simulated Microsoft 365 tenants; nothing here connects to Microsoft 365.",
    "Sign-in and Microsoft Graph are simulated on loopback ports by this process, with seeded, made-up data.",
    "",
    `MCP URL:      ${url.href}`,
    `Signed in as: ${user.displayName} <${user.upn}>, token valid ${TOKEN_HOURS} hours (until ${until})`,
    `Bearer token: ${token}`,
    "",
    "Try it with the MCP Inspector CLI:",
    `  ${inspectorCommand(url, token)}`,
    "Add it to Claude Code:",
    `  claude mcp add --transport http m365-sandbox ${url.href} --header "Authorization: Bearer ${token}"`,
    `Other users: ${others.join(", ")} (npx m365-mcp token --user <upn>)`,
    ...(keyUnsaved
      ? [`Note: tokens from \`m365-mcp token\` will not work with this sandbox because ${keyUnsaved}; set XDG_STATE_HOME to a writable directory to keep one.`]
      : []),
  ].join("\n");
}

export interface SandboxOptions {
  /** Also serve the MCP conformance suite's diagnostic tools (`npm run conformance`). */
  conformanceTools?: boolean;
}

export async function runSandbox(env: NodeJS.ProcessEnv, options: SandboxOptions = {}): Promise<SandboxRun> {
  const user = SANDBOX_USERS[0];
  if (!user) throw new SandboxUserError("the sandbox has no users");
  const { key, unsaved } = await sandboxSigningKey(env);
  const simulators = await startSimulators({
    entra: async (authorityHost, graphResource) => (await SimulatedEntra.start({ ...SANDBOX_APP, authorityHost, graphResource }, key)).register(...SANDBOX_USERS),
    graph: (checkToken) => new SimulatedGraph(checkToken),
  });
  const { entra, graph } = simulators;
  seedSandbox(graph, simulators.files);
  let audit: ReturnType<typeof createAuditSink> | undefined;
  let server: RunningServer;
  let logger: Logger;
  try {
    const config = await sandboxConfig(env, simulators);
    logger = createLogger(config.logLevel);
    audit = createAuditSink(config.auditFile ? { file: config.auditFile } : {});
    server = await startServer({ config, logger, audit, ...(options.conformanceTools ? { fixtureTools: CONFORMANCE_TOOLS } : {}) });
  } catch (error) {
    await audit?.close();
    await simulators.close();
    throw error;
  }
  const openAudit = audit;
  const token = await entra.token(user, { lifetimeSeconds: TOKEN_HOURS * 3600 });
  const reportViolations = setInterval(() => {
    for (const violation of graph.violations.splice(0)) logger.warn({ violation }, "sandbox Graph reply does not match the contract");
    for (const refusal of graph.unauthenticated.splice(0)) logger.warn({ refusal }, "sandbox Graph refused a request's credentials");
  }, 5_000).unref();
  return {
    server,
    logger,
    banner: banner(server.url, user, token, unsaved),
    async close() {
      clearInterval(reportViolations);
      await server.close();
      await openAudit.close();
      await simulators.close();
    },
  };
}
