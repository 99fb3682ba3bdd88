// Reads and validates the settings once at startup; a bad value stops startup naming the variable.
import { hkdfSync, randomBytes, X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { isIP } from "node:net";
import { Ajv } from "ajv";
import ajvFormatsModule from "ajv-formats";
import { parse as parseYaml } from "yaml";
import { certificateCredential, type ClientCredential } from "./credential.js";
import { SETTINGS, type SettingName } from "./schema.js";

/** Entra sign-in: present when M365_MCP_CLIENT_ID is set. */
export interface EntraConfig {
  clientId: string;
  credential: ClientCredential;
  authorityHost: URL;
  /** "organizations" (multi-tenant) or a tenant GUID. */
  tenant: string;
  /** Lower-case tenant GUIDs; empty allows every organizational tenant. */
  allowedTenants: string[];
  /** Every audience a token may carry: the client ID, api://{client ID} and the configured ones. */
  audiences: string[];
  apiScope: string;
  /** The full scope clients ask for: the Application ID URI, then the API scope. */
  scopeUri: string;
  timeoutMs: number;
}

export interface Config {
  host: string;
  port: number;
  /** The public URL of the MCP endpoint; derived from the listen address when unset. */
  publicUrl: URL | undefined;
  entra: EntraConfig | undefined;
  allowedOrigins: string[];
  allowedHosts: string[];
  graphEndpoint: URL;
  /** PEM certificates trusted for outbound HTTPS beside Node's bundled roots. */
  extraCertificates: string[];
  /** The deadline of one Graph request, retries included; file downloads use it too. */
  graphTimeoutMs: number;
  /** Graph requests in flight per tenant, per process (each user at most 4 of them). */
  graphTenantConcurrency: number;
  maxBodyBytes: number;
  maxFileBytes: number;
  /** Extraction worker threads at most; undefined: the pool's own default (from the CPU count). */
  extractionWorkers: number | undefined;
  /** Heap cap of an extraction worker, in MB. */
  extractionHeapMb: number;
  extraSharePointHosts: string[];
  cursorKey: Uint8Array;
  cursorKeyIsEphemeral: boolean;
  /** 32 bytes for AES-256-GCM. */
  cacheKey: Uint8Array;
  cacheKeyIsEphemeral: boolean;
  policyFile: string | undefined;
  auditFile: string | undefined;
  auditQueries: boolean;
  shutdownTimeoutMs: number;
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

const invalid = (name: SettingName, problem: string): ConfigError => new ConfigError(`Invalid configuration:\n  ${name}: ${problem}`);

/** The config file's values, as strings like the environment's; they override the environment. */
export function fileSettings(path: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = parseYaml(readFileSync(path, "utf8"));
  } catch (error) {
    throw invalid("M365_MCP_CONFIG_FILE", `cannot read ${path}: ${(error as Error).message.split("\n")[0] ?? ""}`);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw invalid("M365_MCP_CONFIG_FILE", `${path} must be a mapping of M365_MCP_* names to values`);
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed)) {
    if (!(name in SETTINGS) || name === "M365_MCP_CONFIG_FILE") throw invalid("M365_MCP_CONFIG_FILE", `${path} sets ${name}, which is not a setting`);
    if (!["string", "number", "boolean"].includes(typeof value)) throw invalid("M365_MCP_CONFIG_FILE", `${path} sets ${name} to a ${Array.isArray(value) ? "list" : typeof value}; use a string or number`);
    values[name] = String(value as string | number | boolean);
  }
  return values;
}

function validated(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const sources: Record<string, string | undefined> = { ...env };
  const configFile = env["M365_MCP_CONFIG_FILE"];
  if (configFile) Object.assign(sources, fileSettings(configFile));
  const raw: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(SETTINGS)) {
    const value = sources[name];
    if (value === undefined || value === "") continue;
    raw[name] = schema.type === "integer" && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
  }
  const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false });
  ajvFormatsModule.default(ajv);
  const validate = ajv.compile({ type: "object", properties: SETTINGS });
  if (!validate(raw)) {
    const problems = (validate.errors ?? []).map((e) => {
      const name = e.instancePath.slice(1);
      const secret = name === "M365_MCP_CLIENT_SECRET" || name.endsWith("_KEY") || name === "M365_MCP_CLIENT_CERTIFICATE";
      return `${name}: ${e.message ?? "is invalid"}${secret ? "" : ` (got ${JSON.stringify(raw[name])})`}`;
    });
    throw new ConfigError(`Invalid configuration:\n  ${problems.join("\n  ")}`);
  }
  return raw;
}

function entraConfig(raw: Record<string, unknown>): EntraConfig | undefined {
  const clientId = (raw["M365_MCP_CLIENT_ID"] as string | undefined)?.toLowerCase();
  const secret = raw["M365_MCP_CLIENT_SECRET"] as string | undefined;
  const certificate = raw["M365_MCP_CLIENT_CERTIFICATE"] as string | undefined;
  if (!clientId) {
    if (secret || certificate) throw invalid("M365_MCP_CLIENT_ID", "is required when a client secret or certificate is set");
    return undefined;
  }
  if (secret && certificate) throw invalid("M365_MCP_CLIENT_SECRET", "set either it or M365_MCP_CLIENT_CERTIFICATE, not both");
  if (!secret && !certificate) throw invalid("M365_MCP_CLIENT_CERTIFICATE", "is required with M365_MCP_CLIENT_ID (or set M365_MCP_CLIENT_SECRET)");
  if (!raw["M365_MCP_PUBLIC_URL"]) throw invalid("M365_MCP_PUBLIC_URL", "is required with M365_MCP_CLIENT_ID: it is the resource clients ask tokens for");
  let credential: ClientCredential;
  try {
    credential = certificate ? certificateCredential(certificate) : { kind: "secret", secret: secret ?? "" };
  } catch (error) {
    throw invalid("M365_MCP_CLIENT_CERTIFICATE", (error as Error).message);
  }
  const tenant = (raw["M365_MCP_TENANT"] as string).toLowerCase();
  const allowed = list(raw["M365_MCP_ALLOWED_TENANTS"] as string).map((t) => t.toLowerCase());
  if (tenant !== "organizations" && allowed.some((t) => t !== tenant)) {
    throw invalid("M365_MCP_ALLOWED_TENANTS", `lists tenants other than M365_MCP_TENANT (${tenant}), which a single-tenant app never signs in`);
  }
  const configuredAudiences = list(raw["M365_MCP_API_AUDIENCES"] as string);
  const apiScope = raw["M365_MCP_API_SCOPE"] as string;
  const appIdUri = configuredAudiences.find((a) => a.includes("://")) ?? `api://${clientId}`;
  return {
    clientId,
    credential,
    authorityHost: new URL(raw["M365_MCP_AUTHORITY_HOST"] as string),
    tenant,
    allowedTenants: tenant === "organizations" ? allowed : [tenant],
    audiences: [...new Set([clientId, `api://${clientId}`, ...configuredAudiences])],
    apiScope,
    scopeUri: `${appIdUri.replace(/\/+$/, "")}/${apiScope}`,
    timeoutMs: raw["M365_MCP_ENTRA_TIMEOUT_MS"] as number,
  };
}

/** The certificates of a PEM bundle, each checked, so a wrong file stops startup instead of failing every connection. */
function certificateBundle(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw invalid("M365_MCP_CA_FILE", `cannot read ${path}: ${(error as Error).message.split("\n")[0] ?? ""}`);
  }
  const pems = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (pems.length === 0) throw invalid("M365_MCP_CA_FILE", `${path} holds no PEM certificate`);
  pems.forEach((pem, index) => {
    try {
      new X509Certificate(pem);
    } catch {
      throw invalid("M365_MCP_CA_FILE", `certificate ${index + 1} in ${path} cannot be parsed`);
    }
  });
  return pems;
}

/** A 32-byte key from a secret of any length, so admins can paste any strong passphrase. */
const derivedKey = (secret: string, purpose: string): Uint8Array => new Uint8Array(hkdfSync("sha256", secret, "m365-mcp", purpose, 32));

/** The MCP endpoint under a public base URL (which may sit under a proxy's path prefix, or name /mcp already). */
function mcpUrl(base: string): URL {
  const url = new URL(base);
  url.search = "";
  url.hash = "";
  const path = url.pathname.replace(/\/+$/, "");
  url.pathname = path.endsWith("/mcp") ? path : `${path}/mcp`;
  return url;
}

export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const raw = validated(env);
  const graphEndpoint = new URL(raw["M365_MCP_GRAPH_ENDPOINT"] as string);
  if (graphEndpoint.protocol !== "https:" && !(graphEndpoint.protocol === "http:" && isLoopbackHost(graphEndpoint.hostname))) {
    throw invalid("M365_MCP_GRAPH_ENDPOINT", "must be https (http is accepted only for loopback hosts)");
  }
  const publicUrl = raw["M365_MCP_PUBLIC_URL"] ? mcpUrl(raw["M365_MCP_PUBLIC_URL"] as string) : undefined;
  if (publicUrl && publicUrl.protocol !== "https:" && !isLoopbackHost(publicUrl.hostname)) {
    throw invalid("M365_MCP_PUBLIC_URL", "must be https (http is accepted only for loopback hosts)");
  }
  const cursorSecret = raw["M365_MCP_CURSOR_KEY"] as string | undefined;
  const cacheSecret = raw["M365_MCP_CACHE_KEY"] as string | undefined;
  return {
    host: raw["M365_MCP_HOST"] as string,
    port: raw["M365_MCP_PORT"] as number,
    publicUrl,
    entra: entraConfig(raw),
    allowedOrigins: list(raw["M365_MCP_ALLOWED_ORIGINS"] as string).map((o) => new URL(o).origin),
    allowedHosts: list(raw["M365_MCP_ALLOWED_HOSTS"] as string).map((h) => h.toLowerCase()),
    graphEndpoint,
    extraCertificates: raw["M365_MCP_CA_FILE"] ? certificateBundle(raw["M365_MCP_CA_FILE"] as string) : [],
    graphTimeoutMs: raw["M365_MCP_GRAPH_TIMEOUT_MS"] as number,
    graphTenantConcurrency: raw["M365_MCP_GRAPH_TENANT_CONCURRENCY"] as number,
    maxBodyBytes: raw["M365_MCP_MAX_BODY_BYTES"] as number,
    maxFileBytes: (raw["M365_MCP_MAX_FILE_MB"] as number) * 1024 * 1024,
    extractionWorkers: raw["M365_MCP_EXTRACTION_WORKERS"] as number | undefined,
    extractionHeapMb: raw["M365_MCP_EXTRACTION_HEAP_MB"] as number,
    extraSharePointHosts: list(raw["M365_MCP_SHAREPOINT_HOSTS"] as string),
    cursorKey: cursorSecret ? new TextEncoder().encode(cursorSecret) : randomBytes(32),
    cursorKeyIsEphemeral: !cursorSecret,
    cacheKey: cacheSecret ? derivedKey(cacheSecret, "token-cache") : new Uint8Array(randomBytes(32)),
    cacheKeyIsEphemeral: !cacheSecret,
    policyFile: raw["M365_MCP_POLICY_FILE"] as string | undefined,
    auditFile: raw["M365_MCP_AUDIT_FILE"] as string | undefined,
    auditQueries: raw["M365_MCP_AUDIT_QUERIES"] === "1",
    shutdownTimeoutMs: raw["M365_MCP_SHUTDOWN_TIMEOUT_MS"] as number,
    logLevel: raw["M365_MCP_LOG_LEVEL"] as string,
  };
}
