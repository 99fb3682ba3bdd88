// Which mode the settings ask for: Entra sign-in (serve) or the sandbox.
import { ConfigError, loadConfig } from "../config/load.js";

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

