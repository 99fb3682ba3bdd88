// `check-config`: validates the settings, the policy file and the audit file without starting anything.
import { EXIT_CODES_HELP, EXIT_FAILURE, EXIT_OK, type Command } from "../command.js";

export const checkConfig: Command = {
  name: "check-config",
  summary: "Validate the settings, the policy file and the audit file path, without starting",
  help: `Usage: m365-mcp check-config

Validates the M365_MCP_* settings (and M365_MCP_CONFIG_FILE), the policy file named by M365_MCP_POLICY_FILE and
the audit file path in M365_MCP_AUDIT_FILE, exactly as startup would. Prints a one-line summary, or every problem.

Options:
  -h, --help  Show this help

${EXIT_CODES_HELP}`,
  options: {},
  async run(_values, io) {
    const { checkConfiguration, describeConfiguration } = await import("../validate.js");
    const { config, problems } = checkConfiguration(io.env);
    if (!config || problems.length > 0) {
      io.stderr(`${problems.join("\n")}\n`);
      return EXIT_FAILURE;
    }
    io.stdout(`Configuration OK: ${describeConfiguration(config)}\n`);
    return EXIT_OK;
  },
};
