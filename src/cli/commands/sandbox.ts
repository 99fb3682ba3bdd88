// `sandbox`: the real server against simulated Entra and Graph tenants, to try it without an app registration.
import { EXIT_CODES_HELP, type Command } from "../command.js";

export const sandbox: Command = {
  name: "sandbox",
  summary: "Run the server against simulated tenants (the default without M365_MCP_CLIENT_ID)",
  help: `Usage: m365-mcp sandbox

Runs the real server with Entra sign-in and Microsoft Graph simulated in this process, with seeded, made-up data.
Nothing connects to Microsoft 365. Prints the MCP URL and a bearer token for a sandbox user; m365-mcp token mints
tokens for the other users. The sandbox sets the Entra app, tenant, sign-in host, Graph endpoint and public URL itself;
every other M365_MCP_* setting applies, from the environment or M365_MCP_CONFIG_FILE (M365_MCP_PORT=0 picks a free
port). SIGTERM or SIGINT stops it gracefully, as m365-mcp serve.

Options:
  --conformance-tools  Also serve the three diagnostic tools the MCP conformance suite calls (npm run conformance)
  -h, --help           Show this help

${EXIT_CODES_HELP}`,
  options: { "conformance-tools": { type: "boolean" } },
  async run(values, io) {
    // The simulators and the seeded tenants are loaded only here: they have no place in a real server's process.
    const [{ runSandbox }, { untilStopped }] = await Promise.all([import("../../sandbox/sandbox.js"), import("../shutdown.js")]);
    const run = await runSandbox(io.env, { conformanceTools: values["conformance-tools"] === true });
    io.stdout(`${run.banner}\n`);
    return untilStopped(() => run.close(), run.logger);
  },
};
