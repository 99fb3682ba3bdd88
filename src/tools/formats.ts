// The JSON Schema formats the tools' precompiled validators check (scripts/generate/tools.ts points ajv here).
// ajv-formats' own, except date-time: RFC 3339 allows a leap second (23:59:60), which JavaScript's Date cannot
// hold, so a value the schema passed would become an Invalid Date deep inside a tool. The edge refuses it instead.
import { fullFormats } from "ajv-formats/dist/formats.js";

interface StringFormat {
  validate: (value: string) => boolean;
  compare: (a: string, b: string) => number | undefined;
}

const isStringFormat = (format: unknown): format is StringFormat =>
  typeof (format as Partial<StringFormat> | undefined)?.validate === "function" && typeof (format as Partial<StringFormat>).compare === "function";

const rfc3339 = fullFormats["date-time"];
if (!isStringFormat(rfc3339)) throw new Error("ajv-formats no longer defines date-time as a validate/compare pair");

export default {
  ...fullFormats,
  "date-time": { validate: (value: string): boolean => rfc3339.validate(value) && Number.isFinite(Date.parse(value)), compare: rfc3339.compare },
};
