// Reads and validates the settings once at startup; a bad value stops startup naming the variable.
import { randomBytes } from "node:crypto";
import { isIP } from "node:net";
import { Ajv } from "ajv";
import ajvFormatsModule from "ajv-formats";
import { SETTINGS } from "./schema.js";

export interface Config {
  host: string;
  port: number;
  allowedOrigins: string[];
  allowedHosts: string[];
  graphEndpoint: URL;
  maxBodyBytes: number;
  cursorKey: Uint8Array;
  cursorKeyIsEphemeral: boolean;
  logLevel: string;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

const list = (value: string): string[] => value.split(",").map((s) => s.trim()).filter(Boolean);

export function isLoopbackHost(hostname: string): boolean {
  const bare = hostname.replace(/^\[|\]$/g, "");
  return bare === "localhost" || bare === "::1" || (isIP(bare) === 4 && bare.startsWith("127."));
}

export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const raw: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(SETTINGS)) {
    const value = env[name];
    if (value === undefined || value === "") continue;
    raw[name] = schema.type === "integer" && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
  }
  const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false });
  ajvFormatsModule.default(ajv);
  const validate = ajv.compile({ type: "object", properties: SETTINGS });
  if (!validate(raw)) {
    const problems = (validate.errors ?? []).map((e) => `${e.instancePath.slice(1)}: ${e.message ?? "is invalid"} (got ${JSON.stringify(raw[e.instancePath.slice(1)])})`);
    throw new ConfigError(`Invalid configuration:\n  ${problems.join("\n  ")}`);
  }
  const graphEndpoint = new URL(raw["M365_MCP_GRAPH_ENDPOINT"] as string);
  if (graphEndpoint.protocol !== "https:" && !(graphEndpoint.protocol === "http:" && isLoopbackHost(graphEndpoint.hostname))) {
    throw new ConfigError("Invalid configuration:\n  M365_MCP_GRAPH_ENDPOINT: must be https (http is accepted only for loopback hosts)");
  }
  const cursorSecret = raw["M365_MCP_CURSOR_KEY"] as string | undefined;
  return {
    host: raw["M365_MCP_HOST"] as string,
    port: raw["M365_MCP_PORT"] as number,
    allowedOrigins: list(raw["M365_MCP_ALLOWED_ORIGINS"] as string).map((o) => new URL(o).origin),
    allowedHosts: list(raw["M365_MCP_ALLOWED_HOSTS"] as string).map((h) => h.toLowerCase()),
    graphEndpoint,
    maxBodyBytes: raw["M365_MCP_MAX_BODY_BYTES"] as number,
    cursorKey: cursorSecret ? new TextEncoder().encode(cursorSecret) : randomBytes(32),
    cursorKeyIsEphemeral: !cursorSecret,
    logLevel: raw["M365_MCP_LOG_LEVEL"] as string,
  };
}
