// Where audit events go: JSON lines from a pino logger of their own, to stdout and optionally also a file.
import { closeSync, openSync } from "node:fs";
import { pino, type DestinationStream, type StreamEntry } from "pino";
import { ConfigError } from "../config/load.js";
import { sharedStdout } from "../logging/stdout.js";
import type { AuditEvent } from "./events.js";
import { scrubSecrets } from "./scrub.js";

export interface AuditSink {
  emit(event: AuditEvent): void;
}

export interface AuditSinkOptions {
  /** Also append every event to this file (created with mode 0600). */
  file?: string;
  /** Replaces stdout (tests capture events here). */
  stream?: NodeJS.WritableStream;
  /** Told when the file cannot be written; default: a line on stderr. Events still go to the stream. */
  onError?: (error: Error) => void;
}

const reportToStderr = (file: string) => (error: Error) => {
  process.stderr.write(`m365-mcp: cannot write the audit file ${file}: ${error.message}\n`);
};

type FileDestination = ReturnType<typeof pino.destination>;

/** Opens the file now, so a wrong M365_MCP_AUDIT_FILE stops startup instead of failing on the first event. */
function openAuditFile(file: string, onError: (error: Error) => void): FileDestination {
  let fd: number;
  try {
    fd = openSync(file, "a", 0o600);
  } catch (error) {
    throw new ConfigError(`Invalid configuration:\n  M365_MCP_AUDIT_FILE: cannot open ${file} for appending (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  try {
    const destination = pino.destination({ dest: fd, sync: false });
    destination.on("error", onError);
    return destination;
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

function closeFile(destination: FileDestination): Promise<void> {
  return new Promise((resolve) => {
    destination.once("close", () => {
      resolve();
    });
    destination.end();
  });
}

export function createAuditSink(options: AuditSinkOptions): AuditSink & { close(): Promise<void> } {
  const primary: DestinationStream = options.stream ?? sharedStdout();
  const file = options.file === undefined ? undefined : openAuditFile(options.file, options.onError ?? reportToStderr(options.file));
  const streams: StreamEntry[] = [{ stream: primary }, ...(file ? [{ stream: file }] : [])];
  const logger = pino(
    {
      base: null,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        // Audit lines have no level (every event is recorded); pino writes the level's fields first, so that
        // slot carries the tag that sets audit lines apart from application logs on the same stdout.
        level: () => ({ stream: "audit" }),
        log: (object) => scrubSecrets(object) as Record<string, unknown>,
      },
    },
    pino.multistream(streams),
  );
  let closed = false;
  return {
    emit(event) {
      if (!closed) logger.info(event);
    },
    async close() {
      if (closed) return;
      closed = true;
      if (file) await closeFile(file);
    },
  };
}

/** Keeps events in memory, for tests. */
export const memoryAuditSink = (): AuditSink & { events: AuditEvent[] } => {
  const events: AuditEvent[] = [];
  return {
    events,
    emit(event) {
      events.push(event);
    },
  };
};
