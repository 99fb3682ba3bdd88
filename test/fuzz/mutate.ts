// Mutations of valid arguments. Each is plain data (what it did, to which key, with what value), so a counterexample
// reads as the steps that built it, and applying them is a pure function of the valid arguments.
import fc from "fast-check";
import { anyJson, edgeNumber, edgeString, hugeString, HOSTILE_KEYS, NUMBER_LIKE, nearMiss, nested, pollutingValue, withEdge, withOwn } from "./hostile.js";
import type { JsonSchema } from "./schema-arbitrary.js";

export type Mutation = { op: string; key: string; value: unknown } | { op: "drop"; key: string };

/** Deeper than this and the server refuses the whole request (MAX_JSON_DEPTH 64, arguments sitting at depth 3). */
const DEEPEST_ARGUMENT = 61;

/** Date-times that are malformed, impossible, or at the edges of what a Date holds. */
const EDGE_DATES: readonly string[] = [
  "2026-02-30T00:00:00Z", "2026-12-01T24:00:00Z", "2026-12-31T23:59:60Z", "2026-12-01T00:00:00", "2026-12-01", "2026-12-01 00:00:00Z", "2026-12-01t00:00:00z",
  "9999-12-31T23:59:59Z", "0000-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "+275760-09-13T00:00:00Z", "-000001-01-01T00:00:00Z", "1970-01-01T00:00:00Z",
  "2026-12-01T00:00:00+25:00", "2026-12-01T00:00:00+23:59", "2026-12-01T00:00:00-23:59", "2026-12-01T00:00:00.123456789Z", "2026-W48-1", "P1D", "now", "1764547200",
];

const typeOf = (schema: JsonSchema | undefined): string => schema?.type ?? "any";

/** A value of any JSON type but the one the schema asks for. */
function wrongType(schema: JsonSchema | undefined): fc.Arbitrary<unknown> {
  const byType: Record<string, fc.Arbitrary<unknown>> = {
    string: edgeString,
    integer: fc.oneof(fc.integer(), fc.double({ noNaN: true })),
    boolean: fc.boolean(),
    array: fc.array(anyJson, { maxLength: 3 }),
    object: fc.dictionary(fc.string({ maxLength: 8 }), anyJson, { maxKeys: 3 }),
    null: fc.constant(null),
  };
  const want = typeOf(schema);
  return fc.oneof(...Object.entries(byType).filter(([type]) => type !== want && !(want === "integer" && type === "number")).map(([, arbitrary]) => arbitrary));
}

/** Values aimed at the one property: its type, bounds, format and text handling. */
function valueMutation(key: string, schema: JsonSchema | undefined, current: unknown): fc.Arbitrary<Mutation> {
  const set = (op: string, value: fc.Arbitrary<unknown>): fc.Arbitrary<Mutation> => value.map((v) => ({ op, key, value: v }));
  const options: Array<fc.Arbitrary<Mutation>> = [
    set("wrongType", wrongType(schema)),
    set("edgeString", edgeString),
    set("huge", hugeString(schema?.maxLength)),
    set("numberLike", fc.constantFrom(...NUMBER_LIKE)),
    set("polluting", pollutingValue),
    set("deep", fc.tuple(fc.integer({ min: 1, max: DEEPEST_ARGUMENT }), fc.boolean()).map(([levels, arrays]) => nested(levels, arrays))),
  ];
  if (typeof current === "string") options.push(set("edgeInside", withEdge(current)));
  if (schema?.type === "integer" || schema?.type === "number") options.push(set("edgeNumber", edgeNumber(schema.minimum, schema.maximum)));
  if (schema?.format === "date-time" || /date|after|before/i.test(key)) options.push(set("edgeDate", fc.constantFrom(...EDGE_DATES)));
  if (schema?.type === "array") {
    const item = schema.items;
    options.push(set("edgeItems", fc.array(fc.oneof(edgeString, wrongType(item), hugeString(item?.maxLength)), { minLength: 1, maxLength: 3 })));
    options.push(set("tooManyItems", fc.integer({ min: (schema.maxItems ?? 20) + 1, max: (schema.maxItems ?? 20) + 30 }).map((n) => Array.from({ length: n }, (_, i) => `item${i}@contoso.com`))));
  }
  return fc.oneof(...options);
}

/** Mutations for one tool's arguments, given its schema and a valid instance. */
export function mutationArbitrary(schema: JsonSchema, args: Record<string, unknown>): fc.Arbitrary<Mutation> {
  const properties = schema.properties ?? {};
  const names = Object.keys(properties);
  const options: Array<fc.Arbitrary<Mutation>> = [
    // Unknown and hostile property names, and near-misses of real ones.
    fc.tuple(fc.constantFrom(...HOSTILE_KEYS, ...names.flatMap(nearMiss), "extra"), fc.oneof(anyJson, pollutingValue)).map(([key, value]) => ({ op: "extraKey", key, value })),
  ];
  if (names.length > 0) {
    const name = fc.constantFrom(...names);
    options.push(name.chain((key) => valueMutation(key, properties[key], args[key])));
    options.push(name.map((key) => ({ op: "drop", key })));
    options.push(name.map((key) => ({ op: "null", key, value: null })));
  }
  return fc.oneof(...options);
}

/** The arguments after the mutations, in order; keys such as __proto__ become own properties, as JSON.parse makes them. */
export function applyMutations(args: Record<string, unknown>, mutations: readonly Mutation[]): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(args)) withOwn(result, key, value);
  for (const mutation of mutations) {
    if (mutation.op === "drop") Reflect.deleteProperty(result, mutation.key);
    else if ("value" in mutation) withOwn(result, mutation.key, mutation.value);
  }
  return result;
}
