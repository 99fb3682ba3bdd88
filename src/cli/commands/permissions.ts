// `permissions`: the Graph permissions to grant the app registration, per tool and in total.
import { EXIT_CODES_HELP, EXIT_OK, type Command } from "../command.js";

export const permissions: Command = {
  name: "permissions",
  summary: "Print the delegated Graph permissions to grant, with the manifest snippet and Azure CLI commands",
  help: `Usage: m365-mcp permissions [--json]

Prints the delegated Microsoft Graph permissions the tools need, per tool (alternatives separated by |) and in
total, the optional ones, the admin-consent URL, the app manifest's requiredResourceAccess snippet and the
equivalent Azure CLI commands. With Entra configured, the client ID, tenant and sign-in host are filled in.

Options:
  --json      Print the same as one JSON document
  -h, --help  Show this help

${EXIT_CODES_HELP}`,
  options: { json: { type: "boolean" } },
  async run(values, io) {
    const [{ permissionsReport, renderPermissions }, { checkConfiguration }] = await Promise.all([import("../permissions.js"), import("../validate.js")]);
    const { config, problems } = checkConfiguration(io.env);
    if (problems.length > 0) io.stderr("The configuration is invalid (see m365-mcp check-config), so the client ID and tenant are placeholders.\n");
    const report = permissionsReport(config);
    io.stdout(values["json"] ? `${JSON.stringify(report, null, 2)}\n` : renderPermissions(report));
    return EXIT_OK;
  },
};
