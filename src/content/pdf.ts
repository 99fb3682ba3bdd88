// PDF: the text layer page by page through PDF.js (the dependency-free serverless build unpdf ships).
import { getDocumentProxy } from "unpdf";
import type { ReadContext } from "./context.js";
import { ExtractionError } from "./errors.js";
import { plural } from "./output.js";

interface TextItem {
  str?: string;
  hasEOL?: boolean;
}

function pageText(items: readonly TextItem[]): string {
  let text = "";
  for (const item of items) {
    if (typeof item.str !== "string") continue;
    text += item.str;
    if (item.hasEOL) text += "\n";
  }
  return text.replace(/[ \t]+\n/g, "\n").replace(/\n{3,}/g, "\n\n").trim();
}

function hasPdfHeader(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 1024)).includes("%PDF-");
}

export async function readPdf(bytes: Uint8Array, ctx: ReadContext): Promise<void> {
  if (!hasPdfHeader(bytes)) throw new ExtractionError(`'${ctx.label}' is not really a PDF: it does not start with a PDF header. It may be damaged or misnamed; open it in the browser.`);
  let document: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // PDF.js takes ownership of the buffer it is given, so it gets a copy.
    document = await getDocumentProxy(bytes.slice(), { verbosity: 0, isEvalSupported: false, stopAtErrors: false });
  } catch (error) {
    const name = error instanceof Error ? error.name : "";
    if (name === "PasswordException") throw new ExtractionError(`'${ctx.label}' is password-protected, so its text cannot be read. Open it in the browser, or ask its owner for a copy without a password.`);
    throw new ExtractionError(`'${ctx.label}' is damaged or is not a valid PDF, so its text cannot be read. Open it in the browser.`);
  }
  try {
    const pages = Math.min(document.numPages, ctx.limits.maxPages);
    if (document.numPages > pages) ctx.out.note(`Only the first ${plural(pages, "page")} of ${document.numPages.toLocaleString("en-US")} are shown.`);
    let withText = 0;
    let unreadable = 0;
    for (let number = 1; number <= pages; number++) {
      let text: string;
      try {
        const page = await document.getPage(number);
        text = pageText((await page.getTextContent()).items as TextItem[]);
        page.cleanup();
        if (text === "") text = "(no text on this page)";
        else withText++;
      } catch {
        unreadable++;
        text = "(this page could not be read)";
      }
      if (!ctx.out.push(`## Page ${number}\n\n${text}`)) break;
    }
    if (unreadable > 0) ctx.out.note(`${plural(unreadable, "page")} could not be read; the file may be partly damaged.`);
    if (withText === 0 && unreadable < pages) ctx.out.note("The PDF has no text layer (it may be scanned images); reading text from images (OCR) is not supported.");
  } finally {
    await document.destroy();
  }
}
