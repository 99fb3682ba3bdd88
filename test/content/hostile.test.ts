import assert from "node:assert/strict";
import { closeExtractionWorkers, extractText, extractionWorkers } from "../../src/content/extract.js";
import { pdf, pptx, pShape } from "../../scripts/make-fixtures.js";
import { extractFixture, failure } from "./read.js";

describe("text extraction: hostile and unsupported files", function () {
  // Some of these reads are seconds of work on an idle machine (the PDF past its memory bound takes about six), and a
  // loaded one runs them several times slower: the time allowed is a hang detector, never a measure of speed.
  this.timeout(120_000);
  /** A 3.5 MB, 3,400-page PDF: seconds of work even for PDFium, for the tests about stopping a long read. */
  let longPdf: Uint8Array;
  before(async () => {
    longPdf = await pdf(Array.from({ length: 3400 }, (_, page) => Array.from({ length: 40 }, (_, line) => `Page ${page} line ${line}: the quarterly budget and its notes.`)));
  });
  /**
   * No bound on pages, output or time: the default time bound (30 s) is one a loaded machine can reach on the long
   * PDF, and the tests that use this expect another bound, or the caller, to stop the read.
   */
  const unbounded = { maxPages: 10_000, maxOutputChars: 100_000_000, timeoutMs: 600_000 };

  it("refuses a ZIP bomb before inflating it", async () => {
    assert.equal(await failure(extractFixture("bomb.docx")), "'bomb.docx' looks like a ZIP bomb: the part 'word/document.xml' would expand 1,014 times (from 20 KB to 20 MB; at most 100 times is accepted), so it was not read.");
  });

  it("stops inflating a part that grows past the size its ZIP header declares", async () => {
    assert.equal(await failure(extractFixture("lying-header.docx")), "'lying-header.docx' is damaged: the part 'word/document.xml' does not match its ZIP header (it may be a ZIP bomb or a corrupted upload), so it was not read.");
  });

  it("refuses a small part whose ZIP header claims more or fewer bytes than it inflates to", async () => {
    const deck = pptx([{ shapes: pShape("title", [{ text: "Quarterly review ".repeat(40) }]) }]);
    /** The deck with both ZIP headers of the slide claiming `size` bytes. */
    const claiming = (size: number): Uint8Array => {
      const bytes = new Uint8Array(deck);
      const view = new DataView(bytes.buffer);
      const name = Buffer.from("ppt/slides/slide1.xml");
      const at = (offset: number): boolean => name.every((b, i) => bytes[offset + i] === b);
      for (let i = 0; i + 46 < bytes.length; i++) {
        const signature = view.getUint32(i, true);
        if (signature === 0x04034b50 && at(i + 30)) view.setUint32(i + 22, size, true);
        if (signature === 0x02014b50 && at(i + 46)) view.setUint32(i + 24, size, true);
      }
      return bytes;
    };
    const lie = "'deck.pptx' is damaged: the part 'ppt/slides/slide1.xml' does not match its ZIP header (it may be a ZIP bomb or a corrupted upload), so it was not read.";
    assert.match((await extractText(deck, { name: "deck.pptx" })).text, /Quarterly review/);
    assert.equal(await failure(extractText(claiming(100), { name: "deck.pptx" })), lie);
    assert.equal(await failure(extractText(claiming(100_000), { name: "deck.pptx" })), lie);
  });

  it("refuses a package that would unpack past the total bound", async () => {
    assert.equal(await failure(extractFixture("sample.xlsx", { maxUncompressedBytes: 2000 })), "'sample.xlsx' expands to more than 2 KB when unpacked (the part 'xl/worksheets/sheet1.xml' alone is 1 KB), which is more than can be read. Open it in the browser instead.");
  });

  it("refuses XML nested deeper than any real document", async () => {
    assert.equal(await failure(extractFixture("deep.docx")), "'deep.docx' nests XML elements more than 200 levels deep, which no real document does, so it was not read.");
  });

  it("explains encrypted, legacy, truncated and misnamed Office files", async () => {
    assert.equal(await failure(extractFixture("encrypted.docx")), "'encrypted.docx' is password-protected (encrypted), so its text cannot be read. Remove the password in Word (File > Info > Protect) or open it in the browser.");
    assert.equal(await failure(extractFixture("legacy.docx")), "'legacy.docx' is an older binary Office file (.doc, .xls or .ppt format) despite its name, which cannot be read. Save it again in Word (File > Save As, the default format), or open it in the browser.");
    assert.equal(await failure(extractFixture("truncated.docx")), "'truncated.docx' is damaged or is not really a Word document: its ZIP structure cannot be read. Open it in the browser, or save it again from the Office app.");
    assert.equal(await failure(extractFixture("not-a-zip.xlsx")), "'not-a-zip.xlsx' is not really an Excel workbook: it is not a ZIP package as .xlsx files are. It may be damaged or misnamed; open it in the browser.");
  });

  it("explains encrypted, corrupted and misnamed PDFs", async () => {
    assert.equal(await failure(extractFixture("encrypted.pdf")), "'encrypted.pdf' is password-protected, so its text cannot be read. Open it in the browser, or ask its owner for a copy without a password.");
    assert.equal(await failure(extractFixture("corrupted.pdf")), "'corrupted.pdf' is damaged or is not a valid PDF, so its text cannot be read. Open it in the browser.");
    assert.equal(await failure(extractFixture("not-a-pdf.pdf")), "'not-a-pdf.pdf' is not really a PDF: it does not start with a PDF header. It may be damaged or misnamed; open it in the browser.");
  });

  it("bounds a 100,000-row sheet and a 60-column sheet, with notes", async () => {
    const result = await extractFixture("huge.xlsx");
    assert.deepEqual(result.notes, ["Sheet 'Big' was truncated to the first 1,000 rows of 100,000.", "Sheet 'Wide' was truncated to the first 50 columns of 60."]);
    const [big = "", wide = ""] = result.text.split("## Sheet: Wide");
    assert.equal(big.trim().split("\n").filter((line) => line.startsWith("| ") && !line.startsWith("| --- ")).length, 1000);
    assert.match(big, /^## Sheet: Big\n\n\| 9 \| Row \|\n\| --- \| --- \|\n\| 8 \| Row \|\n/);
    assert.match(wide, /\| R1C1 \| R1C2 \|.* \| R1C50 \|\n/);
    assert.doesNotMatch(wide, /R1C51/);
  });

  it("honours smaller row and column bounds", async () => {
    const result = await extractFixture("sample.xlsx", { maxSheetRows: 2, maxSheetColumns: 2 });
    assert.equal(result.text, "## Sheet: Data\n\n| Name | Amount |\n| --- | --- |\n| Ada | 1200.5 |\n\n## Sheet: Secret (hidden)\n\n| Hidden value |\n| --- |");
    assert.deepEqual(result.notes, ["Sheet 'Data' was truncated to the first 2 rows of 4.", "Sheet 'Data' was truncated to the first 2 columns of 4."]);
  });

  it("reads only the first pages of a PDF with 1,200 pages", async () => {
    const result = await extractFixture("many-pages.pdf");
    assert.deepEqual(result.notes, ["Only the first 500 pages of 1,200 are shown."]);
    assert.match(result.text, /## Page 500\n\nSame text on every page\.$/);
    assert.equal(result.text.split("## Page ").length - 1, 500);
  });

  it("refuses a PDF that needs more memory than the bound, and the same worker then reads the next one", async () => {
    const limits = { ...unbounded, maxHeapMb: 32 };
    assert.equal(await failure(extractText(longPdf, { name: "big.pdf" }, { limits })), "'big.pdf' needs more memory than this server allows for reading one file (32 MB), so its text was not read. Open it in the browser.");
    const small = await extractText(await pdf([["After the refusal."]]), { name: "small.pdf" }, { limits });
    assert.equal(small.text, "## Page 1\n\nAfter the refusal.");
  });

  it("cuts the text at the output bound with a note", async () => {
    const result = await extractFixture("sample.docx", { maxOutputChars: 40 });
    assert.equal(result.text, "# Project Falcon\n\n# Overview\n\nThe falcon");
    assert.deepEqual(result.notes, ["The text was cut at 40 characters; the rest of the file is not shown."]);
  });

  it("terminates the worker when the time runs out, and a fresh one serves the next file", async () => {
    await closeExtractionWorkers();
    assert.equal(extractionWorkers(), 0);
    const message = await failure(extractText(longPdf, { name: "long.pdf" }, { limits: { ...unbounded, timeoutMs: 250 } }));
    assert.equal(message, "Reading the text of 'long.pdf' took longer than 0.3 seconds and was stopped. The file may be very large or complex; open it in the browser instead.");
    assert.equal(extractionWorkers(), 0);
    assert.equal((await extractFixture("sample.txt")).text, "Plain text about falcons.\nSecond line with ümlauts.");
  });

  it("terminates a worker that exceeds its heap cap", async () => {
    const message = await failure(extractFixture("huge.xlsx", { maxHeapMb: 16, maxSheetRows: 1_000_000 }));
    assert.equal(message, "Reading the text of 'huge.xlsx' needed more than 16 MB of memory and was stopped. The file may be very large or built to exhaust memory; open it in the browser instead.");
    assert.equal((await extractFixture("sample.csv")).format, "csv");
  });

  it("stops when the caller aborts, with the caller's reason", async () => {
    const controller = new AbortController();
    const reading = extractText(longPdf, { name: "long.pdf" }, { limits: unbounded, signal: controller.signal });
    setTimeout(() => { controller.abort(new Error("client went away")); }, 100);
    await assert.rejects(reading, { message: "client went away" });
  });

  it("names what can be read when a format is not supported", async () => {
    assert.equal(await failure(extractText(new Uint8Array([1, 2, 3]), { name: "photo.png", mimeType: "image/png" })), "Reading the text of 'photo.png' is not supported: only Word, Excel and PowerPoint files (.docx, .xlsx, .pptx), PDF, HTML, text, markdown, CSV, JSON, XML and .eml files can be read. Open it in the browser instead.");
  });
});
