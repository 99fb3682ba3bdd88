// The one stdout destination application logs and audit events share: asynchronous (a blocked log collector
// must not stall requests), and whole lines per write, so the two streams never interleave mid-line. pino
// flushes it synchronously when the process exits.
import { pino, type DestinationStream } from "pino";

let stdout: DestinationStream | undefined;

export function sharedStdout(): DestinationStream {
  stdout ??= pino.destination({ dest: 1, sync: false });
  return stdout;
}
