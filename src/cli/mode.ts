// Which mode the settings ask for: Entra sign-in (serve) or the sandbox.
import { ConfigError, loadConfig } from "../config/load.js";
import { SETTINGS } from "../config/schema.js";

const ENTRA_SETTINGS = ["M365_MCP_CLIENT_ID", "M365_MCP_CLIENT_SECRET", "M365_MCP_CLIENT_CERTIFICATE", "M365_MCP_CONFIG_FILE"] as const;

/**
 * Whether Entra sign-in is configured, in the environment or the config file. Invalid settings that mention Entra
 * count as configured, so `serve` reports them rather than the sandbox hiding them.
 */
export function entraConfigured(env: NodeJS.ProcessEnv): boolean {
  try {
    return loadConfig(env).entra !== undefined;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return ENTRA_SETTINGS.some((name) => Boolean(env[name]));
  }
}

/** The log level the settings ask for; "info" when it is unset or invalid (startup then reports the invalid one). */
export function logLevelOf(env: NodeJS.ProcessEnv): string {
  const level = env["M365_MCP_LOG_LEVEL"];
  const levels: readonly string[] = SETTINGS.M365_MCP_LOG_LEVEL.enum;
  return level && levels.includes(level) ? level : SETTINGS.M365_MCP_LOG_LEVEL.default;
}
