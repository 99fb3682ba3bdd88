// The extraction worker: reads one file per message. Its heap is capped and the parent terminates it on timeout, so
// a hostile file can only exhaust this thread.
import { getHeapStatistics } from "node:v8";
import { parentPort } from "node:worker_threads";
import { ExtractionError, type ExtractionFailure } from "./errors.js";
import type { ExtractionLimits } from "./limits.js";
import { runReader } from "./run.js";

// Library chatter (PDFium's warnings) would reach the server's stdout and mix with its JSON log lines. The worker's
// stdout is not piped to the parent instead, because a piped worker stream keeps the server process from exiting.
for (const method of ["log", "info", "warn", "error", "debug", "trace"] as const) console[method] = () => undefined;

export interface WorkerRequest {
  format: string;
  bytes: Uint8Array;
  label: string;
  limits: ExtractionLimits;
}

export type WorkerReply =
  | { ok: true; text: string; notes: string[] }
  | { ok: false; expected: true; message: string; failure: ExtractionFailure }
  | { ok: false; expected: false };

/** What the worker posts back: the reply, and how much memory this thread holds now (the pool retires a big one). */
export interface WorkerMessage {
  reply: WorkerReply;
  /** The committed heap plus external memory (ArrayBuffers and PDFium's WebAssembly memory), in bytes. */
  footprintBytes: number;
}

function footprintBytes(): number {
  const { total_heap_size: heap, external_memory: external } = getHeapStatistics();
  return heap + external;
}

async function handle(request: WorkerRequest): Promise<WorkerReply> {
  try {
    return { ok: true, ...(await runReader(request.format, request.bytes, request.label, request.limits)) };
  } catch (error) {
    // An unexpected error's message can quote the file (a parser's "unexpected token near …"), so it stays here.
    return error instanceof ExtractionError
      ? { ok: false, expected: true, message: error.message, failure: { ...error.details, code: error.details.code ?? "unreadable", kind: error.kind } }
      : { ok: false, expected: false };
  }
}

parentPort?.on("message", (request: WorkerRequest) => {
  void handle(request).then((reply) => {
    const message: WorkerMessage = { reply, footprintBytes: footprintBytes() };
    parentPort?.postMessage(message);
  });
});
