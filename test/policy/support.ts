// Temporary policy files and a pino logger whose lines the test can read.
import { mkdtempSync, renameSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { pino, type Logger } from "pino";

export const TENANT_A = "11111111-1111-1111-1111-111111111111";
export const TENANT_B = "22222222-2222-2222-2222-222222222222";
export const GROUP_1 = "aaaaaaaa-0000-0000-0000-000000000001";
export const GROUP_2 = "aaaaaaaa-0000-0000-0000-000000000002";

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

/** A logger that records every line; `errors()` and `infos()` filter by pino level. */
export function captureLogger(): { logger: Logger; lines: LogLine[]; errors: () => LogLine[]; infos: () => LogLine[] } {
  const lines: LogLine[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as LogLine);
      done();
    },
  });
  return { logger: pino({ level: "info" }, stream), lines, errors: () => lines.filter((l) => l.level === 50), infos: () => lines.filter((l) => l.level === 30) };
}

/**
 * A directory under the OS temp dir holding one policy file, removed after each test. Every write sets a new
 * modification time, so a change is visible even on a file system with coarse timestamps.
 */
export function usePolicyDir(): { path: () => string; write: (text: string) => void; replace: (text: string) => void } {
  let dir = "";
  let mtime = 1_800_000_000;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "m365-policy-"));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  const path = (): string => join(dir, "policy.yaml");
  const write = (text: string, target = path()): void => {
    writeFileSync(target, text);
    mtime += 1;
    utimesSync(target, mtime, mtime);
  };
  return {
    path,
    write: (text) => { write(text); },
    /** Writes a new file beside it and renames it over the old one, as editors and config tools do. */
    replace: (text) => {
      write(text, `${path()}.new`);
      renameSync(`${path()}.new`, path());
    },
  };
}
