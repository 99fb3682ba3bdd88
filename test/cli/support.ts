// Runs the m365-mcp executable, the compiled build (dist/m365-mcp.js, made by `npm test`'s pretest), as a child
// process with only the settings a test gives it.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const BIN = fileURLToPath(new URL("../../dist/m365-mcp.js", import.meta.url));
export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The parent's environment without any M365_MCP_* setting, with a fresh state directory, plus `env`. */
export function cliEnv(env: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("M365_MCP_")));
  return { ...base, XDG_STATE_HOME: mkdtempSync(join(tmpdir(), "m365-cli-state-")), ...env };
}

export function startCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: cliEnv(env), stdio: ["ignore", "pipe", "pipe"] });
}

export function finished(child: ChildProcess): Promise<Finished> {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}

export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Finished> {
  return finished(startCli(args, env));
}

/** A long-running child: all it printed so far, a wait for a line, and its exit. */
export interface Watched {
  child: ChildProcess;
  stdout(): string;
  /** Resolves with the first match of `pattern` in stdout; rejects if the child exits first or the time runs out. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  exited: Promise<Finished>;
}

export function watch(child: ChildProcess): Watched {
  let stdout = "";
  let stderr = "";
  let exitCode: number | null | undefined;
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<Finished>((resolve) => {
    child.once("close", (code) => {
      exitCode = code;
      resolve({ code, stdout, stderr });
    });
  });
  const waitFor = async (pattern: RegExp, timeoutMs = 30_000): Promise<RegExpExecArray> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = pattern.exec(stdout);
      if (match) return match;
      if (exitCode !== undefined) throw new Error(`the process exited (${String(exitCode)}) before printing ${String(pattern)}:\n${stdout}${stderr}`);
      if (Date.now() > deadline) throw new Error(`no ${String(pattern)} within ${timeoutMs} ms:\n${stdout}${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  return { child, stdout: () => stdout, waitFor, exited };
}
