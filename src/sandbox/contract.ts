// The Graph contract as an oracle for simulated Graph (tests and the sandbox): matches requests to operations and
// validates the requests the server sends and the bodies the simulation returns.
import { existsSync, readFileSync } from "node:fs";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import ajvFormatsModule from "ajv-formats";
import { parse } from "yaml";

type Json = Record<string, unknown>;

/** The package's spec/graph/contract.yaml: two folders up from src/sandbox, one from the compiled bundle in dist/. */
function contractFile(): URL {
  for (let dir = new URL(".", import.meta.url); ; dir = new URL("..", dir)) {
    const file = new URL("spec/graph/contract.yaml", dir);
    if (existsSync(file)) return file;
    if (dir.pathname === "/") throw new Error(`spec/graph/contract.yaml is not in any folder above ${import.meta.url}`);
  }
}

interface Parameter {
  name: string;
  in: "path" | "query" | "header";
  required?: boolean;
  schema: Json;
}

export interface ContractOperation {
  operationId: string;
  method: string;
  path: string;
  regex: RegExp;
  parameters: Parameter[];
  requestBody?: Json;
  responses: Record<string, Json | undefined>;
}

export interface MatchedRequest {
  operation: ContractOperation;
  pathParams: Record<string, string>;
}

const BASE = "https://contract.local/";

function absoluteRefs<T>(node: T): T {
  if (Array.isArray(node)) return node.map(absoluteRefs) as T;
  if (node && typeof node === "object") {
    return Object.fromEntries(
      Object.entries(node).map(([k, v]) => [k, k === "$ref" && typeof v === "string" && v.startsWith("#/") ? BASE + v : absoluteRefs(v)]),
    ) as T;
  }
  return node;
}

function templateRegex(path: string): RegExp {
  let source = "";
  for (const part of path.split(/(\{[^}]+\})/)) {
    source += part.startsWith("{") ? `(?<${part.slice(1, -1).replace(/\W/g, "_")}>[^/]+?)` : part.replace(/[.*+?^$()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^/v1\\.0${source}$`);
}

export class GraphContract {
  readonly operations: ContractOperation[] = [];
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly validators = new Map<string, ValidateFunction>();
  readonly document: Json;

  constructor(path: URL = contractFile()) {
    this.document = parse(readFileSync(path, "utf8")) as Json;
    ajvFormatsModule.default(this.ajv);
    const components = absoluteRefs(this.document["components"] as Json);
    this.ajv.addSchema({ $id: BASE, components });
    const shared = components as { parameters?: Record<string, Parameter>; responses?: Record<string, Json> };
    for (const [path, item] of Object.entries(this.document["paths"] as Record<string, Record<string, Json>>)) {
      for (const [method, op] of Object.entries(item)) {
        const raw = absoluteRefs(op);
        const parameters = ((raw["parameters"] ?? []) as Array<Parameter | { $ref: string }>).map((p) =>
          "$ref" in p ? (shared.parameters?.[p.$ref.split("/").pop() ?? ""] as Parameter) : p,
        );
        const responses: Record<string, Json | undefined> = {};
        for (const [status, response] of Object.entries((raw["responses"] ?? {}) as Record<string, Json>)) {
          const resolved = typeof response["$ref"] === "string" ? shared.responses?.[response["$ref"].split("/").pop() ?? ""] : response;
          responses[status] = ((resolved?.["content"] as Json | undefined)?.["application/json"] as Json | undefined)?.["schema"] as Json | undefined;
        }
        const body = ((raw["requestBody"] as Json | undefined)?.["content"] as Json | undefined)?.["application/json"] as Json | undefined;
        this.operations.push({
          operationId: raw["operationId"] as string,
          method: method.toUpperCase(),
          path,
          regex: templateRegex(path),
          parameters,
          ...(body ? { requestBody: body["schema"] as Json } : {}),
          responses,
        });
      }
    }
    // Literal paths win over templated ones.
    this.operations.sort((a, b) => (a.path.match(/\{/g)?.length ?? 0) - (b.path.match(/\{/g)?.length ?? 0));
  }

  operation(operationId: string): ContractOperation {
    const op = this.operations.find((o) => o.operationId === operationId);
    if (!op) throw new Error(`no contract operation ${operationId}`);
    return op;
  }

  match(method: string, pathname: string): MatchedRequest | undefined {
    for (const operation of this.operations) {
      if (operation.method !== method) continue;
      const m = operation.regex.exec(pathname);
      if (!m) continue;
      const pathParams: Record<string, string> = {};
      for (const p of operation.parameters.filter((x) => x.in === "path")) {
        pathParams[p.name] = decodeURIComponent(m.groups?.[p.name.replace(/\W/g, "_")] ?? "");
      }
      return { operation, pathParams };
    }
    return undefined;
  }

  private validator(key: string, schema: Json): ValidateFunction {
    let v = this.validators.get(key);
    if (!v) {
      v = this.ajv.compile(schema);
      this.validators.set(key, v);
    }
    return v;
  }

  private check(key: string, schema: Json, value: unknown, what: string): string[] {
    const validate = this.validator(key, schema);
    if (validate(value)) return [];
    return (validate.errors ?? []).map((e) => `${what}${e.instancePath} ${e.message ?? "invalid"} ${JSON.stringify(e.params)}`);
  }

  /** Problems with a request the server sent: unknown or ill-typed query options, missing headers, a bad body. */
  checkRequest(match: MatchedRequest, url: URL, headers: Headers, body: unknown): string[] {
    const { operation } = match;
    const problems: string[] = [];
    const declared = new Map(operation.parameters.filter((p) => p.in === "query").map((p) => [p.name, p]));
    for (const [name, value] of url.searchParams) {
      const parameter = declared.get(name);
      if (!parameter) {
        problems.push(`query option ${name} is not in the contract for ${operation.operationId}`);
        continue;
      }
      const type = parameter.schema["type"];
      const typed = type === "integer" || type === "number" ? Number(value) : type === "boolean" ? (value === "true" ? true : value === "false" ? false : value) : value;
      problems.push(...this.check(`${operation.operationId}?${name}`, parameter.schema, typed, `query ${name}`));
    }
    for (const parameter of operation.parameters.filter((p) => p.required)) {
      if (parameter.in === "query" && !url.searchParams.has(parameter.name)) problems.push(`required query option ${parameter.name} is missing`);
      if (parameter.in === "header" && !headers.has(parameter.name)) problems.push(`required header ${parameter.name} is missing`);
      if (parameter.in === "header" && headers.has(parameter.name)) {
        problems.push(...this.check(`${operation.operationId}#${parameter.name}`, parameter.schema, headers.get(parameter.name), `header ${parameter.name}`));
      }
    }
    if (operation.requestBody) problems.push(...this.check(`${operation.operationId}:body`, operation.requestBody, body, "request body"));
    else if (body !== undefined) problems.push(`${operation.operationId} takes no request body`);
    return problems;
  }

  /** Problems with a mock's response body for the given status. */
  checkResponse(operation: ContractOperation, status: number, body: unknown): string[] {
    const key = operation.responses[String(status)] ? String(status) : "default";
    const schema = operation.responses[key];
    if (!schema) return [`${operation.operationId} declares no response for status ${status}`];
    return this.check(`${operation.operationId}:${key}`, schema, body, `response ${status}`);
  }
}
