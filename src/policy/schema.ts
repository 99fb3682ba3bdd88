// The admin policy file's shape (JSON Schema, checked with ajv) and its problems as admin-readable lines.
import { Ajv, type ErrorObject } from "ajv";

/** The policy file as written; every key is optional. */
export interface PolicyDocument {
  enabled?: boolean;
  allowedTenants?: string[];
  disabledTools?: string[];
  allowedGroups?: string[];
  rateLimit?: { toolCallsPerMinute: number };
  groupCacheSeconds?: number;
  tenants?: Record<string, TenantDocument>;
}

export interface TenantDocument {
  enabled?: boolean;
  disabledTools?: string[];
  allowedGroups?: string[];
}

export const GUID_PATTERN = "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$";
export const DEFAULT_GROUP_CACHE_SECONDS = 300;

const TENANT_KEYS = ["enabled", "disabledTools", "allowedGroups"] as const;
const TOP_KEYS = ["enabled", "allowedTenants", "disabledTools", "allowedGroups", "rateLimit", "groupCacheSeconds", "tenants"] as const;

/** The schema for a server whose known tools are `toolNames` (a disabled tool must be one of them). */
export function policySchema(toolNames: readonly string[]): object {
  const tenantId = { type: "string", pattern: GUID_PATTERN, "x-kind": "a tenant ID" };
  const groupId = { type: "string", pattern: GUID_PATTERN, "x-kind": "a group object ID" };
  const toolList = { type: "array", items: { type: "string", enum: [...toolNames], "x-kind": "tool" } };
  const tenantRules = {
    type: "object",
    additionalProperties: false,
    properties: { enabled: { type: "boolean" }, disabledTools: toolList, allowedGroups: { type: "array", items: groupId } },
  };
  return {
    type: "object",
    additionalProperties: false,
    properties: {
      enabled: { type: "boolean" },
      allowedTenants: { type: "array", items: tenantId },
      disabledTools: toolList,
      allowedGroups: { type: "array", items: groupId },
      rateLimit: {
        type: "object",
        additionalProperties: false,
        required: ["toolCallsPerMinute"],
        properties: { toolCallsPerMinute: { type: "integer", minimum: 1, maximum: 100000 } },
      },
      groupCacheSeconds: { type: "integer", minimum: 0, maximum: 86400 },
      tenants: { type: "object", propertyNames: { pattern: GUID_PATTERN }, additionalProperties: tenantRules },
    },
  };
}

export type PolicyValidator = (document: unknown) => string[];

/** Compiles the schema once; the validator returns one line per problem, each naming its path in the file. */
export function compilePolicyValidator(toolNames: readonly string[]): PolicyValidator {
  // verbose: errors carry the offending value and its schema, which the messages quote.
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, keywords: ["x-kind"] });
  const validate = ajv.compile(policySchema(toolNames));
  return (document) => {
    if (document === null || typeof document !== "object" || Array.isArray(document)) {
      return [`the policy must be a mapping of settings (${TOP_KEYS.join(", ")}), got ${describeValue(document)}`];
    }
    if (validate(document)) return [];
    const seen = new Set<string>();
    const problems: string[] = [];
    for (const error of validate.errors ?? []) {
      // The inner pattern error of propertyNames repeats the propertyNames one; a type error makes the rest noise.
      if (error.propertyName !== undefined || seen.has(error.instancePath)) continue;
      seen.add(error.instancePath);
      problems.push(`${pathOf(error.instancePath)}: ${messageFor(error)}`);
    }
    return problems;
  };
}

/** `/tenants/<guid>/disabledTools/0` as `tenants.<guid>.disabledTools[0]`. */
function pathOf(pointer: string): string {
  if (pointer === "") return "(top level)";
  const segments = pointer.slice(1).split("/").map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
  return segments.reduce((path, segment) => (/^\d+$/.test(segment) ? `${path}[${segment}]` : path ? `${path}.${segment}` : segment), "");
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return "nothing (an empty file or value)";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return `${typeof value} ${JSON.stringify(value)}`;
}

const TYPE_NAMES: Record<string, string> = { object: "a mapping", array: "a list", string: "a string", boolean: "true or false", integer: "a whole number" };

function messageFor(error: ErrorObject): string {
  const { keyword, params, data, parentSchema } = error as ErrorObject & { data?: unknown; parentSchema?: Record<string, unknown> };
  switch (keyword) {
    case "additionalProperties": {
      const key = (params as { additionalProperty: string }).additionalProperty;
      const allowed = error.instancePath === "" ? TOP_KEYS : error.instancePath === "/rateLimit" ? ["toolCallsPerMinute"] : TENANT_KEYS;
      return `unknown setting '${key}' (allowed: ${allowed.join(", ")})`;
    }
    case "propertyNames":
      return `'${(params as { propertyName: string }).propertyName}' is not a tenant ID: use the GUID of the Microsoft Entra tenant, e.g. 00000000-0000-0000-0000-000000000000`;
    case "type":
      return `must be ${TYPE_NAMES[(params as { type: string }).type] ?? (params as { type: string }).type}, got ${describeValue(data)}`;
    case "enum":
      return unknownTool(String(data), (params as { allowedValues: string[] }).allowedValues);
    case "pattern":
      return `must be ${String(parentSchema?.["x-kind"] ?? "a GUID")}, a GUID such as 00000000-0000-0000-0000-000000000000 (got '${String(data)}')`;
    case "required":
      return `${(params as { missingProperty: string }).missingProperty} is required`;
    case "minimum":
    case "maximum":
      return `must be ${keyword === "minimum" ? "at least" : "at most"} ${(params as { limit: number }).limit}, got ${String(data)}`;
    default:
      return error.message ?? "is invalid";
  }
}

function unknownTool(name: string, known: readonly string[]): string {
  const closest = known.map((tool) => ({ tool, distance: editDistance(name, tool) })).sort((a, b) => a.distance - b.distance)[0];
  const hint = closest && closest.distance <= 3 ? ` (did you mean '${closest.tool}'?)` : ` (known tools: ${known.join(", ")})`;
  return `unknown tool '${name}'${hint}`;
}

/** Levenshtein distance, for the "did you mean" hint on a mistyped tool name. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row.push(Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1)));
    }
    previous = row;
  }
  return previous[b.length] ?? 0;
}
