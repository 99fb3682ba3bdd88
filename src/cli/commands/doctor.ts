// `doctor`: checks the configuration and every party sign-in depends on, live.
import { EXIT_CODES_HELP, EXIT_FAILURE, EXIT_OK, UsageError, type Command } from "../command.js";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const doctor: Command = {
  name: "doctor",
  summary: "Diagnose Entra sign-in live: configuration, Entra, credentials, Graph, public URL",
  help: `Usage: m365-mcp doctor [--tenant <tenant-id>]

Checks, live, what sign-in depends on, one line each (✓ or ✗ with how to fix it):
  1. the configuration (as check-config)
  2. Entra's OpenID discovery document and signing keys are reachable
  3. Entra accepts the client secret or certificate (asks for an app-only Graph token; needs no permission)
  4. Microsoft Graph is reachable
  5. the public URL serves protected-resource metadata that matches the configuration (the server must be running)
Each check gives up after M365_MCP_ENTRA_TIMEOUT_MS.

Options:
  --tenant <tenant-id>  The app's home tenant (Directory ID) for check 3; needed for a multi-tenant app
                        (M365_MCP_TENANT=organizations), whose credentials Entra checks only in a real tenant
  -h, --help            Show this help

${EXIT_CODES_HELP}`,
  options: { tenant: { type: "string" } },
  async run(values, io) {
    const tenant = values["tenant"];
    if (tenant !== undefined && (typeof tenant !== "string" || !GUID.test(tenant))) {
      throw new UsageError(`--tenant must be a tenant ID (a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47), got ${JSON.stringify(tenant)}`);
    }
    const { renderChecks, runDoctor } = await import("../doctor.js");
    const results = await runDoctor({ env: io.env, ...(tenant ? { tenant: tenant.toLowerCase() } : {}) });
    io.stdout(renderChecks(results));
    return results.every((r) => r.ok) ? EXIT_OK : EXIT_FAILURE;
  },
};
