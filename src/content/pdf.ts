// PDF: the text layer page by page through PDFium compiled to WebAssembly (@embedpdf/pdfium). Measured against
// pdf.js (unpdf) on the same files: about 2.7 times as fast on a long document, a third less peak memory, and right
// where pdf.js was wrong (CJK text it spaced out or read as radicals). It runs synchronously inside the extraction
// worker, whose termination stops it at once.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { init } from "@embedpdf/pdfium";
import type { ReadContext } from "./context.js";
import { ExtractionError } from "./errors.js";
import { plural } from "./output.js";

type Pdfium = Awaited<ReturnType<typeof init>>;

/** FPDF_GetLastError: a password is needed (or was wrong), or the security handler is one PDFium lacks. */
const PASSWORD_ERROR = 4;
const SECURITY_ERROR = 5;

let loaded: Promise<Pdfium> | undefined;

/**
 * One PDFium per worker. Its WebAssembly memory is outside the worker's heap limit, so growth past `capMb` is
 * refused: PDFium then aborts, which surfaces as a RuntimeError and retires this instance.
 */
function pdfium(capMb: number): Promise<Pdfium> {
  loaded ??= (async () => {
    const wasm = await readFile(createRequire(import.meta.url).resolve("@embedpdf/pdfium/pdfium.wasm"));
    const module = await init({
      instantiateWasm(imports, done) {
        const env = imports["env"] as { emscripten_resize_heap: (bytes: number) => number };
        const grow = env.emscripten_resize_heap;
        env.emscripten_resize_heap = (bytes) => ((bytes >>> 0) > capMb * 1024 * 1024 ? 0 : grow(bytes));
        void WebAssembly.instantiate(wasm, imports).then(({ instance }) => {
          done(instance);
        });
        return {};
      },
    });
    module.PDFiumExt_Init();
    return module;
  })();
  return loaded;
}

function hasPdfHeader(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 1024)).includes("%PDF-");
}

/** PDFium's page text: CRLF line ends, soft hyphens and its markers for generated characters dropped. */
function cleanText(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(/[\u00ad\u0002\ufffe]/g, "")
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** Reads pages into ctx.out until the page limit or the output bound. */
function readPages(pdf: Pdfium, document: number, ctx: ReadContext): void {
  const { pdfium: runtime } = pdf;
  const count = pdf.FPDF_GetPageCount(document);
  const pages = Math.min(count, ctx.limits.maxPages);
  if (count > pages) ctx.out.note(`Only the first ${plural(pages, "page")} of ${count.toLocaleString("en-US")} are shown.`);
  let withText = 0;
  let unreadable = 0;
  let buffer = 0;
  let capacity = 0;
  try {
    for (let index = 0; index < pages; index++) {
      const page = pdf.FPDF_LoadPage(document, index);
      const textPage = page ? pdf.FPDFText_LoadPage(page) : 0;
      let text: string;
      if (!textPage) {
        unreadable++;
        text = "(this page could not be read)";
      } else {
        const chars = pdf.FPDFText_CountChars(textPage);
        let raw = "";
        if (chars > 0) {
          if (chars + 1 > capacity) {
            if (buffer) runtime.wasmExports.free(buffer);
            capacity = chars + 1;
            buffer = runtime.wasmExports.malloc(capacity * 2);
          }
          // UTF-16LE, counting its terminating NUL; HEAPU8 is read afresh, since memory growth replaces it.
          const written = pdf.FPDFText_GetText(textPage, 0, chars, buffer);
          raw = Buffer.from(runtime.HEAPU8.buffer, buffer, Math.max(0, written - 1) * 2).toString("utf16le");
        }
        text = cleanText(raw);
        if (text === "") text = "(no text on this page)";
        else withText++;
      }
      if (textPage) pdf.FPDFText_ClosePage(textPage);
      if (page) pdf.FPDF_ClosePage(page);
      if (!ctx.out.push(`## Page ${index + 1}\n\n${text}`)) break;
    }
  } finally {
    if (buffer) runtime.wasmExports.free(buffer);
  }
  if (unreadable > 0) ctx.out.note(`${plural(unreadable, "page")} could not be read; the file may be partly damaged.`);
  if (withText === 0 && unreadable < pages) ctx.out.note("The PDF has no text layer (it may be scanned images); reading text from images (OCR) is not supported.");
}

export async function readPdf(bytes: Uint8Array, ctx: ReadContext): Promise<void> {
  if (!hasPdfHeader(bytes)) throw new ExtractionError(`'${ctx.label}' is not really a PDF: it does not start with a PDF header. It may be damaged or misnamed; open it in the browser.`, { code: "wrong_format" });
  const pdf = await pdfium(ctx.limits.maxHeapMb);
  const { pdfium: runtime } = pdf;
  // PDFium reads the file in place: it stays in WebAssembly memory until the document is closed.
  const data = runtime.wasmExports.malloc(bytes.byteLength);
  try {
    runtime.HEAPU8.set(bytes, data);
    const document = pdf.FPDF_LoadMemDocument(data, bytes.byteLength, "");
    if (!document) {
      const code = pdf.FPDF_GetLastError();
      if (code === PASSWORD_ERROR || code === SECURITY_ERROR) throw new ExtractionError(`'${ctx.label}' is password-protected, so its text cannot be read. Open it in the browser, or ask its owner for a copy without a password.`, { code: "encrypted" });
      throw new ExtractionError(`'${ctx.label}' is damaged or is not a valid PDF, so its text cannot be read. Open it in the browser.`, { code: "damaged" });
    }
    try {
      readPages(pdf, document, ctx);
    } finally {
      pdf.FPDF_CloseDocument(document);
    }
  } catch (error) {
    if (!(error instanceof WebAssembly.RuntimeError)) throw error;
    // PDFium aborted (its memory cap, or a fault): this instance is finished; the next file gets a new one.
    loaded = undefined;
    throw new ExtractionError(`'${ctx.label}' needs more memory than this server allows for reading one file (${ctx.limits.maxHeapMb} MB), so its text was not read. Open it in the browser.`, { kind: "too_large", code: "memory_limit", limit: ctx.limits.maxHeapMb * 1024 * 1024 });
  } finally {
    if (loaded) runtime.wasmExports.free(data);
  }
}
