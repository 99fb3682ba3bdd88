// The extraction worker: reads one file per message. Its heap is capped and the parent terminates it on timeout, so
// a hostile file can only exhaust this thread.
import { parentPort } from "node:worker_threads";
import { ExtractionError } from "./errors.js";
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

export type WorkerReply = { ok: true; text: string; notes: string[] } | { ok: false; message: string; expected: boolean };

async function handle(request: WorkerRequest): Promise<WorkerReply> {
  try {
    return { ok: true, ...(await runReader(request.format, request.bytes, request.label, request.limits)) };
  } catch (error) {
    return error instanceof ExtractionError
      ? { ok: false, message: error.message, expected: true }
      : { ok: false, message: error instanceof Error ? `${error.name}: ${error.message}` : String(error), expected: false };
  }
}

parentPort?.on("message", (request: WorkerRequest) => {
  void handle(request).then((reply) => { parentPort?.postMessage(reply); });
});
