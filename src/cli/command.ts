// What every subcommand shares: its option table, its help text, where it writes, and the exit codes.
import type { ParseArgsConfig } from "node:util";

export const EXIT_OK = 0;
/** A check failed, the configuration is invalid, or the command could not do its job. */
export const EXIT_FAILURE = 1;
/** The command line itself is wrong (unknown command or option, a bad option value). */
export const EXIT_USAGE = 2;

export interface CliIo {
  env: NodeJS.ProcessEnv;
  stdout(text: string): void;
  stderr(text: string): void;
}

export type OptionValues = Record<string, string | boolean | undefined>;

/** A subcommand. Its module imports what it runs inside run(), so --help and usage errors answer at once. */
export interface Command {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** The full --help text. */
  help: string;
  options: NonNullable<ParseArgsConfig["options"]>;
  run(values: OptionValues, io: CliIo): Promise<number>;
}

/** A wrong command line: the message and the command's usage go to stderr, exit 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

export const EXIT_CODES_HELP = `Exit codes:
  0  success (all checks passed)
  1  failure: a check failed, the configuration is invalid, or the server could not start
  2  usage error: unknown command or option, or a bad option value`;
