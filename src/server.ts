// Starts the HTTP server: everything shared by all requests is built here, once.
import { once } from "node:events";
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { AjvJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/ajv";
import { tools } from "../generated/tools.js";
import type { Authenticator } from "./auth/caller.js";
import type { Config } from "./config/load.js";
import { GraphHttp } from "./graph/client.js";
import { createApp } from "./http/app.js";
import { indexTools } from "./mcp/server.js";
import type { Logger } from "./logging/logger.js";
import { VERSION } from "./version.js";

export interface RunningServer {
  url: URL;
  close(): Promise<void>;
}

export interface ServerOptions {
  config: Config;
  authenticator: Authenticator;
  logger: Logger;
}

/** The Host values a request may carry: the bound address under its usual names, plus configured ones. */
function hostsFor(config: Config, port: number): Set<string> {
  const names = new Set([config.host, ...(["127.0.0.1", "0.0.0.0", "::", "::1", "localhost"].includes(config.host) ? ["localhost", "127.0.0.1", "[::1]"] : [])]);
  const hosts = new Set(config.allowedHosts);
  for (const name of names) hosts.add(`${name.includes(":") && !name.startsWith("[") ? `[${name}]` : name}:${port}`.toLowerCase());
  return hosts;
}

export async function startServer({ config, authenticator, logger }: ServerOptions): Promise<RunningServer> {
  const allowedHosts = new Set<string>();
  let ready = false;
  const app = createApp({
    tools: indexTools(tools),
    schemaValidator: new AjvJsonSchemaValidator(),
    authenticator,
    logger,
    graphHttp: new GraphHttp(config.graphEndpoint),
    cursorKey: config.cursorKey,
    files: { maxFileBytes: config.maxFileBytes, extraSharePointHosts: config.extraSharePointHosts },
    version: VERSION,
    maxBodyBytes: config.maxBodyBytes,
    allowedHosts,
    allowedOrigins: new Set(config.allowedOrigins),
    isReady: () => ready,
  });
  const handle = app.callback();
  const http: HttpServer = createServer((req, res) => {
    void handle(req, res);
  });
  await once(http.listen(config.port, config.host), "listening");
  const { port } = http.address() as AddressInfo;
  for (const host of hostsFor(config, port)) allowedHosts.add(host);
  ready = true;
  const shownHost = config.host.includes(":") ? `[${config.host}]` : config.host;
  return {
    url: new URL(`http://${shownHost}:${port}/mcp`),
    close: async () => {
      ready = false;
      const closed = once(http, "close");
      http.close();
      http.closeAllConnections();
      await closed;
    },
  };
}
