import assert from "node:assert/strict";
import { closeExtractionWorkers, DEFAULT_LIMITS, extractText, type ExtractionLimits } from "../../src/content/extract.js";
import { configureExtractionPool, DEFAULT_WORKERS, extractionWorkers, RETIRE_BYTES, runInWorker } from "../../src/content/pool.js";
import { failure, fixture } from "./read.js";

/** Resolves once the pool has `count` workers (an ended worker leaves the count when its thread has exited). */
async function workersBecome(count: number): Promise<void> {
  for (let i = 0; i < 200 && extractionWorkers() !== count; i++) await new Promise((resolve) => setTimeout(resolve, 25));
  assert.equal(extractionWorkers(), count);
}

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

  it("moves handed-over bytes to the worker without a copy", async () => {
    const bytes = new Uint8Array(Buffer.alloc(16_384, "falcon "));
    const result = await extractText(bytes, { name: "moved.txt" }, { transfer: true });
    assert.equal(result.text.startsWith("falcon falcon"), true);
    assert.equal(bytes.byteLength, 0, "the caller's buffer is detached: its memory went to the worker");
  });
});

describe("text extraction: the pool's size and memory", () => {
  afterEach(async () => {
    configureExtractionPool({ workers: DEFAULT_WORKERS, heapMb: DEFAULT_LIMITS.maxHeapMb });
    await closeExtractionWorkers();
  });

  it("keeps a worker that read an ordinary file warm, and ends one left holding more than the retire bound", async () => {
    await closeExtractionWorkers();
    await extractText(Buffer.from("A small note."), { name: "note.txt" });
    assert.equal(extractionWorkers(), 1, "a worker that read a small file stays for the next one");
    // The file's bytes alone, transferred into the worker, leave it past the bound until its next major GC.
    const big = Buffer.alloc(RETIRE_BYTES + 8 * 1024 * 1024, "falcon report quarter budget\n");
    const result = await extractText(big, { name: "big.txt" }, { limits: { maxHeapMb: 256 } });
    assert.equal(result.text.length > 0, true);
    await workersBecome(0);
    assert.equal((await extractText(Buffer.from("Next file."), { name: "next.txt" })).text, "Next file.", "the next file gets a fresh worker");
  });

  it("runs at most the configured number of workers, the other reads waiting their turn", async () => {
    await closeExtractionWorkers();
    configureExtractionPool({ workers: 1 });
    let most = 0;
    const watch = setInterval(() => {
      most = Math.max(most, extractionWorkers());
    }, 1);
    try {
      const texts = await Promise.all([1, 2, 3, 4].map(async (n) => (await extractText(Buffer.from(`File ${n}.`), { name: `f${n}.txt` })).text));
      assert.deepEqual(texts, ["File 1.", "File 2.", "File 3.", "File 4."]);
    } finally {
      clearInterval(watch);
    }
    assert.equal(most, 1);
  });

  it("gives reads that set no heap cap the configured one", async () => {
    configureExtractionPool({ heapMb: 16 });
    const message = await failure(extractText(fixture("huge.xlsx"), { name: "huge.xlsx" }, { limits: { maxSheetRows: 1_000_000 } }));
    assert.match(message, /needed more than 16 MB of memory/);
  });
});
