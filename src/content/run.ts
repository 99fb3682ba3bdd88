// Picks the reader for a format and turns what it wrote into the result; runs inside the extraction worker.
import type { FormatReader } from "./context.js";
import { ExtractionError } from "./errors.js";
import type { ExtractionLimits } from "./limits.js";
import { Output } from "./output.js";

/** Readers load on demand, so a worker reading a CSV never loads PDFium. */
const READERS: Record<string, () => Promise<FormatReader>> = {
  docx: async () => (await import("./docx.js")).readDocx,
  xlsx: async () => (await import("./xlsx.js")).readXlsx,
  pptx: async () => (await import("./pptx.js")).readPptx,
  pdf: async () => (await import("./pdf.js")).readPdf,
  html: async () => (await import("./html.js")).readHtml,
  // Not a file format: extractableFormat never names it, only htmlText does.
  "html-text": async () => (await import("./html.js")).readHtmlText,
  csv: async () => (await import("./csv.js")).readCsv,
  json: async () => (await import("./plain.js")).readJson,
  xml: async () => (await import("./plain.js")).readXmlFile,
  txt: async () => (await import("./plain.js")).readPlain,
  md: async () => (await import("./plain.js")).readPlain,
  eml: async () => (await import("./eml.js")).readEml,
};

export interface RunResult {
  text: string;
  notes: string[];
}

export async function runReader(format: string, bytes: Uint8Array, label: string, limits: ExtractionLimits): Promise<RunResult> {
  const load = READERS[format];
  if (!load) throw new ExtractionError(`Reading text from '${label}' is not supported.`, { code: "unsupported_format" });
  const reader = await load();
  const out = new Output(limits.maxOutputChars);
  await reader(bytes, { label, format, limits, out });
  const text = out.text();
  return { text, notes: out.notes };
}
