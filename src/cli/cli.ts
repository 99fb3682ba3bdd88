// The m365-mcp command line: picks the subcommand, parses its options, and turns every outcome into an exit code.
import { parseArgs } from "node:util";
import { VERSION } from "../version.js";
import { EXIT_CODES_HELP, EXIT_OK, EXIT_USAGE, UsageError, type CliIo, type Command, type OptionValues } from "./command.js";
import { checkConfig } from "./commands/check-config.js";
import { doctor } from "./commands/doctor.js";
import { permissions } from "./commands/permissions.js";
import { sandbox } from "./commands/sandbox.js";
import { serve } from "./commands/serve.js";
import { token } from "./commands/token.js";

export const COMMANDS: readonly Command[] = [serve, sandbox, checkConfig, doctor, permissions, token];

export const USAGE = `Usage: m365-mcp [command] [options]

A read-only Microsoft 365 MCP server that acts as the signed-in user (Entra sign-in, On-Behalf-Of).

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(14)}${c.summary}`).join("\n")}

Without a command: serve when M365_MCP_CLIENT_ID is set (in the environment or M365_MCP_CONFIG_FILE), otherwise
sandbox. Settings come from M365_MCP_* environment variables. Run m365-mcp <command> --help for its options.

Options:
  -h, --help     Show this help
  -v, --version  Print the version

${EXIT_CODES_HELP}`;

/** Node's parseArgs reports a bad command line as a TypeError with one of these codes. */
function isParseError(error: unknown): error is Error {
  const code = (error as { code?: unknown }).code;
  return error instanceof TypeError && typeof code === "string" && code.startsWith("ERR_PARSE_ARGS_");
}

function usageError(io: CliIo, message: string, help: string): number {
  io.stderr(`m365-mcp: ${message}\n\n${help}\n`);
  return EXIT_USAGE;
}

async function runCommand(command: Command, args: string[], io: CliIo): Promise<number> {
  let values: OptionValues;
  try {
    ({ values } = parseArgs({ args, options: { ...command.options, help: { type: "boolean", short: "h" } }, strict: true, allowPositionals: false }));
  } catch (error) {
    if (isParseError(error)) return usageError(io, `${command.name}: ${error.message}`, command.help);
    throw error;
  }
  if (values["help"]) {
    io.stdout(`${command.help}\n`);
    return EXIT_OK;
  }
  try {
    return await command.run(values, io);
  } catch (error) {
    if (error instanceof UsageError) return usageError(io, `${command.name}: ${error.message}`, command.help);
    const [{ reportFailure }, { createLogger }] = await Promise.all([import("./failure.js"), import("../logging/logger.js")]);
    // Always logged, whatever M365_MCP_LOG_LEVEL says: the reference printed on stderr points at this entry.
    return reportFailure(error, io, createLogger("error"));
  }
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    const { entraConfigured } = await import("./mode.js");
    return runCommand(entraConfigured(io.env) ? serve : sandbox, [], io);
  }
  if (first === "-h" || first === "--help" || first === "help") {
    const topic = first === "help" ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
    if (first === "help" && rest.length > 0 && !topic) return usageError(io, `unknown command "${rest[0] ?? ""}"`, USAGE);
    io.stdout(`${topic?.help ?? USAGE}\n`);
    return EXIT_OK;
  }
  if (first === "-v" || first === "--version") {
    io.stdout(`${VERSION}\n`);
    return EXIT_OK;
  }
  const command = COMMANDS.find((c) => c.name === first);
  if (!command) return usageError(io, first.startsWith("-") ? `unknown option "${first}"` : `unknown command "${first}"`, USAGE);
  return runCommand(command, rest, io);
}
