import type { ExtractionLimits } from "./limits.js";
import type { Output } from "./output.js";

/** What one format reader gets: the file's name for messages, the bounds, and where the markdown goes. */
export interface ReadContext {
  label: string;
  format: string;
  limits: ExtractionLimits;
  out: Output;
}

export type FormatReader = (bytes: Uint8Array, ctx: ReadContext) => Promise<void>;
