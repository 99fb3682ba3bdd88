// The admin policy: which tenants, users and tools may use the connector, read from a YAML file that is
// re-read when it changes, so an edit takes effect on the next request without a restart.
import { readFileSync, statSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { tools } from "../../generated/tools.js";
import type { Logger } from "../logging/logger.js";
import { compilePolicyValidator, DEFAULT_GROUP_CACHE_SECONDS, type PolicyDocument, type PolicyValidator, type TenantDocument } from "./schema.js";

/** The rules that apply to one tenant: its own section over the top-level settings. */
export interface TenantRules {
  enabled: boolean;
  disabledTools: ReadonlySet<string>;
  /** Lower-case group object ids; empty means no group restriction. */
  allowedGroups: readonly string[];
}

export interface Policy {
  /** The top-level connector switch (a tenant's own `enabled` overrides it; see rulesFor). */
  enabled: boolean;
  tenantAllowed(tenantId: string): boolean;
  rulesFor(tenantId: string): TenantRules;
  toolCallsPerMinute: number | undefined;
  groupCacheSeconds: number;
}

export interface PolicySource {
  current(): Policy;
}

export class PolicyError extends Error {
  override name = "PolicyError";
}

/** Builds the policy a validated document describes. Tenant ids and group ids compare case-insensitively. */
export function policyFrom(document: PolicyDocument): Policy {
  const global: TenantRules = {
    enabled: document.enabled ?? true,
    disabledTools: new Set(document.disabledTools),
    allowedGroups: lower(document.allowedGroups ?? []),
  };
  const tenants = new Map<string, TenantRules>(
    Object.entries(document.tenants ?? {}).map(([id, rules]) => [id.toLowerCase(), tenantRules(global, rules)]),
  );
  const allowed = new Set(lower(document.allowedTenants ?? []));
  return {
    enabled: global.enabled,
    tenantAllowed: (tenantId) => allowed.size === 0 || allowed.has(tenantId.toLowerCase()),
    rulesFor: (tenantId) => tenants.get(tenantId.toLowerCase()) ?? global,
    toolCallsPerMinute: document.rateLimit?.toolCallsPerMinute,
    groupCacheSeconds: document.groupCacheSeconds ?? DEFAULT_GROUP_CACHE_SECONDS,
  };
}

/** A tenant's `enabled` and `allowedGroups` replace the top-level ones; disabled tools add to them. */
function tenantRules(global: TenantRules, rules: TenantDocument): TenantRules {
  return {
    enabled: rules.enabled ?? global.enabled,
    disabledTools: new Set([...global.disabledTools, ...(rules.disabledTools ?? [])]),
    allowedGroups: rules.allowedGroups ? lower(rules.allowedGroups) : global.allowedGroups,
  };
}

const lower = (ids: readonly string[]): string[] => [...new Set(ids.map((id) => id.toLowerCase()))];

/** No policy file: everyone the sign-in admits may use every tool, without a rate limit. */
export const ALLOW_ALL: PolicySource = (() => {
  const policy = policyFrom({});
  return { current: () => policy };
})();

/** Problems the schema cannot see: mistakes that would make a rule silently never apply. */
function crossCheck(document: PolicyDocument): string[] {
  const problems: string[] = [];
  const allowed = new Set(lower(document.allowedTenants ?? []));
  const seen = new Set<string>();
  for (const id of Object.keys(document.tenants ?? {})) {
    const key = id.toLowerCase();
    if (seen.has(key)) problems.push(`tenants.${id}: this tenant appears twice (tenant IDs are not case-sensitive)`);
    seen.add(key);
    if (allowed.size > 0 && !allowed.has(key)) problems.push(`tenants.${id}: this tenant is not in allowedTenants, so its rules would never apply`);
  }
  return problems;
}

/** The policy a file's text describes, or the problems that make it invalid. */
export function parsePolicy(text: string, validate: PolicyValidator): { policy: Policy } | { problems: string[] } {
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    // The yaml library's first line names the problem and its line and column; the rest is an excerpt.
    return { problems: [`not valid YAML: ${((error as Error).message.split("\n")[0] ?? "").replace(/:$/, "")}`] };
  }
  const problems = validate(document);
  if (problems.length === 0) problems.push(...crossCheck(document as PolicyDocument));
  return problems.length ? { problems } : { policy: policyFrom(document as PolicyDocument) };
}

export interface FilePolicySourceOptions {
  /** The tool names a policy may disable; defaults to the server's tools. */
  toolNames?: readonly string[];
}

/**
 * Reads the policy file at startup (an invalid one throws PolicyError) and again whenever its modification
 * time, size or inode changes. A change that is invalid keeps the previous policy and logs one error.
 */
export class FilePolicySource implements PolicySource {
  private readonly validate: PolicyValidator;
  private policy: Policy;
  /** The stat signature of the last version read, valid or not, so a bad version is read and logged once. */
  private signature: string;
  private failing = false;

  constructor(
    private readonly path: string,
    private readonly logger: Logger,
    options: FilePolicySourceOptions = {},
  ) {
    this.validate = compilePolicyValidator(options.toolNames ?? tools.map((tool) => tool.name));
    const { key, problem } = this.stat();
    const result = problem ? { problems: [problem] } : this.read();
    if ("problems" in result) throw new PolicyError(`Invalid policy file ${path}:\n  ${result.problems.join("\n  ")}`);
    this.policy = result.policy;
    this.signature = key;
  }

  current(): Policy {
    const { key, problem } = this.stat();
    if (key === this.signature) return this.policy;
    this.signature = key;
    const result = problem ? { problems: [problem] } : this.read();
    if ("problems" in result) {
      this.failing = true;
      this.logger.error(
        { policyFile: this.path, problems: result.problems },
        `Policy file ${this.path} was not reloaded, the previous policy stays in force: ${result.problems.join("; ")}`,
      );
      return this.policy;
    }
    this.policy = result.policy;
    this.logger.info({ policyFile: this.path, recovered: this.failing }, `Policy file ${this.path} reloaded`);
    this.failing = false;
    return this.policy;
  }

  /** Nanosecond mtime, size and inode: an in-place edit and an atomic rename both change the key. */
  private stat(): { key: string; problem?: string } {
    try {
      const stats = statSync(this.path, { bigint: true });
      if (!stats.isFile()) return { key: "not-a-file", problem: "it is not a regular file" };
      return { key: `${stats.mtimeNs}:${stats.size}:${stats.ino}` };
    } catch (error) {
      const problem = fileProblem(error);
      return { key: `unreadable:${problem}`, problem };
    }
  }

  private read(): { policy: Policy } | { problems: string[] } {
    let text: string;
    try {
      text = readFileSync(this.path, "utf8");
    } catch (error) {
      return { problems: [fileProblem(error)] };
    }
    return parsePolicy(text, this.validate);
  }
}

function fileProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "the file does not exist";
  if (code === "EACCES" || code === "EPERM") return "the server may not read the file (permission denied)";
  return `the file cannot be read (${code ?? (error as Error).message})`;
}
