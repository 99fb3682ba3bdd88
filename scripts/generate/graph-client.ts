// Emits generated/graph-client.ts: one typed function per contract operation, sent through src/graph/client.ts.
import type { JsonSchema } from "../contract/schemas.js";
import type { ContractOperation } from "./spec.js";
import { HEADER } from "./header.js";

interface Parameter {
  name: string;
  in: "path" | "query" | "header";
}

function resolveParameters(contract: JsonSchema, operation: JsonSchema): Parameter[] {
  const shared = ((contract["components"] as JsonSchema)["parameters"] ?? {}) as Record<string, Parameter>;
  return ((operation["parameters"] ?? []) as Array<Parameter | { $ref: string }>).map((p) => {
    if (!("$ref" in p)) return p;
    const resolved = shared[p.$ref.split("/").pop() ?? ""];
    if (!resolved) throw new Error(`unresolved parameter ${p.$ref}`);
    return resolved;
  });
}

const identifier = (name: string): string => name.replace(/^\$/, "").replace(/[-.](\w)/g, (_, c: string) => c.toUpperCase());
const templateName = (name: string): string => name.replace(/\$/g, "%24");

/** Graph answers these (a file's /content) with a redirect to another host: the client returns the Location, unfollowed. */
const answersWithRedirect = (operation: JsonSchema): boolean => "302" in (operation["responses"] as JsonSchema);

/** Anchored pattern of the operation's path, so a paging cursor can be held to its own path family. */
function pathPattern(path: string): string {
  const escaped = path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "[^/]+");
  return `^/v1\\.0${escaped}$`;
}

export function emitGraphClient(contract: JsonSchema, operations: ContractOperation[]): string {
  const functions: string[] = [];
  const table: string[] = [];
  for (const { operationId, method, path, operation } of operations) {
    const parameters = resolveParameters(contract, operation);
    const query = parameters.filter((p) => p.in === "query");
    const pathParams = parameters.filter((p) => p.in === "path");
    const headers = parameters.filter((p) => p.in === "header");
    const urlPath = path.replace(/\{([^}]+)\}/g, (_, name: string) => `{${identifier(name)}}`);
    const urlTemplate = `${urlPath}${query.length ? `{?${query.map((p) => templateName(p.name)).join(",")}}` : ""}`;
    const redirect = answersWithRedirect(operation);
    const returns = redirect ? "string" : `OkJson<"${operationId}">`;
    const resource = typeof operation["x-resource"] === "string" ? operation["x-resource"] : "this resource";
    const lines = [
      `  operationId: "${operationId}",`,
      `  method: "${method}",`,
      `  urlTemplate: "${urlTemplate}",`,
      `  resource: ${JSON.stringify(resource)},`,
    ];
    if (pathParams.length) lines.push(`  pathParameters: { ${pathParams.map((p) => `${identifier(p.name)}: params.path["${p.name}"]`).join(", ")} },`);
    if (query.length) lines.push(`  queryParameters: { ${query.map((p) => `"${templateName(p.name)}": params.query?.["${p.name}"]`).join(", ")} },`);
    if (headers.length) lines.push(`  headers: { ${headers.map((p) => `"${p.name}": params.header?.["${p.name}"]`).join(", ")} },`);
    if (operation["requestBody"]) lines.push(`  body: params.body,`);
    const paramsType = operation["requestBody"] ? `Params<"${operationId}"> & { body: JsonBody<"${operationId}"> }` : `Params<"${operationId}">`;
    const send = redirect ? "graph.redirectTarget(call)" : `graph.sendJson<${returns}>(call)`;
    functions.push(
      `/** ${typeof operation["summary"] === "string" ? operation["summary"] : operationId} */\n` +
        `export function ${operationId}(graph: GraphClient, params: ${paramsType}, nextLink?: string): Promise<${returns} | undefined> {\n` +
        `  const call: GraphCall = {\n  ${lines.join("\n  ")}\n    ...(nextLink ? { nextLink } : {}),\n  };\n` +
        `  return ${send};\n}\n`,
    );
    table.push(`  ${operationId}: { pathPattern: /${pathPattern(path).replace(/\//g, "\\/")}/, call: ${operationId} as GenericOperation },`);
  }
  return `${HEADER}import type { GraphCall, GraphClient } from "../src/graph/client.js";
import type { operations } from "./graph-types.js";

type Params<K extends keyof operations> = operations[K]["parameters"];
type OkJson<K extends keyof operations> = operations[K]["responses"] extends { 200: { content: { "application/json": infer T } } } ? T : never;
type JsonBody<K extends keyof operations> = operations[K]["requestBody"] extends { content: { "application/json": infer T } } | undefined ? T : never;

/** Any operation, for callers (the declarative runner) that hold the operation id as data. */
export type GenericOperation = (graph: GraphClient, params: { path?: Record<string, string>; query?: Record<string, unknown>; header?: Record<string, string> }, nextLink?: string) => Promise<unknown>;

${functions.join("\n")}
export type OperationId = keyof typeof graphOperations;

export const graphOperations = {
${table.join("\n")}
} as const;
`;
}
