// `serve`: the server for real, with Entra sign-in.
import { SETTINGS } from "../../config/schema.js";
import { EXIT_CODES_HELP, type Command } from "../command.js";

export const NO_ENTRA = `Invalid configuration:
  M365_MCP_CLIENT_ID: is not set, and m365-mcp serve needs Entra sign-in. Set M365_MCP_CLIENT_ID, M365_MCP_CLIENT_SECRET
  (or M365_MCP_CLIENT_CERTIFICATE) and M365_MCP_PUBLIC_URL from your app registration, or run m365-mcp sandbox to try
  the server with simulated tenants.`;

export const serve: Command = {
  name: "serve",
  summary: "Run the server with Entra sign-in (the default when M365_MCP_CLIENT_ID is set)",
  help: `Usage: m365-mcp serve

Runs the MCP server for your Microsoft 365 tenants, with Entra sign-in. Reads its settings from M365_MCP_*
environment variables (or M365_MCP_CONFIG_FILE); a missing or invalid setting stops startup with a message naming it.
SIGTERM or SIGINT stops it gracefully: new connections are refused, in-flight requests get up to
M365_MCP_SHUTDOWN_TIMEOUT_MS (default ${SETTINGS.M365_MCP_SHUTDOWN_TIMEOUT_MS.default / 1000} seconds) to finish, then it exits 0.

Options:
  -h, --help  Show this help

${EXIT_CODES_HELP}`,
  options: {},
  async run(_values, io) {
    const [{ createAuditSink }, { ConfigError, loadConfig }, { createLogger }, { startServer }, { untilStopped }] = await Promise.all([
      import("../../audit/sink.js"),
      import("../../config/load.js"),
      import("../../logging/logger.js"),
      import("../../server.js"),
      import("../shutdown.js"),
    ]);
    const config = loadConfig(io.env);
    if (!config.entra) throw new ConfigError(NO_ENTRA);
    const logger = createLogger(config.logLevel);
    if (config.cursorKeyIsEphemeral) logger.warn("M365_MCP_CURSOR_KEY is unset: paging cursors are signed with a per-process key and stop working after a restart");
    if (config.cacheKeyIsEphemeral) logger.warn("M365_MCP_CACHE_KEY is unset: the token cache is encrypted under a random per-process key");
    const audit = createAuditSink(config.auditFile ? { file: config.auditFile } : {});
    let server: Awaited<ReturnType<typeof startServer>>;
    try {
      server = await startServer({ config, logger, audit });
    } catch (error) {
      await audit.close();
      throw error;
    }
    logger.info({ url: server.url.href, publicUrl: config.publicUrl?.href }, "m365-mcp listening");
    return untilStopped(async () => {
      await server.close();
      await audit.close();
    }, logger);
  },
};
