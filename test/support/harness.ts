// Starts the real server on an ephemeral port with mocked Entra and Graph, and connects a real MCP SDK client.
// Sign-in is real: tokens are RS256 JWTs from the mock Entra, validated with jose and exchanged with msal-node.
import assert from "node:assert/strict";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { RequestHandler } from "msw";
import { memoryAuditSink } from "../../src/audit/sink.js";
import type { AuditEvent } from "../../src/audit/events.js";
import { loadConfig } from "../../src/config/load.js";
import { createLogger } from "../../src/logging/logger.js";
import { startServer, type RunningServer } from "../../src/server.js";
import { CLIENT_ID, CLIENT_SECRET, MockEntra, type MockAuthority, type TestUser } from "./mock-entra.js";
import { MockGraph } from "./mock-graph.js";

export type { TestUser };

// Captured before MSW patches fetch: the MCP client talks to our server directly, never through the mocks.
export const loopbackFetch = globalThis.fetch;

export const ALL_SCOPES = [
  "User.Read", "MailboxSettings.Read", "Mail.Read", "Mail.Read.Shared", "Calendars.Read", "People.Read", "User.ReadBasic.All",
  "Files.Read.All", "Sites.Read.All", "Chat.Read", "ChannelMessage.Read.All", "Files.Read",
];

export const ALICE: TestUser = { tenantId: "11111111-1111-4111-8111-111111111111", userId: "a11ce000-0000-4000-8000-000000000001", upn: "alice@contoso.com", scopes: ALL_SCOPES };

/** The settings every harness runs with: Entra sign-in against the mock authority. */
export const ENTRA_ENV: NodeJS.ProcessEnv = {
  M365_MCP_CLIENT_ID: CLIENT_ID,
  M365_MCP_CLIENT_SECRET: CLIENT_SECRET,
  M365_MCP_PUBLIC_URL: "https://mcp.contoso.test",
};

/** Test users by name; each name gets one real token, minted on first use. */
export class TestUsers {
  private readonly users = new Map<string, TestUser>();
  private readonly tokens = new Map<string, Promise<string>>();

  constructor(private readonly entra: MockEntra) {}

  add(name: string, user: TestUser): this {
    this.users.set(name, user);
    this.tokens.delete(name);
    return this;
  }

  token(name: string): Promise<string> {
    const user = this.users.get(name);
    if (!user) throw new Error(`no test user named ${name}`);
    let token = this.tokens.get(name);
    if (!token) {
      token = this.entra.token(user);
      this.tokens.set(name, token);
    }
    return token;
  }
}

export interface Harness {
  graph: MockGraph;
  entra: MockEntra;
  auth: TestUsers;
  /** Every audit event the server emitted, in order. */
  audit: AuditEvent[];
  /** The application log's lines at warn and above (debug and above with M365_MCP_LOG_LEVEL=debug), in order. */
  logs: Array<Record<string, unknown>>;
  server: RunningServer;
  connect(name?: string): Promise<Client>;
  /** Connects with a raw bearer token. */
  connectWithToken(token: string): Promise<Client>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** MSW handlers for hosts beside Graph and Entra that the server talks to (download hosts). */
  otherHosts?: readonly RequestHandler[];
  /** Entra at another authority host; M365_MCP_AUTHORITY_HOST is set to it. */
  authority?: MockAuthority;
}

export async function startHarness(env: NodeJS.ProcessEnv = {}, options: HarnessOptions = {}): Promise<Harness> {
  const entra = await MockEntra.create(options.authority);
  const graph = new MockGraph([...entra.handlers, ...(options.otherHosts ?? [])]);
  graph.listen();
  const auth = new TestUsers(entra).add("alice-token", ALICE);
  const authorityHost = options.authority ? { M365_MCP_AUTHORITY_HOST: options.authority.authorityHost } : {};
  const config = loadConfig({ M365_MCP_PORT: "0", ...ENTRA_ENV, ...authorityHost, ...env });
  const sink = memoryAuditSink();
  const debug = config.logLevel === "debug";
  const logs: Array<Record<string, unknown>> = [];
  const destination = {
    write(line: string): void {
      logs.push(JSON.parse(line) as Record<string, unknown>);
      if (debug) process.stdout.write(line);
    },
  };
  const server = await startServer({ config, audit: sink, logger: createLogger(debug ? "debug" : "warn", destination) });
  const clients: Client[] = [];
  const connectWithToken = async (token: string): Promise<Client> => {
    const client = new Client({ name: "m365-mcp-tests", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(server.url, { fetch: loopbackFetch, requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
    clients.push(client);
    return client;
  };
  return {
    graph,
    entra,
    auth,
    audit: sink.events,
    logs,
    server,
    connectWithToken,
    async connect(name = "alice-token") {
      return connectWithToken(await auth.token(name));
    },
    async close() {
      await Promise.all(clients.map((c) => c.close()));
      await server.close();
      graph.close();
    },
  };
}

/** Registers the mocha hooks for a suite: one server for the suite, mocks reset and contract violations checked per test. */
export function useHarness(env?: NodeJS.ProcessEnv, options?: HarnessOptions): () => Harness {
  let harness: Harness | undefined;
  before(async () => {
    harness = await startHarness(env, options);
  });
  afterEach(() => {
    const violations = [...(harness?.graph.violations ?? [])];
    harness?.graph.reset();
    harness?.entra.reset();
    if (harness) harness.audit.length = 0;
    if (harness) harness.logs.length = 0;
    assert.deepEqual(violations, [], "the server's Graph requests and the mocks must match the Graph contract");
  });
  after(async () => {
    await harness?.close();
  });
  return () => {
    if (!harness) throw new Error("harness not started");
    return harness;
  };
}

export function textOf(result: CallToolResult): string {
  return result.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");
}
