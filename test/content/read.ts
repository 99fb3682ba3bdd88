// Loads a committed fixture (written by scripts/make-fixtures.ts) and extracts it.
import { readFileSync } from "node:fs";
import { extractText, type ExtractionLimits, type Extracted } from "../../src/content/extract.js";

export function fixture(name: string): Uint8Array {
  return readFileSync(new URL(`../fixtures/files/${name}`, import.meta.url));
}

export function extractFixture(name: string, limits?: Partial<ExtractionLimits>, mimeType?: string): Promise<Extracted> {
  return extractText(fixture(name), { name, mimeType }, { limits });
}

/** The ExtractionError message the promise rejects with; fails when it resolves or throws something else. */
export async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error && error.name === "ExtractionError") return error.message;
    throw error;
  }
  throw new Error("expected an ExtractionError, but extraction succeeded");
}
