// The m365-mcp executable as an admin meets it: help, usage errors, check-config, and failing fast at startup.
import assert from "node:assert/strict";
import { once } from "node:events";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { COMMANDS, USAGE } from "../../src/cli/cli.js";
import { NO_ENTRA } from "../../src/cli/commands/serve.js";
import { ENTRA_MODE_REFUSAL } from "../../src/cli/commands/token.js";
import { SETTINGS } from "../../src/config/schema.js";
import { SANDBOX_USERS } from "../../src/sandbox/tenant.js";
import { runCli, type Finished } from "./support.js";

const CLIENT_ID = "c0ffee00-0000-4000-8000-00000000c11e";
const ENTRA: NodeJS.ProcessEnv = { M365_MCP_CLIENT_ID: CLIENT_ID, M365_MCP_CLIENT_SECRET: "s3cret", M365_MCP_PUBLIC_URL: "https://mcp.contoso.test" };

const helpOf = (name: string): string => {
  const command = COMMANDS.find((c) => c.name === name);
  assert.ok(command, `no command ${name}`);
  return command.help;
};

/** A stack trace line, which an admin must never see for a misconfiguration. */
const STACK = /^\s+at /m;

describe("m365-mcp command line", function () {
  this.timeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), "m365-cli-"));
  const policy = join(dir, "policy.yaml");
  const badPolicy = join(dir, "bad-policy.yaml");
  const audit = join(dir, "audit.log");
  writeFileSync(policy, "disabledTools: [find_meeting_availability]\n");
  writeFileSync(badPolicy, "enabled: maybe\n");
  // A path under a regular file: no one can create it, root included (ENOTDIR), as with a read-only home.
  const notADirectory = join(dir, "not-a-directory");
  writeFileSync(notADirectory, "");
  const unwritableState = join(notADirectory, "state");

  // Each child is a whole process start, so every invocation the tests look at runs at once, up front.
  const invocations = {
    help: [["--help"], {}],
    helpTopic: [["help", "doctor"], {}],
    version: [["--version"], {}],
    unknownCommand: [["bogus"], {}],
    unknownTopLevelOption: [["--bogus"], {}],
    unknownOption: [["doctor", "--bogus"], {}],
    positional: [["check-config", "extra"], {}],
    badTenant: [["doctor", "--tenant", "contoso"], {}],
    badHours: [["token", "--user", "alice@contoso.com", "--hours", "lots"], {}],
    missingUser: [["token"], {}],
    tokenInEntraMode: [["token", "--user", "alice@contoso.com"], ENTRA],
    sandboxToken: [["token", "--user", SANDBOX_USERS[1]?.upn.toUpperCase() ?? "", "--hours", "1.5"], {}],
    unknownSandboxUser: [["token", "--user", "nobody@contoso.com"], {}],
    tokenWithoutState: [["token", "--user", SANDBOX_USERS[0]?.upn ?? ""], { XDG_STATE_HOME: unwritableState }],
    sandboxBadPort: [["sandbox"], { M365_MCP_PORT: "abc" }],
    configOk: [["check-config"], { ...ENTRA, M365_MCP_POLICY_FILE: policy, M365_MCP_AUDIT_FILE: audit }],
    configSingleTenant: [["check-config"], { ...ENTRA, M365_MCP_TENANT: "11111111-1111-4111-8111-111111111111" }],
    configNoEntra: [["check-config"], {}],
    configInvalid: [["check-config"], { M365_MCP_PORT: "70000", M365_MCP_TENANT: "contoso" }],
    configBadFiles: [["check-config"], { ...ENTRA, M365_MCP_POLICY_FILE: badPolicy, M365_MCP_AUDIT_FILE: join(dir, "missing", "audit.log") }],
    serveWithoutEntra: [["serve"], {}],
    defaultWithBrokenEntra: [[], { M365_MCP_CLIENT_SECRET: "s3cret" }],
    serveBadPolicy: [["serve"], { ...ENTRA, M365_MCP_POLICY_FILE: badPolicy, M365_MCP_PORT: "0" }],
    ...Object.fromEntries(COMMANDS.map((c) => [`help:${c.name}`, [[c.name, "--help"], {}]])),
  } satisfies Record<string, [string[], NodeJS.ProcessEnv]>;
  const results = new Map<string, Finished>();
  const result = (name: keyof typeof invocations | `help:${string}`): Finished => {
    const found = results.get(name);
    assert.ok(found, `no invocation ${name}`);
    return found;
  };

  before(async () => {
    const entries = Object.entries(invocations) as [string, [string[], NodeJS.ProcessEnv]][];
    const finished = await Promise.all(entries.map(([, [args, env]]) => runCli(args, env)));
    entries.forEach(([name], i) => results.set(name, finished[i] as Finished));
  });

  describe("help", () => {
    it("prints the usage with every command and the exit codes, exit 0", () => {
      assert.deepEqual(result("help"), { code: 0, stdout: `${USAGE}\n`, stderr: "" });
      for (const command of COMMANDS) assert.match(USAGE, new RegExp(`^  ${command.name} +${command.summary.replace(/[()]/g, "\\$&")}$`, "m"));
      assert.match(USAGE, /^Exit codes:\n {2}0 {2}success.*\n {2}1 {2}failure.*\n {2}2 {2}usage error/m);
    });

    it("prints each command's help with its options and the exit codes, exit 0", () => {
      for (const command of COMMANDS) {
        assert.deepEqual(result(`help:${command.name}`), { code: 0, stdout: `${command.help}\n`, stderr: "" }, command.name);
        assert.match(command.help, new RegExp(`^Usage: m365-mcp ${command.name}`), command.name);
        assert.match(command.help, /^Exit codes:$/m, command.name);
      }
      assert.match(helpOf("doctor"), /--tenant <tenant-id>/);
      assert.match(helpOf("permissions"), /--json/);
      assert.match(helpOf("token"), /--user <upn>[\s\S]*--hours <n>/);
    });

    it("names only settings that exist, and the shutdown timeout's setting and default", () => {
      for (const text of [USAGE, ...COMMANDS.map((c) => c.help)]) {
        for (const [name] of text.matchAll(/M365_MCP_\w+/g)) assert.ok(name in SETTINGS, `${name} is not a setting`);
      }
      assert.equal(SETTINGS.M365_MCP_SHUTDOWN_TIMEOUT_MS.default, 10_000);
      assert.match(helpOf("serve"), /in-flight requests get up to\nM365_MCP_SHUTDOWN_TIMEOUT_MS \(default 10 seconds\) to finish/);
    });

    it("answers `help <command>` with that command's help", () => {
      assert.deepEqual(result("helpTopic"), { code: 0, stdout: `${helpOf("doctor")}\n`, stderr: "" });
    });

    it("prints the version", () => {
      assert.deepEqual(result("version"), { code: 0, stdout: "0.1.0\n", stderr: "" });
    });
  });

  describe("usage errors exit 2 with the usage on stderr", () => {
    it("an unknown command", () => {
      assert.deepEqual(result("unknownCommand"), { code: 2, stdout: "", stderr: `m365-mcp: unknown command "bogus"\n\n${USAGE}\n` });
    });

    it("an unknown option before any command", () => {
      assert.deepEqual(result("unknownTopLevelOption"), { code: 2, stdout: "", stderr: `m365-mcp: unknown option "--bogus"\n\n${USAGE}\n` });
    });

    it("an unknown option of a command, with that command's help", () => {
      const { code, stdout, stderr } = result("unknownOption");
      assert.equal(code, 2);
      assert.equal(stdout, "");
      assert.match(stderr, /^m365-mcp: doctor: Unknown option '--bogus'/);
      assert.ok(stderr.endsWith(`\n\n${helpOf("doctor")}\n`));
    });

    it("an argument a command does not take", () => {
      const { code, stderr } = result("positional");
      assert.equal(code, 2);
      assert.match(stderr, /^m365-mcp: check-config: Unexpected argument 'extra'/);
    });

    it("bad option values", () => {
      assert.deepEqual(result("badTenant"), {
        code: 2,
        stdout: "",
        stderr: `m365-mcp: doctor: --tenant must be a tenant ID (a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47), got "contoso"\n\n${helpOf("doctor")}\n`,
      });
      assert.deepEqual(result("badHours"), {
        code: 2,
        stdout: "",
        stderr: `m365-mcp: token: --hours must be a number of hours above 0 and at most 720, got "lots"\n\n${helpOf("token")}\n`,
      });
      assert.deepEqual(result("missingUser"), { code: 2, stdout: "", stderr: `m365-mcp: token: --user <upn> is required\n\n${helpOf("token")}\n` });
    });
  });

  describe("check-config", () => {
    it("summarises a valid configuration in one line, exit 0", () => {
      assert.deepEqual(result("configOk"), {
        code: 0,
        stdout: `Configuration OK: multi-tenant app ${CLIENT_ID} (client secret), public URL https://mcp.contoso.test/mcp, policy file ${policy}, audit file ${audit}\n`,
        stderr: "",
      });
      assert.deepEqual(result("configSingleTenant"), {
        code: 0,
        stdout: `Configuration OK: single-tenant app ${CLIENT_ID} in tenant 11111111-1111-4111-8111-111111111111 (client secret), public URL https://mcp.contoso.test/mcp, no policy file, audit events to stdout only\n`,
        stderr: "",
      });
      assert.deepEqual(result("configNoEntra"), {
        code: 0,
        stdout: "Configuration OK: no Entra app (M365_MCP_CLIENT_ID is unset, so m365-mcp starts the sandbox), no policy file, audit events to stdout only\n",
        stderr: "",
      });
    });

    it("lists every invalid setting, exit 1", () => {
      assert.deepEqual(result("configInvalid"), {
        code: 1,
        stdout: "",
        stderr: [
          "Invalid configuration:",
          "  M365_MCP_PORT: must be <= 65535 (got 70000)",
          '  M365_MCP_TENANT: must match pattern "^(organizations|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$" (got "contoso")',
          "",
        ].join("\n"),
      });
    });

    it("checks the policy file and the audit file path too, without creating the audit file", () => {
      assert.deepEqual(result("configBadFiles"), {
        code: 1,
        stdout: "",
        stderr: [
          `Invalid policy file ${badPolicy}:`,
          '  enabled: must be true or false, got string "maybe"',
          "Invalid configuration:",
          `  M365_MCP_AUDIT_FILE: cannot open ${join(dir, "missing", "audit.log")} for appending (ENOENT)`,
          "",
        ].join("\n"),
      });
    });
  });

  describe("failing fast at startup", () => {
    it("serve without Entra settings names what to set, without a stack trace, exit 1", () => {
      assert.deepEqual(result("serveWithoutEntra"), { code: 1, stdout: "", stderr: `${NO_ENTRA}\n` });
    });

    it("the default command with half an Entra configuration is serve, and reports it", () => {
      assert.deepEqual(result("defaultWithBrokenEntra"), {
        code: 1,
        stdout: "",
        stderr: "Invalid configuration:\n  M365_MCP_CLIENT_ID: is required when a client secret or certificate is set\n",
      });
    });

    it("sandbox with an invalid port names the value given", () => {
      assert.deepEqual(result("sandboxBadPort"), { code: 1, stdout: "", stderr: 'Invalid configuration:\n  M365_MCP_PORT: must be integer (got "abc")\n' });
    });

    it("serve with an invalid policy file stops with the policy's problems", () => {
      const { code, stderr } = result("serveBadPolicy");
      assert.equal(code, 1);
      assert.equal(stderr, `Invalid policy file ${badPolicy}:\n  enabled: must be true or false, got string "maybe"\n`);
      assert.doesNotMatch(stderr, STACK);
    });

    it("serve on a port in use says so and how to fix it", async () => {
      const blocker = createServer().listen(0, "127.0.0.1");
      await once(blocker, "listening");
      const { port } = blocker.address() as AddressInfo;
      try {
        const { code, stderr } = await runCli(["serve"], { ...ENTRA, M365_MCP_PORT: String(port) });
        assert.equal(code, 1);
        assert.equal(stderr, `Cannot listen on 127.0.0.1:${port}: the port is already in use. Stop the other process or set M365_MCP_PORT to a free port.\n`);
      } finally {
        blocker.close();
      }
    });
  });

  describe("token", () => {
    it("prints a sandbox user's token, valid for the hours asked", () => {
      const { code, stdout, stderr } = result("sandboxToken");
      assert.equal(code, 0);
      assert.equal(stderr, "");
      assert.match(stdout, /^[\w-]+\.[\w-]+\.[\w-]+\n$/);
      const claims = JSON.parse(Buffer.from(stdout.split(".")[1] ?? "", "base64url").toString()) as { preferred_username: string; iat: number; exp: number };
      assert.equal(claims.preferred_username, SANDBOX_USERS[1]?.upn);
      assert.equal(claims.exp - claims.iat, 5400);
    });

    it("names the sandbox users when the user is unknown, exit 1", () => {
      assert.deepEqual(result("unknownSandboxUser"), {
        code: 1,
        stdout: "",
        stderr: `nobody@contoso.com is not a sandbox user; the sandbox users are ${SANDBOX_USERS.map((u) => u.upn).join(", ")}.\n`,
      });
    });

    it("explains why it cannot help when the signing key cannot be saved, exit 1", () => {
      const key = join(unwritableState, "m365-mcp", "sandbox-signing-key.json");
      assert.deepEqual(result("tokenWithoutState"), {
        code: 1,
        stdout: "",
        stderr: `Cannot mint a token a sandbox accepts: its signing key cannot be saved in ${key} (ENOTDIR), so each sandbox signs with a key of its own. Use the token the sandbox banner prints, or set XDG_STATE_HOME to a writable directory for both the sandbox and m365-mcp token.\n`,
      });
    });

    it("refuses in Entra mode, exit 1", () => {
      assert.deepEqual(result("tokenInEntraMode"), { code: 1, stdout: "", stderr: `${ENTRA_MODE_REFUSAL}\n` });
    });
  });
});
