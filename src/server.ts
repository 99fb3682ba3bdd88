// Starts the HTTP server: everything shared by all requests is built here, once.
import { once } from "node:events";
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tools } from "../generated/tools.js";
import type { AuditSink } from "./audit/sink.js";
import type { Authenticator } from "./auth/caller.js";
import { ResourceChallenge } from "./auth/challenge.js";
import { EntraAuthenticator } from "./auth/entra-authenticator.js";
import { OboExchange } from "./auth/obo.js";
import { MemoryTokenCache, RecentTokens } from "./auth/token-cache.js";
import type { Config, EntraConfig } from "./config/load.js";
import { closeExtractionWorkers, configureExtractionPool } from "./content/pool.js";
import { GraphHttp } from "./graph/client.js";
import { Outbound, type OutboundFetch } from "./net/outbound.js";
import { createApp } from "./http/app.js";
import { metadataUrl, type ProtectedResource } from "./http/protected-resource.js";
import { indexTools, type FixtureTool } from "./mcp/server.js";
import type { Logger } from "./logging/logger.js";
import { AccessPolicy } from "./policy/admission.js";
import { ALLOW_ALL, FilePolicySource } from "./policy/policy.js";
import { VERSION } from "./version.js";

export interface RunningServer {
  url: URL;
  /**
   * Graceful shutdown: stops accepting connections, lets in-flight requests finish (up to the drain timeout, then
   * cuts the connections that remain), and ends the extraction workers. /readyz answers 503 meanwhile.
   */
  close(): Promise<void>;
}

/** How often idle keep-alive connections are closed while draining (a connection turns idle when its response ends). */
const IDLE_SWEEP_MS = 50;

export interface ServerOptions {
  config: Config;
  logger: Logger;
  audit: AuditSink;
  fixtureTools?: readonly FixtureTool[];
  /** false: every MCP request through the SDK (tests compare the direct tools/call answer with it). */
  directToolCalls?: boolean;
}

/** Until Entra sign-in is configured, every MCP request is refused rather than served anonymously. */
const noIdentityProvider: Authenticator = {
  authenticate: () => Promise.resolve({ ok: false, status: 401, message: "No identity provider is configured on this server.", headers: { "WWW-Authenticate": 'Bearer error="invalid_token"' } }),
};

/** The Host values a request may carry: the bound address under its usual names, the public URL's, plus configured ones. */
function hostsFor(config: Config, port: number): Set<string> {
  const names = new Set([config.host, ...(["127.0.0.1", "0.0.0.0", "::", "::1", "localhost"].includes(config.host) ? ["localhost", "127.0.0.1", "[::1]"] : [])]);
  const hosts = new Set(config.allowedHosts);
  if (config.publicUrl) hosts.add(config.publicUrl.host.toLowerCase());
  for (const name of names) hosts.add(`${name.includes(":") && !name.startsWith("[") ? `[${name}]` : name}:${port}`.toLowerCase());
  return hosts;
}

/** What the protected-resource metadata says for this configuration (the doctor compares a live answer with it). */
export function protectedResource(entra: EntraConfig, publicUrl: URL): ProtectedResource {
  return {
    resource: publicUrl.href,
    authorizationServer: new URL(`${entra.tenant}/v2.0`, entra.authorityHost).href,
    scope: entra.scopeUri,
    documentation: new URL("/", publicUrl).href,
  };
}

function entraAuthenticator(config: Config, entra: EntraConfig, publicUrl: URL, options: ServerOptions, graphHttp: GraphHttp, fetch: OutboundFetch): EntraAuthenticator {
  const { audit, logger } = options;
  const policySource = config.policyFile ? new FilePolicySource(config.policyFile, logger) : ALLOW_ALL;
  const cache = new RecentTokens(new MemoryTokenCache({ key: config.cacheKey }));
  return new EntraAuthenticator({
    entra,
    obo: new OboExchange(entra, config.graphEndpoint, cache, fetch),
    policy: new AccessPolicy(policySource, { logger }),
    challenge: new ResourceChallenge(metadataUrl(publicUrl), entra.scopeUri),
    graphHttp,
    fetch,
    audit,
    logger,
    knownScopes: [...new Set(tools.flatMap((tool) => tool.scopes.flat()))],
  });
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { config, logger, audit } = options;
  const drainTimeoutMs = config.shutdownTimeoutMs;
  const allowedHosts = new Set<string>();
  let ready = false;
  const outbound = new Outbound({ extraCertificates: config.extraCertificates });
  // The pool is the process's, as its workers are: the last server started sets it.
  configureExtractionPool({ heapMb: config.extractionHeapMb, ...(config.extractionWorkers === undefined ? {} : { workers: config.extractionWorkers }) });
  const graphHttp = new GraphHttp(config.graphEndpoint, outbound, { timeoutMs: config.graphTimeoutMs, tenantConcurrency: config.graphTenantConcurrency });
  const entra = config.entra && config.publicUrl ? { entra: config.entra, publicUrl: config.publicUrl } : undefined;
  const app = createApp({
    tools: indexTools(tools),
    fixtureTools: options.fixtureTools,
    directToolCalls: options.directToolCalls,
    authenticator: entra ? entraAuthenticator(config, entra.entra, entra.publicUrl, options, graphHttp, outbound.fetch) : noIdentityProvider,
    protectedResource: entra ? protectedResource(entra.entra, entra.publicUrl) : undefined,
    audit,
    auditQueries: config.auditQueries,
    logger,
    graphHttp,
    cursorKey: config.cursorKey,
    files: { maxFileBytes: config.maxFileBytes, extraSharePointHosts: config.extraSharePointHosts },
    version: VERSION,
    maxBodyBytes: config.maxBodyBytes,
    allowedHosts,
    allowedOrigins: new Set(config.allowedOrigins),
    isReady: () => ready,
  });
  const handle = app.callback();
  let draining = false;
  const http: HttpServer = createServer((req, res) => {
    // A request that arrives on a kept-alive connection while draining is served, and its connection then closed.
    if (draining) res.setHeader("Connection", "close");
    void handle(req, res);
  });
  await once(http.listen(config.port, config.host), "listening");
  const { port } = http.address() as AddressInfo;
  for (const host of hostsFor(config, port)) allowedHosts.add(host);
  ready = true;
  let closing: Promise<void> | undefined;
  const drain = async (): Promise<void> => {
    ready = false;
    draining = true;
    // "close" fires once the listener is closed and every connection has ended.
    const closed = once(http, "close");
    http.close();
    const sweep = setInterval(() => {
      http.closeIdleConnections();
    }, IDLE_SWEEP_MS);
    const deadline = setTimeout(() => {
      logger.warn({ drainTimeoutMs }, "requests still running at the shutdown deadline were cut off");
      http.closeAllConnections();
    }, drainTimeoutMs);
    http.closeIdleConnections();
    try {
      await closed;
    } finally {
      clearInterval(sweep);
      clearTimeout(deadline);
    }
    await closeExtractionWorkers();
    await outbound.close();
  };
  const shownHost = config.host.includes(":") ? `[${config.host}]` : config.host;
  return {
    url: new URL(`http://${shownHost}:${port}/mcp`),
    close: () => (closing ??= drain()),
  };
}
