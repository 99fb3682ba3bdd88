// Checks the whole configuration without starting anything: the settings, the policy file and the audit file.
import { accessSync, constants, statSync } from "node:fs";
import { dirname } from "node:path";
import { ConfigError, loadConfig, type Config } from "../config/load.js";
import { createLogger } from "../logging/logger.js";
import { FilePolicySource, PolicyError } from "../policy/policy.js";

export interface ConfigCheck {
  /** Present when the settings themselves are valid. */
  config: Config | undefined;
  /** Each problem as the server would report it at startup; empty when everything is valid. */
  problems: string[];
}

const errnoOf = (error: unknown): string => (error as NodeJS.ErrnoException).code ?? (error as Error).message;

/** What opening the audit file for appending would hit, found without creating it. */
function auditFileProblem(file: string): string | undefined {
  const problem = (code: string) => `Invalid configuration:\n  M365_MCP_AUDIT_FILE: cannot open ${file} for appending (${code})`;
  try {
    if (!statSync(file).isFile()) return problem("not a regular file");
    accessSync(file, constants.W_OK);
    return undefined;
  } catch (error) {
    if (errnoOf(error) !== "ENOENT") return problem(errnoOf(error));
  }
  try {
    accessSync(dirname(file), constants.W_OK);
    return undefined;
  } catch (error) {
    return problem(errnoOf(error));
  }
}

export function checkConfiguration(env: NodeJS.ProcessEnv): ConfigCheck {
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return { config: undefined, problems: [error.message] };
    throw error;
  }
  const problems: string[] = [];
  if (config.policyFile) {
    try {
      new FilePolicySource(config.policyFile, createLogger("silent"));
    } catch (error) {
      if (!(error instanceof PolicyError)) throw error;
      problems.push(error.message);
    }
  }
  const auditProblem = config.auditFile ? auditFileProblem(config.auditFile) : undefined;
  if (auditProblem) problems.push(auditProblem);
  return { config, problems };
}

/** One line saying what the configuration sets up, for check-config and doctor. */
export function describeConfiguration(config: Config): string {
  const parts: string[] = [];
  const { entra } = config;
  if (entra) {
    const kind = entra.tenant === "organizations" ? "multi-tenant app" : "single-tenant app";
    const tenant = entra.tenant === "organizations" ? "" : ` in tenant ${entra.tenant}`;
    parts.push(`${kind} ${entra.clientId}${tenant} (client ${entra.credential.kind})`);
    if (config.publicUrl) parts.push(`public URL ${config.publicUrl.href}`);
  } else {
    parts.push("no Entra app (M365_MCP_CLIENT_ID is unset, so m365-mcp starts the sandbox)");
  }
  parts.push(config.policyFile ? `policy file ${config.policyFile}` : "no policy file");
  parts.push(config.auditFile ? `audit file ${config.auditFile}` : "audit events to stdout only");
  return parts.join(", ");
}
