// npm start: validate the configuration, then serve.
import type { Authenticator } from "../auth/caller.js";
import { ConfigError, loadConfig } from "../config/load.js";
import { createLogger } from "../logging/logger.js";
import { startServer } from "../server.js";

/** Until Entra sign-in is configured, every MCP request is refused with a challenge rather than served anonymously. */
const noIdentityProvider: Authenticator = {
  authenticate: () =>
    Promise.resolve({ ok: false, status: 401, wwwAuthenticate: 'Bearer error="invalid_token"', message: "No identity provider is configured on this server." }),
};

try {
  const config = loadConfig(process.env);
  const logger = createLogger(config.logLevel);
  if (config.cursorKeyIsEphemeral) logger.warn("M365_MCP_CURSOR_KEY is unset: paging cursors are signed with a per-process key and stop working after a restart");
  const server = await startServer({ config, authenticator: noIdentityProvider, logger });
  logger.info({ url: server.url.href }, "m365-mcp listening");
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
