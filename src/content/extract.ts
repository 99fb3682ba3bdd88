// Text extraction from downloaded files, run in a worker thread with a heap cap and a hard timeout so a hostile file
// (ZIP bomb, huge sheet, pathological PDF) costs one terminated worker, never the server. The readers are in run.ts.
import { ExtractionError } from "./errors.js";
import { extractableFormat } from "./formats.js";
import { DEFAULT_LIMITS, type ExtractionLimits } from "./limits.js";
import { runInWorker } from "./pool.js";

export { ExtractionError } from "./errors.js";
export { extractableFormat, SUPPORTED_EXTENSIONS } from "./formats.js";
export { DEFAULT_LIMITS, type ExtractionLimits } from "./limits.js";
export { closeExtractionWorkers, extractionWorkers } from "./pool.js";

export interface Extracted {
  format: string;
  /** Markdown. */
  text: string;
  /** What the reader should know about the text, e.g. that a sheet was truncated. */
  notes: string[];
}

export interface ExtractOptions {
  limits?: Partial<ExtractionLimits>;
  signal?: AbortSignal;
}

const FORMAT_NAMES: Record<string, string> = {
  docx: "Word document", xlsx: "Excel workbook", pptx: "PowerPoint presentation", pdf: "PDF", html: "web page",
  csv: "CSV file", json: "JSON file", xml: "XML file", txt: "text file", md: "markdown file", eml: "email message",
};

/** Reads the text of a file whose format extractableFormat() named; bad or hostile files raise ExtractionError. */
export async function extractText(bytes: Uint8Array, file: { name: string; mimeType?: string }, options: ExtractOptions = {}): Promise<Extracted> {
  const format = extractableFormat(file);
  const label = file.name;
  if (!format) throw new ExtractionError(`Reading the text of '${label}' is not supported: only Word, Excel and PowerPoint files (.docx, .xlsx, .pptx), PDF, HTML, text, markdown, CSV, JSON, XML and .eml files can be read. Open it in the browser instead.`, { code: "unsupported_format" });
  if (bytes.byteLength === 0) return { format, text: "", notes: ["The file is empty."] };
  options.signal?.throwIfAborted();
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  // The worker gets its own copy, so the caller's buffer stays usable (Buffer's slice() would share its memory).
  const reply = await runInWorker({ format, bytes: new Uint8Array(bytes), label, limits }, limits.timeoutMs, options.signal);
  if (reply.ok) return { format, text: reply.text, notes: reply.notes };
  if (reply.expected) throw new ExtractionError(reply.message, reply.failure);
  throw new ExtractionError(`'${label}' could not be read as a ${FORMAT_NAMES[format] ?? format}: it may be damaged. Open it in the browser instead.`, { code: "reader_failed" });
}
