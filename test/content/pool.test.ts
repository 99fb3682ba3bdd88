import assert from "node:assert/strict";
import { closeExtractionWorkers, DEFAULT_LIMITS, extractText, type ExtractionLimits } from "../../src/content/extract.js";
import { runInWorker } from "../../src/content/pool.js";
import { failure } from "./read.js";

describe("text extraction: handing files to the worker", () => {
  after(closeExtractionWorkers);

  it("reads a Buffer from Node's shared pool, which Node 22+ refuses to transfer", async () => {
    const bytes = Buffer.from("Plain text about falcons.");
    assert.notEqual(bytes.byteLength, bytes.buffer.byteLength, "a small Buffer.from should be a view into the pool");
    const reply = await runInWorker({ format: "txt", bytes, label: "pooled.txt", limits: DEFAULT_LIMITS }, DEFAULT_LIMITS.timeoutMs, undefined);
    assert.deepEqual(reply, { ok: true, text: "Plain text about falcons.", notes: [] });
    assert.equal(bytes.toString(), "Plain text about falcons.");
  });

  it("leaves the caller's Buffer usable", async () => {
    const bytes = Buffer.alloc(16_384, "falcon ");
    assert.equal(bytes.byteLength, bytes.buffer.byteLength, "a large Buffer.alloc should own its memory");
    const result = await extractText(bytes, { name: "big.txt" });
    assert.equal(result.text.length > 0, true);
    assert.equal(bytes.byteLength, 16_384);
    assert.equal(bytes.subarray(0, 7).toString(), "falcon ");
  });

  it("fails a request the worker cannot be sent clearly, and frees the worker for the next file", async () => {
    // A value structured clone refuses makes postMessage throw. The timeout is far beyond mocha's, so a slot that is
    // not freed would hold every later file; more failures than the pool's at most 4 workers would then block.
    const uncloneable = { ...DEFAULT_LIMITS, marker: Symbol("not cloneable") } as ExtractionLimits;
    for (let i = 0; i < 5; i++) {
      const message = await failure(runInWorker({ format: "txt", bytes: new Uint8Array([65]), label: "odd.txt", limits: uncloneable }, 120_000, undefined));
      assert.match(message, /^Reading the text of 'odd\.txt' could not be handed to the extraction worker \(.+\)\. This is a fault in the server, not in the file; open it in the browser instead\.$/);
    }
    assert.equal((await extractText(Buffer.from("Next file."), { name: "next.txt" })).text, "Next file.");
  });
});
