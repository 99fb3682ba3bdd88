// Arguments that satisfy a tool's input JSON Schema, built from the schema the generated registry serves. Only the
// keywords the tool specs use are understood; any other keyword throws, so a spec change cannot silently narrow
// what the fuzzer generates.
import fc from "fast-check";

export interface JsonSchema {
  type?: "object" | "string" | "integer" | "number" | "boolean" | "array";
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean;
  items?: JsonSchema;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  format?: string;
  enum?: unknown[];
}

/** Keywords that only document the schema, and the ones this module generates from. */
const ANNOTATIONS = new Set(["description", "title", "default", "examples"]);
const UNDERSTOOD = new Set(["type", "properties", "required", "additionalProperties", "items", "minLength", "maxLength", "minimum", "maximum", "minItems", "maxItems", "pattern", "format", "enum"]);
const FORMATS = new Set(["date-time"]);

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** The schema as this module reads it, after checking every keyword in it (recursively) is one it understands. */
export function readSchema(raw: unknown, path = "#"): JsonSchema {
  if (!isRecord(raw)) throw new Error(`${path}: a schema must be an object`);
  for (const key of Object.keys(raw)) {
    if (!UNDERSTOOD.has(key) && !ANNOTATIONS.has(key)) throw new Error(`${path}: the fuzzer does not understand the schema keyword "${key}"`);
  }
  if (typeof raw["format"] === "string" && !FORMATS.has(raw["format"])) throw new Error(`${path}: the fuzzer does not understand the format "${raw["format"]}"`);
  const properties = raw["properties"];
  if (properties !== undefined && !isRecord(properties)) throw new Error(`${path}/properties: must be an object`);
  for (const [name, child] of Object.entries(properties ?? {})) readSchema(child, `${path}/properties/${name}`);
  if (raw["items"] !== undefined) readSchema(raw["items"], `${path}/items`);
  return raw;
}

/** Extra, realistic values for a property, by its name: words the seeded tenant answers to, real uris and cursors. */
export type Vocabulary = (property: string) => fc.Arbitrary<unknown> | undefined;

const DAY_MS = 86_400_000;
const OFFSETS = ["Z", "Z", "+00:00", "+01:00", "-08:00", "+05:30", "+14:00", "-12:00", "+09:45"];

/** An ISO 8601 date-time with an offset, within two months of `now` (where the seeded data is). */
export function dateTimeArbitrary(now: Date): fc.Arbitrary<string> {
  const around = fc.integer({ min: -60 * DAY_MS, max: 60 * DAY_MS }).map((delta) => Math.floor((now.getTime() + delta) / 60_000) * 60_000);
  return fc.tuple(around, fc.constantFrom(...OFFSETS), fc.boolean()).map(([time, offset, millis]) => {
    const minutes = offset === "Z" ? 0 : (offset.startsWith("-") ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
    const local = new Date(time + minutes * 60_000).toISOString().slice(0, millis ? 23 : 19);
    return `${local}${offset}`;
  });
}

function stringArbitrary(schema: JsonSchema, now: Date, extra: fc.Arbitrary<unknown> | undefined): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0;
  const maxLength = schema.maxLength ?? 200;
  // JSON Schema counts a string's length in code points.
  const fits = (value: unknown): value is string => typeof value === "string" && Array.from(value).length >= minLength && Array.from(value).length <= maxLength;
  if (schema.format === "date-time") return dateTimeArbitrary(now);
  if (schema.pattern !== undefined) {
    const pattern = new RegExp(schema.pattern, "u");
    const matching = fc.stringMatching(pattern).filter(fits);
    // Realistic values that fit the pattern too, so a required date bound can name a window near the seeded data.
    return extra ? fc.oneof({ arbitrary: extra.filter((v): v is string => fits(v) && pattern.test(v)), weight: 3 }, { arbitrary: matching, weight: 1 }) : matching;
  }
  const generic = fc.string({ unit: "grapheme", minLength, maxLength: Math.min(maxLength, Math.max(minLength, 40)) }).filter(fits);
  return extra ? fc.oneof({ arbitrary: extra.filter(fits), weight: 3 }, { arbitrary: generic, weight: 1 }) : generic;
}

/** Values valid against `schema`; `property` names the value for the vocabulary. */
export function valueArbitrary(schema: JsonSchema, vocabulary: Vocabulary, now: Date, property = ""): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const extra = vocabulary(property);
  switch (schema.type) {
    case "string":
      return stringArbitrary(schema, now, extra);
    case "integer":
      return fc.integer({ min: schema.minimum ?? -1_000_000, max: schema.maximum ?? 1_000_000 });
    case "number":
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true });
    case "boolean":
      return fc.boolean();
    case "array": {
      const items = valueArbitrary(schema.items ?? {}, vocabulary, now, property);
      return fc.array(items, { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 5, 5) });
    }
    case "object":
      return objectArbitrary(schema, vocabulary, now);
    case undefined:
      return extra ?? fc.jsonValue({ maxDepth: 2 });
  }
}

/** Objects valid against an object schema: every required property, any subset of the optional ones. */
export function objectArbitrary(schema: JsonSchema, vocabulary: Vocabulary, now: Date): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  const model = Object.fromEntries(Object.entries(properties).map(([name, child]) => [name, valueArbitrary(child, vocabulary, now, name)]));
  return fc.record(model, { requiredKeys: (schema.required ?? []).filter((name) => name in properties) });
}
