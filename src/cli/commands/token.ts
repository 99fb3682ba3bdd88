// `token`: a bearer token for a sandbox user, for MCP clients pointed at a running sandbox.
import { EXIT_CODES_HELP, EXIT_FAILURE, EXIT_OK, UsageError, type Command } from "../command.js";

export const MAX_TOKEN_HOURS = 720;
export const ENTRA_MODE_REFUSAL = "token is for the sandbox; real tokens come from Entra sign-in (M365_MCP_CLIENT_ID is set, so this is not a sandbox).";

function hoursOf(value: string | boolean | undefined): number {
  if (value === undefined) return 12;
  const hours = Number(value);
  if (typeof value !== "string" || !/^\d+(\.\d+)?$/.test(value) || hours <= 0 || hours > MAX_TOKEN_HOURS) {
    throw new UsageError(`--hours must be a number of hours above 0 and at most ${MAX_TOKEN_HOURS}, got ${JSON.stringify(value)}`);
  }
  return hours;
}

export const token: Command = {
  name: "token",
  summary: "Print a bearer token for a sandbox user",
  help: `Usage: m365-mcp token --user <upn> [--hours <n>]

Prints a bearer token for a sandbox user (sandbox only), which a running m365-mcp sandbox on this machine accepts:
both use the signing key kept in $XDG_STATE_HOME/m365-mcp (default ~/.local/state/m365-mcp), so where that
cannot be written it refuses. Unknown users are refused with the list of sandbox users. With Entra configured it refuses: real tokens come from
Entra sign-in.

Options:
  --user <upn>   The sandbox user, e.g. the one the sandbox banner names
  --hours <n>    How long the token is valid, in hours (default 12, at most ${MAX_TOKEN_HOURS})
  -h, --help     Show this help

${EXIT_CODES_HELP}`,
  options: { user: { type: "string" }, hours: { type: "string" } },
  async run(values, io) {
    const user = values["user"];
    if (typeof user !== "string" || user === "") throw new UsageError("--user <upn> is required");
    const hours = hoursOf(values["hours"]);
    const { entraConfigured } = await import("../mode.js");
    if (entraConfigured(io.env)) {
      io.stderr(`${ENTRA_MODE_REFUSAL}\n`);
      return EXIT_FAILURE;
    }
    const { sandboxToken, SandboxKeyError, SandboxUserError } = await import("../../sandbox/sandbox.js");
    try {
      io.stdout(`${await sandboxToken(user, Math.round(hours * 3600), io.env)}\n`);
      return EXIT_OK;
    } catch (error) {
      if (!(error instanceof SandboxUserError || error instanceof SandboxKeyError)) throw error;
      io.stderr(`${error.message}\n`);
      return EXIT_FAILURE;
    }
  },
};
