// The README's quick start, exactly: `npm start` with no configuration runs the sandbox. The test reads the token
// from the banner, connects the MCP SDK client, lists the tools and calls each one against the sandbox.
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CallToolResult, Client } from "@modelcontextprotocol/client";
import { connectClient } from "../support/mcp-client.js";
import { SignJWT } from "jose";

/** What the seeded tenant holds for the banner's user, Adele Vance at Contoso (src/sandbox/data). */
const QUERIES = { files: "onboarding", mail: "budget", chat: "release date", folder: "Onboarding", colleague: "alex.wilber@contoso.com" };

interface Started {
  child: ChildProcess;
  output: () => string;
  url: URL;
  token: string;
}

/** No M365_MCP_* settings at all: what a newcomer has after cloning. */
function newcomerEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("M365_MCP_")));
  // A fresh state directory, so the sandbox makes its signing key as it would on a new machine.
  return { ...env, XDG_STATE_HOME: mkdtempSync(join(tmpdir(), "m365-state-")) };
}

function npmStart(): Promise<Started> {
  const child = spawn("npm", ["start"], { env: newcomerEnv(), detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`no banner within 60 s:\n${output}`));
    }, 60_000);
    const read = (chunk: Buffer): void => {
      output += chunk.toString();
      const url = /^MCP URL:\s+(\S+)$/m.exec(output)?.[1];
      const token = /^Bearer token:\s+(\S+)$/m.exec(output)?.[1];
      if (url && token) {
        clearTimeout(timer);
        resolve({ child, output: () => output, url: new URL(url), token });
      }
    };
    child.stdout.on("data", read);
    child.stderr.on("data", read);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited with ${String(code)}:\n${output}`));
    });
  });
}

async function connect(url: URL, token: string): Promise<Client> {
  const client = await connectClient(url, token, "modern", "quick-start");
  return client;
}

describe("quick start: npm start with no configuration", function () {
  this.timeout(120_000);
  let started: Started | undefined;
  let client: Client | undefined;

  before(async () => {
    started = await npmStart();
    client = await connect(started.url, started.token);
  });

  after(async () => {
    await client?.close();
    if (started?.child.pid) process.kill(-started.child.pid, "SIGTERM");
  });

  const sandbox = (): { started: Started; client: Client } => {
    if (!started || !client) throw new Error("not started");
    return { started, client };
  };

  const call = async (name: string, args: Record<string, unknown>): Promise<CallToolResult> => {
    const result = (await sandbox().client.callTool({ name, arguments: args }));
    const text = result.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");
    assert.equal(result.isError, undefined, `${name}: ${text}`);
    return result;
  };

  it("prints a SANDBOX banner first, saying nothing connects to Microsoft 365", () => {
    const { output, url } = sandbox().started;
    const banner = output().slice(output().indexOf("SANDBOX"));
    assert.match(banner.split("\n")[0] ?? "", /^SANDBOX: .*nothing here connects to Microsoft 365/);
    assert.equal(url.href, "http://127.0.0.1:3000/mcp");
    assert.match(banner, /npx -y @modelcontextprotocol\/inspector@2\.12\.0 --cli http:\/\/127\.0\.0\.1:3000\/mcp --transport http --header "Authorization: Bearer ey/);
    assert.match(banner, /claude mcp add --transport http m365-sandbox http:\/\/127\.0\.0\.1:3000\/mcp --header "Authorization: Bearer ey/);
  });

  it("lists every tool", async () => {
    const { tools } = await sandbox().client.listTools();
    assert.deepEqual(tools.map((t) => t.name).sort(), [
      "chat_message_search",
      "find_meeting_availability",
      "get_me",
      "onedrive_list_root",
      "outlook_calendar_search",
      "outlook_email_search",
      "read_resource",
      "sharepoint_folder_search",
      "sharepoint_search",
    ]);
  });

  it("calls each tool successfully against the seeded tenant", async () => {
    const me = await call("get_me", {});
    assert.ok((me.structuredContent as { displayName: string }).displayName.length > 0);
    const week = { startDateTime: new Date().toISOString(), endDateTime: new Date(Date.now() + 7 * 86_400_000).toISOString() };
    const files = (await call("sharepoint_search", { query: QUERIES.files })).structuredContent as { results: Array<{ uri: string }> };
    assert.ok(files.results.length > 0, "the seeded sites have documents to find");
    const mail = (await call("outlook_email_search", { query: QUERIES.mail })).structuredContent as { messages: Array<{ uri: string }> };
    assert.ok(mail.messages.length > 0, "the seeded mailbox has mail to find");
    const chats = (await call("chat_message_search", { query: QUERIES.chat })).structuredContent as { messages: unknown[] };
    assert.ok(chats.messages.length > 0, "the seeded chats have messages to find");
    const events = (await call("outlook_calendar_search", week)).structuredContent as { events: unknown[] };
    assert.ok(events.events.length > 0, "the seeded calendar has events this week");
    await call("find_meeting_availability", { ...week, attendees: [QUERIES.colleague] });
    const folders = (await call("sharepoint_folder_search", { name: QUERIES.folder })).structuredContent as { folders: unknown[] };
    assert.ok(folders.folders.length > 0, "the seeded libraries have folders to find");
    const root = (await call("onedrive_list_root", {})).structuredContent as { items: unknown[] };
    assert.ok(root.items.length > 0, "the seeded OneDrive has files");
    const document = await call("read_resource", { uri: files.results[0]?.uri });
    assert.ok(((document.structuredContent as { text: string }).text).length > 0);
    await call("read_resource", { uri: mail.messages[0]?.uri });
  });

  it("refuses a token the sandbox did not issue", async () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const forged = await new SignJWT({ scp: "access_as_user", tid: "11111111-1111-4111-8111-111111111111", oid: "a11ce000-0000-4000-8000-000000000001" })
      .setProtectedHeader({ alg: "RS256", kid: "forged" })
      .setIssuer("https://login.microsoftonline.com/11111111-1111-4111-8111-111111111111/v2.0")
      .setAudience("api://sandbox")
      .setExpirationTime("1h")
      .sign(privateKey);
    const response = await fetch(sandbox().started.url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream", authorization: `Bearer ${forged}` },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "forger", version: "1" } } }),
    });
    assert.equal(response.status, 401);
    assert.match(response.headers.get("www-authenticate") ?? "", /^Bearer error="invalid_token"/);
  });
});
