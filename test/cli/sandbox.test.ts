// The sandbox's settings and its signing key as an admin meets them, and both commands releasing what they opened
// when startup fails.
import assert from "node:assert/strict";
import { once } from "node:events";
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { Client } from "@modelcontextprotocol/client";
import { connectClient } from "../support/mcp-client.js";
import { createAuditSink } from "../../src/audit/sink.js";
import type { CliIo } from "../../src/cli/command.js";
import { serve } from "../../src/cli/commands/serve.js";
import { runSandbox } from "../../src/sandbox/sandbox.js";
import { SANDBOX_USERS } from "../../src/sandbox/tenant.js";
import { startCli, watch, type Watched } from "./support.js";

const CLIENT_ID = "c0ffee00-0000-4000-8000-00000000c11e";

/** The descriptors this process holds open on `file` (Linux). */
function descriptorsOn(file: string): string[] {
  return readdirSync("/proc/self/fd").filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === file;
    } catch {
      return false; // the descriptor readdir itself used, closed by now
    }
  });
}

async function waitForFile(file: string, pattern: RegExp): Promise<string> {
  for (let tries = 0; tries < 100; tries++) {
    const text = existsSync(file) ? readFileSync(file, "utf8") : "";
    if (pattern.test(text)) return text;
    await sleep(50);
  }
  throw new Error(`${file} never matched ${String(pattern)}`);
}

describe("m365-mcp sandbox", function () {
  this.timeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), "m365-sandbox-"));
  // A path under a regular file: no one can create it, root included (ENOTDIR), as with a read-only home.
  const notADirectory = join(dir, "not-a-directory");
  writeFileSync(notADirectory, "");
  const unwritableState = join(notADirectory, "state");

  describe("with M365_MCP_CONFIG_FILE naming a real Entra app, and no writable state directory", () => {
    const audit = join(dir, "audit.log");
    const configFile = join(dir, "m365-mcp.yaml");
    writeFileSync(
      configFile,
      [
        `M365_MCP_CLIENT_ID: ${CLIENT_ID}`,
        "M365_MCP_CLIENT_CERTIFICATE: /no/such/certificate.pem",
        "M365_MCP_TENANT: 11111111-1111-4111-8111-111111111111",
        "M365_MCP_AUTHORITY_HOST: https://login.microsoftonline.us",
        "M365_MCP_GRAPH_ENDPOINT: https://graph.contoso.test",
        "M365_MCP_PUBLIC_URL: https://mcp.contoso.test",
        "M365_MCP_PORT: 0",
        `M365_MCP_AUDIT_FILE: ${audit}`,
        "",
      ].join("\n"),
    );
    let running: Watched | undefined;
    let client: Client | undefined;
    let banner = "";
    let url: URL | undefined;

    before(async () => {
      running = watch(startCli(["sandbox"], { M365_MCP_CONFIG_FILE: configFile, M365_MCP_CLIENT_SECRET: "s3cret", XDG_STATE_HOME: unwritableState }));
      const [, mcpUrl] = await running.waitFor(/^MCP URL:\s+(\S+)$/m);
      const [, token] = await running.waitFor(/^Bearer token:\s+(\S+)$/m);
      await running.waitFor(/^Other users: .*\n(Note: .*\n)?/m);
      banner = running.stdout();
      url = new URL(mcpUrl ?? "");
      client = await connectClient(url, token ?? "", "modern", "sandbox-test");
    });

    after(async () => {
      await client?.close();
      running?.child.kill("SIGTERM");
      await running?.exited;
    });

    it("keeps its own Entra app, tenant, sign-in host, Graph and public URL, and applies the file's other settings", async () => {
      assert.ok(url && client);
      // The file's M365_MCP_PORT: 0 picked a free port; its public URL did not replace the sandbox's.
      assert.match(url.href, /^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
      assert.notEqual(url.port, "3000");
      // Signing in (the simulated Entra's On-Behalf-Of) and Graph both work: the file's real ones were not used.
      const me = await client.callTool({ name: "get_me", arguments: {} });
      assert.equal(me.isError, undefined, JSON.stringify(me.content));
      assert.equal((me.structuredContent as { displayName: string }).displayName, SANDBOX_USERS[0]?.displayName);
      const events = await waitForFile(audit, /"event":"tool\.call"/);
      assert.match(events, /"tool":"get_me"/);
    });

    it("extracts a file's text in the compiled build's worker", async () => {
      assert.ok(client);
      const root = await client.callTool({ name: "onedrive_list_root", arguments: {} });
      const items = (root.structuredContent as { items: Array<{ name: string; uri: string }> }).items;
      const goals = items.find((item) => item.name === "Quarterly Goals.docx");
      assert.ok(goals, JSON.stringify(items.map((item) => item.name)));
      const read = await client.callTool({ name: "read_resource", arguments: { uri: goals.uri } });
      assert.equal(read.isError, undefined, JSON.stringify(read.content));
      assert.equal((read.structuredContent as { kind: string }).kind, "file");
      assert.match((read.structuredContent as { text: string }).text, /Grow the partner programme to 25 partners/);
    });

    it("says in the banner that m365-mcp token cannot serve it, and its own token still works", () => {
      const key = join(unwritableState, "m365-mcp", "sandbox-signing-key.json");
      assert.match(banner, /^Bearer token: ey/m);
      const lines = banner.split("\n");
      const others = lines.findIndex((line) => line.startsWith("Other users: "));
      assert.equal(
        lines[others + 1],
        `Note: tokens from \`m365-mcp token\` will not work with this sandbox because its signing key cannot be saved in ${key} (ENOTDIR); set XDG_STATE_HOME to a writable directory to keep one.`,
      );
    });
  });

  describe("closes the audit file when startup fails", () => {
    let blocker: Server;
    let port = 0;
    before(async () => {
      blocker = createServer().listen(0, "127.0.0.1");
      await once(blocker, "listening");
      ({ port } = blocker.address() as AddressInfo);
    });
    after(() => {
      blocker.close();
    });

    const io = (env: NodeJS.ProcessEnv): CliIo => ({ env, stdout: () => undefined, stderr: () => undefined });
    const inUse = (error: unknown): boolean => (error as NodeJS.ErrnoException).code === "EADDRINUSE";

    it("an open audit sink shows here, so the checks below can fail", async () => {
      const file = join(dir, "open.log");
      const sink = createAuditSink({ file });
      assert.equal(descriptorsOn(file).length, 1);
      await sink.close();
      assert.deepEqual(descriptorsOn(file), []);
    });

    it("serve", async () => {
      const file = join(dir, "serve-audit.log");
      const env = { M365_MCP_CLIENT_ID: CLIENT_ID, M365_MCP_CLIENT_SECRET: "s3cret", M365_MCP_PUBLIC_URL: "https://mcp.contoso.test", M365_MCP_LOG_LEVEL: "silent" };
      await assert.rejects(serve.run({}, io({ ...env, M365_MCP_PORT: String(port), M365_MCP_AUDIT_FILE: file })), inUse);
      assert.deepEqual(descriptorsOn(file), []);
    });

    it("sandbox", async () => {
      const file = join(dir, "sandbox-audit.log");
      const env = { M365_MCP_PORT: String(port), M365_MCP_AUDIT_FILE: file, M365_MCP_LOG_LEVEL: "silent", XDG_STATE_HOME: join(dir, "state") };
      await assert.rejects(runSandbox(env), inUse);
      assert.deepEqual(descriptorsOn(file), []);
    });
  });
});
