// Runs a tool that the spec describes completely: Graph calls, a field mapping and a markdown layout.
import type { ValidateFunction } from "ajv";
import { graphOperations, type OperationId } from "../../generated/graph-client.js";
import { InvalidInput } from "../failure.js";
import { GraphError } from "../graph/errors.js";
import { openCursor } from "../graph/paging.js";
import { graphTime } from "./graph-models.js";
import { escapeMarkdown, fieldLines, formatValue, interpolate, nextPageLine } from "./markdown.js";
import { bindHandler, type BoundTool, type ToolContext, type ToolResult } from "./types.js";

type Expression = string | string[] | { uri: string } | { time: string };
type FieldMap = Record<string, Expression>;

export interface DeclarativeSpec {
  calls: Array<{ operation: string; as: string; optional?: boolean; query?: Record<string, string | number | boolean> }>;
  result: { fields: FieldMap } | { list: { property: string; from: string; item: FieldMap } };
  markdown: { title: string; itemTitle?: string; itemLink?: string; empty?: string };
}

type Scope = Record<string, unknown>;

function lookup(scope: unknown, path: string): unknown {
  let value: unknown = scope;
  for (const key of path.split(".")) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Scope)[key];
  }
  return value ?? undefined;
}

// An instant as Graph writes it: ISO 8601 with seconds and a UTC offset (wall-clock dateTime fields have no offset).
const GRAPH_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A Graph response with its instants in the one form tool output has always given them (2026-11-20T08:15:00.000Z,
 * whatever precision Graph sent); an instant that names no real time is left out.
 */
function withInstants(value: unknown): unknown {
  if (typeof value === "string") return GRAPH_INSTANT.test(value) ? graphTime(value)?.toISOString() : value;
  if (Array.isArray(value)) return value.map(withInstants);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, withInstants(v)]));
  return value;
}

// A time of day as Graph writes it (08:30:00.0000000, or 08:30).
const GRAPH_TIME_OF_DAY = /^(\d{2}:\d{2})(?::(\d{2})(?:\.\d+)?)?$/;

/** A Graph time of day as a person writes it: 08:30, or 08:30:15 when the seconds are not zero; anything else is left out. */
function timeOfDay(value: unknown): string | undefined {
  const match = typeof value === "string" ? GRAPH_TIME_OF_DAY.exec(value) : null;
  if (!match) return undefined;
  const [, minutes, seconds] = match;
  return seconds && seconds !== "00" ? `${minutes}:${seconds}` : minutes;
}

function evaluate(expression: Expression, scope: unknown): unknown {
  if (typeof expression === "string") return lookup(scope, expression);
  if (Array.isArray(expression)) return expression.map((path) => lookup(scope, path)).find((v) => v !== undefined);
  if ("time" in expression) return timeOfDay(lookup(scope, expression.time));
  const values = [...expression.uri.matchAll(/\{([^}]+)\}/g)].map(([, path]) => lookup(scope, path ?? ""));
  if (values.some((v) => v === undefined)) return undefined;
  let index = 0;
  return expression.uri.replace(/\{[^}]+\}/g, () => encodeURIComponent(formatValue(values[index++])));
}

function mapFields(map: FieldMap, scope: unknown): Scope {
  const out: Scope = {};
  for (const [name, expression] of Object.entries(map)) {
    const value = evaluate(expression, scope);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

function queryFor(query: Record<string, string | number | boolean> | undefined, input: Scope): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(query ?? {})) {
    const whole = typeof value === "string" ? /^\{input\.(\w+)\}$/.exec(value) : null;
    out[name] = whole ? input[whole[1] ?? ""] : value;
  }
  return out;
}

function operationOf(id: string): (typeof graphOperations)[OperationId] {
  if (!(id in graphOperations)) throw new Error(`unknown operation ${id}`);
  return graphOperations[id as OperationId];
}

async function runDeclarative(spec: DeclarativeSpec, input: Scope, ctx: ToolContext, outputSchema: object): Promise<ToolResult<Scope>> {
  const list = "list" in spec.result ? spec.result.list : undefined;
  const pagedAlias = list?.from.split(".")[0];
  const cursor = typeof input["cursor"] === "string" ? await openCursor(ctx, input["cursor"], spec.calls.map((c) => c.operation as OperationId)) : undefined;
  const results = await Promise.all(
    spec.calls.map(async (call) => {
      const operation = operationOf(call.operation);
      const nextLink = call.as === pagedAlias && cursor?.operation === call.operation ? cursor.nextLink : undefined;
      try {
        return [call.as, withInstants(await operation.call(ctx.graph, { query: queryFor(call.query, input) }, nextLink))] as const;
      } catch (error) {
        if (call.optional && error instanceof GraphError && error.status === 403) return [call.as, undefined] as const;
        throw error;
      }
    }),
  );
  const scope: Scope = { input, ...Object.fromEntries(results) };
  const schema = outputSchema as { properties?: Record<string, object> };
  if (!list) {
    const structured = mapFields((spec.result as { fields: FieldMap }).fields, scope);
    const title = interpolate(spec.markdown.title, structured);
    return { structured, markdown: [`## ${title}`, ...fieldLines(structured, schema)].join("\n") };
  }
  const page = scope[pagedAlias ?? ""] as Scope | undefined;
  const items = ((lookup(scope, list.from) as unknown[] | undefined) ?? []).map((item) => mapFields(list.item, item));
  const structured: Scope = { [list.property]: items };
  const nextLink = page?.["@odata.nextLink"];
  const pagedCall = spec.calls.find((c) => c.as === pagedAlias);
  if (typeof nextLink === "string" && pagedCall) structured["nextCursor"] = await ctx.cursors.seal({ operation: pagedCall.operation, nextLink });
  const itemSchema = (schema.properties?.[list.property] as { items?: object } | undefined)?.items ?? {};
  const skip = new Set([spec.markdown.itemTitle ?? "", spec.markdown.itemLink ?? ""]);
  const lines = items.map((item, index) => {
    const title = escapeMarkdown(formatValue(item[spec.markdown.itemTitle ?? ""] ?? `Item ${index + 1}`));
    const link = item[spec.markdown.itemLink ?? ""];
    const heading = typeof link === "string" ? `[${title}](${link})` : title;
    return [`${index + 1}. **${heading}**`, ...fieldLines(item, itemSchema, skip).map((l) => `   ${l}`)].join("\n");
  });
  const nextCursor = structured["nextCursor"];
  const more = typeof nextCursor === "string" ? ["", nextPageLine("More results", nextCursor)] : [];
  const body = lines.length ? lines : [spec.markdown.empty ?? "Nothing found."];
  return { structured, markdown: [`## ${interpolate(spec.markdown.title, structured)}`, ...body, ...more].join("\n") };
}

export function bindDeclarative<I>(validate: ValidateFunction<I>, validateOutput: ValidateFunction, spec: DeclarativeSpec, outputSchema: object): BoundTool {
  return bindHandler<I, Scope>(validate, validateOutput as ValidateFunction<Scope>, async (input, ctx) => {
    if (input === null || typeof input !== "object") throw new InvalidInput("Invalid arguments: expected an object.");
    return runDeclarative(spec, input as Scope, ctx, outputSchema);
  });
}
