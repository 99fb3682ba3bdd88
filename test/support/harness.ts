// Starts the real server on an ephemeral port against simulated Entra, Graph and a file host on loopback sockets of
// their own, and connects a real MCP SDK client. Sign-in is real: tokens are RS256 JWTs from the simulated Entra,
// validated with jose and exchanged with msal-node over HTTPS the server verifies.
import type { CallToolResult, Client } from "@modelcontextprotocol/client";
import { connectClient, type Era } from "./mcp-client.js";
import type { Handler, SimulatorHost } from "../../src/sandbox/host.js";
import { startSimulators, type SimulatorOptions } from "../../src/sandbox/simulators.js";
import { Outbound, type OutboundFetch } from "../../src/net/outbound.js";
import { memoryAuditSink } from "../../src/audit/sink.js";
import type { AuditEvent } from "../../src/audit/events.js";
import { loadConfig } from "../../src/config/load.js";
import { createLogger } from "../../src/logging/logger.js";
import { startServer, type RunningServer } from "../../src/server.js";
import { Writable } from "node:stream";
import { CLIENT_ID, CLIENT_SECRET, MockEntra, type Issuers, type TestUser } from "./mock-entra.js";
import { checkEachTest } from "./end-of-test.js";
import { MockGraph, takeGraphProblems } from "./mock-graph.js";

export type { TestUser };

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
  /** The simulated Entra's origin, the server's M365_MCP_AUTHORITY_HOST. */
  authorityHost: string;
  /** The simulated Graph's origin, the server's M365_MCP_GRAPH_ENDPOINT. */
  graphEndpoint: string;
  /** The file host, where tests' /content redirects point. */
  files: SimulatorHost;
  /** fetch that trusts the simulators' certificate, as the server does: for tests that call a simulator directly. */
  fetch: OutboundFetch;
  /** The pool behind `fetch`, for building a Graph client as the server does. */
  outbound: Outbound;
  auth: TestUsers;
  /** Every audit event the server emitted, in order. */
  audit: AuditEvent[];
  /** The application log's lines at warn and above, in order. */
  logs: Array<{ level: number; msg: string } & Record<string, unknown>>;
  server: RunningServer;
  /** Connects a test user's client, on the 2026-07-28 revision unless the test asks for the 2025 one. */
  connect(name?: string, era?: Era): Promise<Client>;
  /** Connects with a raw bearer token. */
  connectWithToken(token: string, era?: Era): Promise<Client>;
  close(): Promise<void>;
}

export interface HarnessOptions extends SimulatorOptions {
  /** What the file host answers: the downloads that tests' /content redirects point to. */
  files?: Handler;
  /** Issuer hosts for the simulated Entra's tokens and discovery documents, as a proxy or a new cloud would have. */
  issuers?: Issuers;
  /** false: the server sends every MCP request through the SDK, for comparing answers with the direct tools/call. */
  directToolCalls?: boolean;
}

export async function startHarness(env: NodeJS.ProcessEnv = {}, options: HarnessOptions = {}): Promise<Harness> {
  // The app registration has the Application ID URIs the server is told to accept.
  const identifierUris = (env["M365_MCP_API_AUDIENCES"] ?? "").split(",").map((a) => a.trim()).filter((a) => a.includes("://"));
  const simulators = await startSimulators({ entra: (authorityHost, graphResource) => MockEntra.create(authorityHost, graphResource, identifierUris, options.issuers), graph: (check) => new MockGraph(check) }, options);
  const { entra, graph } = simulators;
  if (options.files) simulators.files.handler = options.files;
  const auth = new TestUsers(entra).add("alice-token", ALICE);
  const loaded = loadConfig({ M365_MCP_PORT: "0", ...ENTRA_ENV, M365_MCP_AUTHORITY_HOST: simulators.authorityHost, M365_MCP_GRAPH_ENDPOINT: simulators.graphEndpoint, ...env });
  const config = { ...loaded, extraCertificates: [...loaded.extraCertificates, simulators.certificate] };
  const sink = memoryAuditSink();
  const logs: Harness["logs"] = [];
  const logLines = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n").filter(Boolean)) logs.push(JSON.parse(line) as Harness["logs"][number]);
      done();
    },
  });
  let server: RunningServer;
  try {
    server = await startServer({ config, audit: sink, directToolCalls: options.directToolCalls, logger: config.logLevel === "debug" ? createLogger("debug") : createLogger("warn", logLines) });
  } catch (error) {
    await simulators.close();
    throw error;
  }
  const outbound = new Outbound({ extraCertificates: [simulators.certificate] });
  const clients: Client[] = [];
  const connectWithToken = async (token: string, era?: Era): Promise<Client> => {
    const client = await connectClient(server.url, token, era);
    clients.push(client);
    return client;
  };
  return {
    graph,
    entra,
    authorityHost: simulators.authorityHost,
    graphEndpoint: simulators.graphEndpoint,
    files: simulators.files,
    fetch: outbound.fetch,
    outbound,
    auth,
    audit: sink.events,
    logs,
    server,
    connectWithToken,
    async connect(name = "alice-token", era?: Era) {
      return connectWithToken(await auth.token(name), era);
    },
    async close() {
      await Promise.all(clients.map((c) => c.close()));
      await server.close();
      await outbound.close();
      await simulators.close();
    },
  };
}

/**
 * Registers the mocha hooks for a suite: one server for the suite, and per test mocks reset and the Graph checked: a
 * contract violation or an unauthenticated Graph request fails the test that caused it, and the suite goes on.
 */
export function useHarness(env?: NodeJS.ProcessEnv, options?: HarnessOptions): () => Harness {
  let harness: Harness | undefined;
  before(async () => {
    harness = await startHarness(env, options);
  });
  checkEachTest(() => takeGraphProblems(harness?.graph));
  afterEach(() => {
    harness?.graph.reset();
    harness?.entra.reset();
    if (harness) harness.audit.length = 0;
    if (harness) harness.logs.length = 0;
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
