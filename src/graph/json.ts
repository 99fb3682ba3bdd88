// Narrowing for the parts of Graph JSON that no SDK model describes (search hit resources): a field is used
// only when it has the expected shape.

export type JsonObject = Record<string, unknown>;

export const jsonObject = (value: unknown): JsonObject | undefined =>
  value !== null && typeof value === "object" && !Array.isArray(value) ? (value as JsonObject) : undefined;

/** A non-empty string, or undefined. */
export const jsonText = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);
