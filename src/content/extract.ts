// Text extraction from downloaded files, run in a worker thread with a heap cap and a hard timeout so a hostile file
// (ZIP bomb, huge sheet, pathological PDF) costs one terminated worker, never the server. The readers are in run.ts.
import { ExtractionError } from "./errors.js";
import { extractableFormat } from "./formats.js";
import { htmlToMarkdown } from "./html.js";
import { DEFAULT_LIMITS, type ExtractionLimits } from "./limits.js";
import { extractionHeapMb, runInWorker } from "./pool.js";

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
  /**
   * The caller hands the bytes over: they move to the worker without a copy and are unusable (detached) afterwards.
   * A download is dropped once read, so copying it would only double what a read in progress holds.
   */
  transfer?: boolean;
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
  const limits = { ...DEFAULT_LIMITS, maxHeapMb: extractionHeapMb(), ...options.limits };
  // Unless handed over, the worker gets its own copy, so the caller's buffer stays usable (Buffer's slice() would share its memory).
  const reply = await runInWorker({ format, bytes: options.transfer ? bytes : new Uint8Array(bytes), label, limits }, limits.timeoutMs, options.signal);
  if (reply.ok) return { format, text: reply.text, notes: reply.notes };
  if (reply.expected) throw new ExtractionError(reply.message, reply.failure);
  throw new ExtractionError(`'${label}' could not be read as a ${FORMAT_NAMES[format] ?? format}: it may be damaged. Open it in the browser instead.`, { code: "reader_failed" });
}

/**
 * HTML up to this many characters is converted in place: at most about 15 ms of the event loop even for hostile
 * markup (measured: 64 K characters of unclosed tags took 60 ms). Anything longer goes to an extraction worker.
 */
export const INLINE_HTML_CHARS = 16_384;

/**
 * HTML that Graph sent (a mail, event or chat body, a page's web part) as text, through the same converter and
 * bounds as an HTML file: nesting depth, the output size, and for long HTML the worker's heap and timeout.
 * `label` names it in failures, e.g. "the body of this message".
 */
export async function htmlText(html: string, label: string, options: ExtractOptions = {}): Promise<Extracted> {
  if (html.length <= INLINE_HTML_CHARS) return { format: "html", text: htmlToMarkdown(html), notes: [] };
  options.signal?.throwIfAborted();
  const limits = { ...DEFAULT_LIMITS, maxHeapMb: extractionHeapMb(), ...options.limits };
  const reply = await runInWorker({ format: "html-text", bytes: new TextEncoder().encode(html), label, limits }, limits.timeoutMs, options.signal);
  if (reply.ok) return { format: "html", text: reply.text, notes: reply.notes };
  if (reply.expected) throw new ExtractionError(reply.message, reply.failure);
  throw new ExtractionError(`Could not turn ${label} into text; open it in Microsoft 365 instead.`, { code: "reader_failed" });
}
