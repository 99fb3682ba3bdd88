// A few warm extraction workers (starting one under tsx costs about a second), each serving one file at a time.
// A worker that times out, runs out of heap or crashes is terminated and replaced by a fresh one on demand; so is one
// whose memory grew past RETIRE_BYTES, because V8 and WebAssembly keep what a big file made them take until the
// thread ends: a warm worker's footprint should be that of a fresh one, not of the largest file it ever read.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { ExtractionError } from "./errors.js";
import { DEFAULT_LIMITS } from "./limits.js";
import type { WorkerMessage, WorkerReply, WorkerRequest } from "./worker.js";

export interface ExtractionPoolOptions {
  /** Most workers at once; each may grow to its heap cap, so this times the cap bounds extraction's memory. */
  workers?: number;
  /** The heap cap of a worker, in MB, for reads that do not set maxHeapMb themselves. */
  heapMb?: number;
}

/** One worker per spare CPU, at most two: with the default heap cap, that fits a container of 1 GB. */
export const DEFAULT_WORKERS = Math.max(1, Math.min(2, availableParallelism() - 1));
let maxWorkers = DEFAULT_WORKERS;
let defaultHeapMb = DEFAULT_LIMITS.maxHeapMb;
/** Idle workers are ended after this long, returning their memory. */
const IDLE_MS = 60_000;
/**
 * A worker whose heap (committed, not just used) plus external and WebAssembly memory is past this after a file is
 * ended instead of kept warm. A fresh worker takes about 10 MB; one that read ordinary files stays well under this.
 */
export const RETIRE_BYTES = 48 * 1024 * 1024;

/**
 * Sets the pool's size and the default heap cap (from M365_MCP_EXTRACTION_WORKERS and M365_MCP_EXTRACTION_HEAP_MB).
 * Workers already running keep going; the pool shrinks as they finish.
 */
export function configureExtractionPool(options: ExtractionPoolOptions): void {
  if (options.workers !== undefined) maxWorkers = Math.max(1, Math.floor(options.workers));
  if (options.heapMb !== undefined) defaultHeapMb = options.heapMb;
}

/** The heap cap a read gets when its limits do not name one. */
export function extractionHeapMb(): number {
  return defaultHeapMb;
}

/**
 * The young generation of a worker: V8 would size it from the heap cap (64 MB at 512), and a scavenged young
 * generation stays committed, so every warm worker would hold it. 16 MB costs the readers a few more scavenges.
 */
export const youngGenerationMb = (heapMb: number): number => Math.min(16, Math.max(4, heapMb / 8));

interface Pooled {
  worker: Worker;
  heapMb: number;
  idleTimer?: NodeJS.Timeout;
}

const idle: Pooled[] = [];
let live = 0;
const waiting: (() => void)[] = [];

/**
 * The ESM build of tsx's register API, found through tsx's export map: mocha loads this module as CommonJS, where
 * import.meta.resolve is missing and require.resolve picks the CommonJS build, whose register() fails in a worker.
 */
function tsxEsmApi(): string {
  const require = createRequire(import.meta.url);
  const manifestPath = require.resolve("tsx/package.json");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { exports: Record<string, { import: { default: string } }> };
  const entry = manifest.exports["./esm/api"]?.import.default ?? "./dist/esm/api/index.mjs";
  return pathToFileURL(join(dirname(manifestPath), entry)).href;
}

/**
 * The compiled build's worker is dist/worker.js beside the bundle. Under tsx (mocha, scripts) it is TypeScript and
 * must register tsx itself: loader flags do not reach workers.
 */
function workerCode(): string {
  const typescript = import.meta.url.endsWith(".ts");
  const load = `import(${JSON.stringify(new URL(typescript ? "./worker.ts" : "./worker.js", import.meta.url).href)})`;
  if (!typescript) return load;
  return `import(${JSON.stringify(tsxEsmApi())}).then((tsx) => { tsx.register(); return ${load}; })`;
}

function spawn(heapMb: number): Pooled {
  const worker = new Worker(workerCode(), {
    eval: true,
    resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: youngGenerationMb(heapMb), stackSizeMb: 4 },
  });
  live++;
  worker.once("exit", () => {
    live--;
    const at = idle.findIndex((p) => p.worker === worker);
    if (at >= 0) idle.splice(at, 1);
    waiting.shift()?.();
  });
  return { worker, heapMb };
}

async function acquire(heapMb: number): Promise<Pooled> {
  for (;;) {
    const at = idle.findIndex((p) => p.heapMb === heapMb);
    if (at >= 0) {
      const [pooled] = idle.splice(at, 1);
      if (pooled) {
        clearTimeout(pooled.idleTimer);
        pooled.worker.ref();
        return pooled;
      }
    }
    // A warm worker with another heap cap makes room for one with the cap asked for.
    if (live >= maxWorkers && idle.length > 0) await idle.shift()?.worker.terminate();
    if (live < maxWorkers) return spawn(heapMb);
    await new Promise<void>((resolve) => waiting.push(resolve));
  }
}

function release(pooled: Pooled, footprintBytes = 0): void {
  pooled.worker.removeAllListeners("message");
  pooled.worker.removeAllListeners("error");
  if (footprintBytes > RETIRE_BYTES) {
    // Its exit lets the next waiter spawn a fresh worker.
    void pooled.worker.terminate();
    return;
  }
  pooled.worker.unref();
  pooled.idleTimer = setTimeout(() => void pooled.worker.terminate(), IDLE_MS).unref();
  idle.push(pooled);
  waiting.shift()?.();
}

/** How many extraction workers exist (busy or idle); for tests and diagnostics. */
export function extractionWorkers(): number {
  return live;
}

/** Ends all idle workers now (tests, shutdown). */
export async function closeExtractionWorkers(): Promise<void> {
  await Promise.all(idle.splice(0).map((p) => p.worker.terminate()));
}

/**
 * The bytes in an ArrayBuffer of their own, which postMessage may transfer. A view into a larger buffer is copied: it
 * may be Node's shared Buffer pool, which Node 22+ refuses to transfer (DataCloneError), or memory the caller still uses.
 */
function ownBuffer(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const { buffer } = bytes;
  return buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === buffer.byteLength
    ? new Uint8Array(buffer)
    : new Uint8Array(bytes);
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} seconds` : `${(ms / 1000).toFixed(1)} seconds`;
}

export async function runInWorker(request: WorkerRequest, timeoutMs: number, signal: AbortSignal | undefined): Promise<WorkerReply> {
  const { label, limits } = request;
  // Waiting for a free worker is not the file's fault, so the clock starts once one is assigned.
  const pooled = await acquire(limits.maxHeapMb);
  const { worker } = pooled;
  return new Promise<WorkerReply>((resolve, reject) => {
    let settled = false;
    /** A worker that failed is terminated before the caller hears of it, so nothing keeps running behind an error. */
    const fail = (error: Error): void => {
      if (settled) return;
      settled = true;
      cleanup();
      void worker.terminate().finally(() => { reject(error); });
    };
    const timer = setTimeout(() => {
      fail(new ExtractionError(`Reading the text of '${label}' took longer than ${seconds(timeoutMs)} and was stopped. The file may be very large or complex; open it in the browser instead.`, { kind: "timeout", code: "extraction_timeout", limit: timeoutMs }));
    }, timeoutMs);
    const onAbort = (): void => {
      fail(signal?.reason instanceof Error ? signal.reason : new ExtractionError(`Reading the text of '${label}' was cancelled.`, { kind: "cancelled", code: "extraction_cancelled" }));
    };
    const onExit = (): void => {
      fail(new ExtractionError(`Reading the text of '${label}' stopped unexpectedly; the file may be damaged. Open it in the browser instead.`, { code: "worker_exited" }));
    };
    const cleanup = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      worker.off("exit", onExit);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    worker.once("exit", onExit);
    worker.once("message", ({ reply, footprintBytes }: WorkerMessage) => {
      if (settled) return;
      settled = true;
      cleanup();
      release(pooled, footprintBytes);
      resolve(reply);
    });
    worker.once("error", (error: Error & { code?: string }) => {
      fail(error.code === "ERR_WORKER_OUT_OF_MEMORY"
        ? new ExtractionError(`Reading the text of '${label}' needed more than ${limits.maxHeapMb} MB of memory and was stopped. The file may be very large or built to exhaust memory; open it in the browser instead.`, { kind: "too_large", code: "memory_limit", limit: limits.maxHeapMb * 1024 * 1024 })
        : new ExtractionError(`Reading the text of '${label}' failed unexpectedly; the file may be damaged. Open it in the browser instead.`, { code: "worker_failed" }));
    });
    const bytes = ownBuffer(request.bytes);
    try {
      worker.postMessage({ ...request, bytes }, [bytes.buffer]);
    } catch (error) {
      // Nothing reached the worker, so it goes back to the pool unharmed and the next file gets it at once.
      settled = true;
      cleanup();
      release(pooled);
      reject(new ExtractionError(`Reading the text of '${label}' could not be handed to the extraction worker (${error instanceof Error ? error.message : String(error)}). This is a fault in the server, not in the file; open it in the browser instead.`, { kind: "internal", code: "worker_unavailable" }));
    }
  });
}
