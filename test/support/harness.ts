// Starts the real server on an ephemeral port with mocked Graph, and connects a real MCP SDK client.
import assert from "node:assert/strict";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { AuthOutcome, Authenticator } from "../../src/auth/caller.js";
import { loadConfig } from "../../src/config/load.js";
import { createLogger } from "../../src/logging/logger.js";
import { startServer, type RunningServer } from "../../src/server.js";
import { MockGraph } from "./mock-graph.js";

// Captured before MSW patches fetch: the MCP client talks to our server directly, never through the Graph mock.
const loopbackFetch = globalThis.fetch;

export interface TestUser {
  tenantId: string;
  userId: string;
  upn: string;
  scopes: string[];
}

export const ALL_SCOPES = [
  "User.Read", "MailboxSettings.Read", "Mail.Read", "Mail.Read.Shared", "Calendars.Read", "People.Read", "User.ReadBasic.All",
  "Files.Read.All", "Sites.Read.All", "Chat.Read", "ChannelMessage.Read.All", "Files.Read",
];

export const ALICE: TestUser = { tenantId: "11111111-1111-4111-8111-111111111111", userId: "a11ce000-0000-4000-8000-000000000001", upn: "alice@contoso.com", scopes: ALL_SCOPES };

/** Test stand-in for token validation and OBO: a bearer token names a test user; the Graph token is derived from it. */
export class TestAuthenticator implements Authenticator {
  readonly users = new Map<string, TestUser>();

  add(token: string, user: TestUser): this {
    this.users.set(token, user);
    return this;
  }

  authenticate(authorization: string | undefined): Promise<AuthOutcome> {
    const user = this.users.get(authorization?.replace(/^Bearer /, "") ?? "");
    if (!user) return Promise.resolve({ ok: false, status: 401, wwwAuthenticate: 'Bearer error="invalid_token"', message: "Invalid token." });
    return Promise.resolve({
      ok: true,
      caller: {
        tenantId: user.tenantId,
        userId: user.userId,
        upn: user.upn,
        grantedScopes: new Set(user.scopes),
        graphTokens: { graphToken: () => Promise.resolve(`graph-token-${user.userId}`) },
      },
    });
  }
}

export interface Harness {
  graph: MockGraph;
  auth: TestAuthenticator;
  server: RunningServer;
  connect(token?: string): Promise<Client>;
  close(): Promise<void>;
}

export async function startHarness(env: NodeJS.ProcessEnv = {}): Promise<Harness> {
  const graph = new MockGraph();
  graph.listen();
  const auth = new TestAuthenticator().add("alice-token", ALICE);
  const config = loadConfig({ M365_MCP_PORT: "0", ...env });
  const server = await startServer({ config, authenticator: auth, logger: createLogger(config.logLevel === "debug" ? "debug" : "silent") });
  const clients: Client[] = [];
  return {
    graph,
    auth,
    server,
    async connect(token = "alice-token") {
      const client = new Client({ name: "m365-mcp-tests", version: "1.0.0" });
      await client.connect(new StreamableHTTPClientTransport(server.url, { fetch: loopbackFetch, requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
      clients.push(client);
      return client;
    },
    async close() {
      await Promise.all(clients.map((c) => c.close()));
      await server.close();
      graph.close();
    },
  };
}

/** Registers the mocha hooks for a suite: one server for the suite, mocks reset and contract violations checked per test. */
export function useHarness(env?: NodeJS.ProcessEnv): () => Harness {
  let harness: Harness | undefined;
  before(async () => {
    harness = await startHarness(env);
  });
  afterEach(() => {
    const violations = [...(harness?.graph.violations ?? [])];
    harness?.graph.reset();
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
