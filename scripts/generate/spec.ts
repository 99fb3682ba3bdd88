// Loads spec/tools.yaml and the Graph contract, validates both, and cross-checks their references.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js";
import { parse } from "yaml";
import { CONTRACT_PATH, OPERATIONS_PATH, contractFromOperations } from "../contract/assemble.js";
import type { JsonSchema } from "../contract/schemas.js";

export type ScopeSets = string[][];

export interface DeclarativeCall {
  operation: string;
  as: string;
  optional?: boolean;
  query?: Record<string, string | number | boolean>;
}

export interface ToolSpec {
  name: string;
  title: string;
  description: string;
  annotations: Record<string, boolean>;
  scopes: ScopeSets;
  strategies?: Record<string, ScopeSets>;
  input: JsonSchema;
  output: JsonSchema;
  graph: string[];
  handler?: string;
  declarative?: { calls: DeclarativeCall[]; result: JsonSchema; markdown: JsonSchema };
}

export interface ContractOperation {
  operationId: string;
  method: "GET" | "POST";
  path: string;
  operation: JsonSchema;
}

export interface LoadedSpec {
  tools: ToolSpec[];
  contract: JsonSchema;
  operations: Map<string, ContractOperation>;
}

export class SpecError extends Error {}

function describeError(tools: unknown, error: ErrorObject): string {
  const [, index, ...rest] = error.instancePath.split("/");
  const tool = Array.isArray(tools) && index !== undefined ? (tools[Number(index)] as { name?: unknown } | undefined) : undefined;
  const where = typeof tool?.name === "string" ? `tool ${tool.name}` : index !== undefined ? `tool #${index}` : "tools file";
  const field = rest.length ? rest.join(".") : "(root)";
  const params = error.params as Record<string, unknown>;
  const extra = params["additionalProperty"] ?? params["missingProperty"];
  return `${where}: ${field} ${error.message ?? "is invalid"}${typeof extra === "string" ? ` (${extra})` : ""}`;
}

async function readYaml(path: string): Promise<JsonSchema> {
  try {
    return parse(await readFile(path, "utf8")) as JsonSchema;
  } catch (error) {
    throw new SpecError(`${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export async function loadSpec(): Promise<LoadedSpec> {
  const [meta, toolsFile, contract, operationsFile] = await Promise.all([
    readYaml("spec/tools.schema.yaml"),
    readYaml("spec/tools.yaml"),
    readYaml(CONTRACT_PATH),
    readYaml(OPERATIONS_PATH),
  ]);
  const validate = new Ajv2020({ allErrors: true, strict: false }).compile(meta);
  if (!validate(toolsFile)) {
    const messages = (validate.errors ?? []).filter((e) => e.keyword !== "oneOf" && e.keyword !== "if").map((e) => describeError(toolsFile["tools"], e));
    throw new SpecError(`spec/tools.yaml is invalid:\n  ${[...new Set(messages)].join("\n  ")}`);
  }
  const { document } = contractFromOperations(operationsFile);
  if (JSON.stringify(document["paths"]) !== JSON.stringify(contract["paths"])) {
    throw new SpecError(`${CONTRACT_PATH} does not match ${OPERATIONS_PATH}: run npm run contract -- <path to v1.0.csdl>`);
  }
  const operations = new Map<string, ContractOperation>();
  for (const [path, item] of Object.entries(contract["paths"] as Record<string, Record<string, JsonSchema>>)) {
    for (const [method, operation] of Object.entries(item)) {
      const operationId = operation["operationId"] as string;
      operations.set(operationId, { operationId, method: method.toUpperCase() as "GET" | "POST", path, operation });
    }
  }
  const tools = toolsFile["tools"] as ToolSpec[];
  crossCheck(tools, operations);
  return { tools, contract, operations };
}

/** A null in a schema is almost always an unquoted comma in a YAML flow mapping that split a description. */
function nullsIn(node: unknown, path: string, into: string[]): void {
  if (node === null) into.push(path);
  else if (typeof node === "object") for (const [key, value] of Object.entries(node)) nullsIn(value, `${path}.${key}`, into);
}

function crossCheck(tools: ToolSpec[], operations: Map<string, ContractOperation>): void {
  const problems: string[] = [];
  for (const tool of tools) {
    const nulls: string[] = [];
    nullsIn(tool.input, "input", nulls);
    nullsIn(tool.output, "output", nulls);
    for (const path of nulls) problems.push(`tool ${tool.name}: ${path} is null (quote text that contains a comma in a { … } mapping)`);
  }
  const names = new Set<string>();
  for (const tool of tools) {
    if (names.has(tool.name)) problems.push(`tool ${tool.name}: name is used twice`);
    names.add(tool.name);
    for (const op of tool.graph) if (!operations.has(op)) problems.push(`tool ${tool.name}: graph names ${op}, which is not an operation of the contract`);
    for (const call of tool.declarative?.calls ?? []) {
      if (!tool.graph.includes(call.operation)) problems.push(`tool ${tool.name}: declarative.calls uses ${call.operation}, which is not listed in graph`);
    }
    const declared = new Set(tool.scopes.map((set) => [...set].sort().join(" ")));
    for (const [strategy, sets] of Object.entries(tool.strategies ?? {})) {
      for (const set of sets) {
        if (!declared.has([...set].sort().join(" "))) problems.push(`tool ${tool.name}: strategies.${strategy} has [${set.join(", ")}], which is not one of its scopes`);
      }
    }
    if (tool.handler && !existsSync(`src/tools/${tool.handler}.ts`)) problems.push(`tool ${tool.name}: handler src/tools/${tool.handler}.ts does not exist`);
  }
  if (problems.length) throw new SpecError(`spec/tools.yaml is inconsistent:\n  ${problems.join("\n  ")}`);
}
