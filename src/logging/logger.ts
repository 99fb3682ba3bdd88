// The application log: structured pino JSON, shown human-readable (pino-pretty) when stdout is a terminal.
import { createRequire } from "node:module";
import { pino, type DestinationStream, type Logger } from "pino";
import type pinoPretty from "pino-pretty";
import { sharedStdout } from "./stdout.js";

export type { Logger };

/** Readable lines for a person at a terminal; piped or redirected output stays JSON for log collectors. */
function terminalDestination(): DestinationStream | undefined {
  if (!process.stdout.isTTY) return undefined;
  // Loaded only for a terminal: a server under a process manager never needs it (about 9 MB of memory).
  const pretty = createRequire(import.meta.url)("pino-pretty") as typeof pinoPretty;
  // Synchronous, like pino's own stdout destination, so log lines and printed text keep their order.
  return pretty({ colorize: true, sync: true, translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname,service" });
}

/** The application log: stdout (shared with the audit events) unless a destination is given (tests capture it). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: "m365-mcp" },
      // Defence in depth: tokens must never be logged, even if a header object slips into a log call.
      redact: { paths: ["req.headers.authorization", "*.authorization", "*.accessToken", "*.token"], censor: "[redacted]" },
    },
    destination ?? terminalDestination() ?? sharedStdout(),
  );
}
