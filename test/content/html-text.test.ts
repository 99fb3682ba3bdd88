import assert from "node:assert/strict";
import { closeExtractionWorkers, htmlText, INLINE_HTML_CHARS } from "../../src/content/extract.js";
import { ExtractionError } from "../../src/content/errors.js";
import { extractionWorkers } from "../../src/content/pool.js";

describe("text extraction: HTML that Graph sent (bodies and web parts)", () => {
  beforeEach(closeExtractionWorkers);
  after(closeExtractionWorkers);

  it("converts short HTML in place, without starting a worker", async () => {
    const result = await htmlText("<h2>Budget</h2><ul><li>Q3 numbers</li></ul>", "the body of this message");
    assert.deepEqual(result, { format: "html", text: "## Budget\n\n- Q3 numbers", notes: [] });
    assert.equal(extractionWorkers(), 0);
  });

  it("converts HTML past the inline bound in a worker, with the same converter", async () => {
    const paragraph = "<p>Falcons nest on cliffs.</p>";
    const html = paragraph.repeat(Math.ceil((INLINE_HTML_CHARS + 1) / paragraph.length));
    const result = await htmlText(html, "the body of this message");
    assert.equal(extractionWorkers() > 0, true, "long HTML should have gone to a worker");
    assert.equal(result.text.split("\n\n").length, html.length / paragraph.length);
    assert.equal(result.text.split("\n\n")[0], "Falcons nest on cliffs.");
  });

  it("reads long HTML as the UTF-8 string it was, whatever charset a <meta> in it declares", async () => {
    const html = `<meta charset="windows-1252"><p>Café – 東京</p>${"<p>x</p>".repeat(INLINE_HTML_CHARS / 8)}`;
    const result = await htmlText(html, "the body of this message");
    assert.equal(result.text.split("\n\n")[0], "Café – 東京");
  });

  it("cuts markup nested deeper than the bound to an ellipsis, inline and in a worker", async () => {
    for (const depth of [2_000, 20_000]) {
      const html = `${"<div>".repeat(depth)}deep${"</div>".repeat(depth)}<p>after</p>`;
      const result = await htmlText(html, "the body of this message");
      assert.equal(result.text.includes("deep"), false, `depth ${depth}`);
      assert.equal(result.text.includes("…"), true, `depth ${depth}`);
    }
  });

  it("fails long HTML that outlasts its time as a timeout, naming what it was", async () => {
    const html = "<b>".repeat(INLINE_HTML_CHARS);
    const error = await htmlText(html, "the body of this message", { limits: { timeoutMs: 1 } }).then(
      () => assert.fail("should have timed out"),
      (caught: unknown) => caught,
    );
    assert.ok(error instanceof ExtractionError);
    assert.equal(error.kind, "timeout");
    assert.match(error.message, /the body of this message/);
  });

  it("stops at once when the call is already cancelled", async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(htmlText("<p>x</p>".repeat(INLINE_HTML_CHARS), "the body of this message", { signal: controller.signal }), { name: "AbortError" });
  });
});
