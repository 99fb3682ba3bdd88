// npm start: validate the configuration, then serve.
import { createAuditSink } from "../audit/sink.js";
import { ConfigError, loadConfig } from "../config/load.js";
import { createLogger } from "../logging/logger.js";
import { PolicyError } from "../policy/policy.js";
import { startServer } from "../server.js";

try {
  const config = loadConfig(process.env);
  const logger = createLogger(config.logLevel);
  if (config.cursorKeyIsEphemeral) logger.warn("M365_MCP_CURSOR_KEY is unset: paging cursors are signed with a per-process key and stop working after a restart");
  if (config.entra && config.cacheKeyIsEphemeral) logger.warn("M365_MCP_CACHE_KEY is unset: the token cache is encrypted under a random per-process key");
  if (!config.entra) logger.warn("M365_MCP_CLIENT_ID is unset: Entra sign-in is not configured, so every MCP request is refused");
  const audit = createAuditSink(config.auditFile ? { file: config.auditFile } : {});
  const server = await startServer({ config, logger, audit });
  logger.info({ url: server.url.href }, "m365-mcp listening");
} catch (error) {
  if (!(error instanceof ConfigError) && !(error instanceof PolicyError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
