// Nothing secret and no content in the logs: a full scenario through the real server with distinctive tokens,
// secrets, search text and mail, chat and document content, capturing every line the audit trail and the
// application log (at trace level) write, as they would reach stdout together.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { Writable } from "node:stream";
import { SdkHttpError, type CallToolResult, type Client } from "@modelcontextprotocol/client";
import { connectClient } from "../support/mcp-client.js";
import type { AuditEvent, AuthFailureEvent, ToolCallEvent } from "../../src/audit/events.js";
import { createAuditSink } from "../../src/audit/sink.js";
import { loadConfig } from "../../src/config/load.js";
import { createLogger } from "../../src/logging/logger.js";
import { startServer, type RunningServer } from "../../src/server.js";
import { startSimulators } from "../../src/sandbox/simulators.js";
import { odataPage } from "../support/fixtures.js";
import { ALL_SCOPES, ENTRA_ENV, textOf, type TestUser } from "../support/harness.js";
import { CLIENT_SECRET, MockEntra } from "../support/mock-entra.js";
import { graphError, MockGraph, searchRequestOf, type GraphRequest, type MockReply } from "../support/mock-graph.js";

const ALICE: TestUser = { tenantId: "1ea40000-0000-4000-8000-00000000000a", userId: "1ea4a11c-0000-4000-8000-000000000001", upn: "alice@leak.example", scopes: ALL_SCOPES };
const BOB: TestUser = { tenantId: "1ea40000-0000-4000-8000-00000000000a", userId: "1ea4b0b0-0000-4000-8000-000000000002", upn: "bob@leak.example", scopes: ALL_SCOPES };

// Every value below is distinctive, so finding it anywhere in the captured output means it leaked.
const MAIL_QUERY = "quokka lantern 7731";
const CHAT_QUERY = "marmalade zeppelin 4410";
const DOC_QUERY = "obsidian tuba 9052";
const MAIL_SUBJECT = "Wombat merger codename Heliotrope";
const MAIL_PREVIEW = "Preview mentions the Saffron acquisition";
const MAIL_SENTENCE = "The vault combination is ultramarine-pelican-2468.";
const SENDER_NAME = "Ignatius Quillfeather";
const SENDER_ADDRESS = "ignatius.quillfeather@fabrikam.example";
const MAIL_LINK_KEY = "exvsurl=ZQX-mail-link-key";
const ATTACHMENT_NAME = "Layoff-list-Borealis.xlsx";
const THREAD_SUBJECT = "RE: Wombat merger follow-up Cerulean";
const CHAT_TEXT = "the launch slips to Thursday because of Juniper";
const CHAT_SENDER = "Perpetua Bramblewood";
const CHAT_TOPIC = "Project Nightjar layoffs";
const CHAT_MEMBER = "Evander Thistlewood";
const DOC_TEXT = "salary bands for the Tamarind reorg";
const FILE_NAME = "Tamarind reorg plan.docx";
const DOC_PATH = "Secret%20Folder%20Vermilion";
const GRAPH_ERROR_TEXT = "Mailbox of Octavia Larkspur is on legal hold";
const ENTRA_ERROR_TEXT = "AADSTS50013: Assertion of user Marigold failed signature validation";
const OPAQUE_TOKEN = "opaque-credential-Zyzzyva-0451";

const MESSAGE_ID = "AAMkLeak1=";
const MESSAGE_URI = `m365://mail/${encodeURIComponent(MESSAGE_ID)}`;
const FORBIDDEN_ID = "AAMkLeak2=";
const SITE_URL = "https://leak.sharepoint.com/sites/Finance";
const DRIVE_ID = "b!TGVha0RyaXZlLTAxMjM0NTY3ODlhYmNkZWZnaGlqa2xtbm9wcXJzdHV2";
const ITEM_ID = "01LEAKITEM6QN3ZWBTUFOFD3GSPGOHDJ";
const CHAT_ID = "19:1eakc4a7@thread.v2";

const MAIL_CONTEXT = "https://graph.microsoft.com/v1.0/$metadata#users('alice%40leak.example')/messages";
const sender = { emailAddress: { name: SENDER_NAME, address: SENDER_ADDRESS } };

function mailSearchReply(): MockReply {
  return {
    body: odataPage(MAIL_CONTEXT, [
      {
        id: MESSAGE_ID,
        subject: MAIL_SUBJECT,
        from: sender,
        toRecipients: [{ emailAddress: { name: "Alice", address: ALICE.upn } }],
        receivedDateTime: "2026-11-20T09:15:00Z",
        bodyPreview: MAIL_PREVIEW,
        hasAttachments: true,
        isRead: false,
        webLink: `https://outlook.office365.com/owa/?ItemID=AAMkLeak1%3D&${MAIL_LINK_KEY}`,
      },
    ]),
  };
}

const THREAD: MockReply = {
  body: odataPage(`${MAIL_CONTEXT}(id,subject,from,receivedDateTime)`, [
    { id: MESSAGE_ID, subject: MAIL_SUBJECT, from: sender, receivedDateTime: "2026-11-20T09:15:00Z" },
    { id: "AAMkLeak3=", subject: THREAD_SUBJECT, from: sender, receivedDateTime: "2026-11-21T10:00:00Z" },
  ]),
};

const MESSAGE: MockReply = {
  body: {
    "@odata.context": `${MAIL_CONTEXT}/$entity`,
    id: MESSAGE_ID,
    subject: MAIL_SUBJECT,
    from: sender,
    toRecipients: [{ emailAddress: { name: "Alice", address: ALICE.upn } }],
    ccRecipients: [],
    receivedDateTime: "2026-11-20T09:15:00Z",
    sentDateTime: "2026-11-20T09:14:58Z",
    hasAttachments: true,
    conversationId: "AAQkLeakConv=",
    webLink: `https://outlook.office365.com/owa/?ItemID=AAMkLeak1%3D&${MAIL_LINK_KEY}`,
    body: { contentType: "html", content: `<html><body><p>${MAIL_SENTENCE}</p></body></html>` },
  },
};

const ATTACHMENTS: MockReply = {
  body: {
    "@odata.context": `${MAIL_CONTEXT}('AAMkLeak1%3D')/attachments(name,contentType,size)`,
    value: [{ "@odata.type": "#microsoft.graph.fileAttachment", id: "AAMkLeakAtt=", name: ATTACHMENT_NAME, contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", size: 1234 }],
  },
};

function searchHits(searchTerm: string, hits: unknown[]): MockReply {
  return {
    body: {
      "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#Collection(microsoft.graph.searchResponse)",
      value: [{ searchTerms: [searchTerm], hitsContainers: [{ hits, total: hits.length, moreResultsAvailable: false }] }],
    },
  };
}

const CHAT_HIT = {
  hitId: "AAMkLeakChatHit=",
  rank: 1,
  summary: `…${CHAT_TEXT}<ddd/>`,
  resource: {
    "@odata.type": "microsoft.graph.chatMessage",
    id: "1700000000001",
    createdDateTime: "2026-11-14T07:01:01Z",
    subject: "",
    importance: "normal",
    from: { emailAddress: { name: CHAT_SENDER, address: "perpetua@leak.example" } },
    channelIdentity: {},
    etag: "1700000000001",
    chatId: CHAT_ID,
  },
};

const FILE_HIT = {
  hitId: ITEM_ID,
  rank: 1,
  summary: `The <c0>${DOC_TEXT}</c0> <ddd/>`,
  resource: {
    "@odata.type": "#microsoft.graph.driveItem",
    id: ITEM_ID,
    name: FILE_NAME,
    webUrl: `${SITE_URL}/${DOC_PATH}/Tamarind%20reorg%20plan.docx`,
    size: 24576,
    createdDateTime: "2026-09-01T08:00:00Z",
    lastModifiedDateTime: "2026-10-02T09:15:00Z",
    lastModifiedBy: { user: { displayName: SENDER_NAME } },
    parentReference: { driveId: DRIVE_ID, id: "01LEAKPARENT", siteId: "leak.sharepoint.com,2c712604-1370-44e7-a1f5-426573fda80a,2d2244c3-251a-49ea-93a8-39e1c3a060fe" },
  },
};

function mockGraph(graph: MockGraph): void {
  graph
    .on("listMessages", (request: GraphRequest) => (request.query.has("$search") ? mailSearchReply() : THREAD))
    .on("getMessage", (request) => (request.pathParams["message-id"] === FORBIDDEN_ID || request.url.pathname.endsWith(encodeURIComponent(FORBIDDEN_ID)) ? graphError(403, "ErrorAccessDenied", GRAPH_ERROR_TEXT) : MESSAGE))
    .on("listMessageAttachments", () => ATTACHMENTS)
    // The chat a hit is in, which the search names by its topic and members.
    .on("getChat", () => ({
      body: {
        id: CHAT_ID,
        topic: CHAT_TOPIC,
        chatType: "group",
        members: [{ "@odata.type": "#microsoft.graph.aadUserConversationMember", id: "bWVtYmVyLTE=", displayName: CHAT_MEMBER, userId: "e1a2b3c4-0000-4000-8000-000000000009", roles: ["owner"] }],
      },
    }))
    .on("searchQuery", (request) => {
      const { entityTypes, query } = searchRequestOf(request);
      return entityTypes.includes("chatMessage") ? searchHits(query.queryString, [CHAT_HIT]) : searchHits(query.queryString, [FILE_HIT]);
    });
}

/** Collects every line written to it, as stdout would receive them. */
function captureStream(): { stream: Writable; text: () => string; lines: () => Array<Record<string, unknown>> } {
  let text = "";
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, text: () => text, lines: () => text.split("\n").filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>) };
}

interface Running {
  entra: MockEntra;
  graph: MockGraph;
  server: RunningServer;
  output: ReturnType<typeof captureStream>;
  connect(token: string): Promise<Client>;
  close(): Promise<void>;
}

/**
 * The server as production starts it, except that the application log and the audit trail write to one capture
 * stream.
 */
async function startCapturing(env: NodeJS.ProcessEnv): Promise<Running> {
  const simulators = await startSimulators({ entra: (authorityHost, graphResource) => MockEntra.create(authorityHost, graphResource), graph: (check) => new MockGraph(check) });
  const { entra, graph } = simulators;
  const output = captureStream();
  const loaded = loadConfig({ ...ENTRA_ENV, M365_MCP_PORT: "0", M365_MCP_LOG_LEVEL: "trace", M365_MCP_AUTHORITY_HOST: simulators.authorityHost, M365_MCP_GRAPH_ENDPOINT: simulators.graphEndpoint, ...env });
  const config = { ...loaded, extraCertificates: [simulators.certificate] };
  const logger = createLogger(config.logLevel, output.stream);
  const audit = createAuditSink({ stream: output.stream });
  const server = await startServer({ config, logger, audit });
  const clients: Client[] = [];
  return {
    entra,
    graph,
    server,
    output,
    async connect(token) {
      const client = await connectClient(server.url, token, "modern", "leak-test");
      clients.push(client);
      return client;
    },
    async close() {
      await Promise.all(clients.map((c) => c.close()));
      await server.close();
      await audit.close();
      await simulators.close();
    },
  };
}

/** The Graph tokens the server sent to the simulated Graph, which the logs must never hold. */
function graphTokensSent(graph: MockGraph): string[] {
  return [...new Set(graph.requests.map((r) => r.headers.get("authorization")?.replace(/^Bearer /, "") ?? ""))].filter(Boolean);
}

async function call(client: Client, name: string, args: Record<string, unknown>): Promise<CallToolResult> {
  return await client.callTool({ name, arguments: args });
}

const digest = (text: string): { length: number; sha256: string } => ({ length: Array.from(text).length, sha256: createHash("sha256").update(text, "utf8").digest("hex") });

/** The JWT whole and each of its payload and signature segments, any of which alone would be a leak. */
const tokenParts = (jwt: string): string[] => [jwt, ...jwt.split(".").slice(1)];

const auditEvents = (running: Running): AuditEvent[] => running.output.lines().filter((l) => l["stream"] === "audit") as unknown as AuditEvent[];
const toolCall = (events: AuditEvent[], tool: string, outcome: ToolCallEvent["outcome"]): ToolCallEvent | undefined =>
  events.find((e): e is ToolCallEvent => e.event === "tool.call" && e.tool === tool && e.outcome === outcome);

describe("audit and application logs hold no secrets and no content", function () {
  this.timeout(30_000);

  it("logs identifiers, codes and digests only, through a full scenario", async () => {
    const running = await startCapturing({});
    try {
      const { entra, graph } = running;
      mockGraph(graph);
      const aliceToken = await entra.token(ALICE);
      const bobToken = await entra.token(BOB);
      const rogueToken = await entra.token(ALICE, { rogueKey: true });

      const alice = await running.connect(aliceToken);
      assert.ok((await alice.listTools()).tools.length > 0);
      const mail = await call(alice, "outlook_email_search", { query: MAIL_QUERY, limit: 5 });
      assert.match(textOf(mail), new RegExp(MAIL_SUBJECT), "the content went through the server");
      const read = await call(alice, "read_resource", { uri: MESSAGE_URI });
      assert.match(textOf(read), /ultramarine-pelican-2468/);
      assert.match(textOf(read), new RegExp(ATTACHMENT_NAME));
      const chat = await call(alice, "chat_message_search", { query: CHAT_QUERY });
      assert.match(textOf(chat), new RegExp(CHAT_TEXT));
      const docs = await call(alice, "sharepoint_search", { query: DOC_QUERY });
      assert.match(textOf(docs), new RegExp(DOC_TEXT));
      const forbidden = await call(alice, "read_resource", { uri: `m365://mail/${encodeURIComponent(FORBIDDEN_ID)}` });
      assert.equal(forbidden.isError, true);

      const unauthorized = (error: unknown): boolean => error instanceof SdkHttpError && error.status === 401;
      await assert.rejects(running.connect(rogueToken), unauthorized);
      await assert.rejects(running.connect(OPAQUE_TOKEN), unauthorized);
      entra.failNextExchange({ status: 400, error: "invalid_grant", description: ENTRA_ERROR_TEXT, codes: [50013] });
      await assert.rejects(running.connect(bobToken), unauthorized);
      const raw = await fetch(running.server.url, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json", authorization: `Basic ${OPAQUE_TOKEN}` },
        body: "{}",
      });
      assert.equal(raw.status, 401);
      assert.deepEqual(graph.violations, []);

      const events = auditEvents(running);
      const who = { tenantId: ALICE.tenantId, userId: ALICE.userId, upn: ALICE.upn };
      assert.deepEqual(toolCall(events, "outlook_email_search", "ok")?.arguments, { query: digest(MAIL_QUERY), limit: 5 });
      assert.deepEqual(toolCall(events, "chat_message_search", "ok")?.arguments, { query: digest(CHAT_QUERY) });
      assert.deepEqual(toolCall(events, "sharepoint_search", "ok")?.arguments, { query: digest(DOC_QUERY) });
      const readEvent = toolCall(events, "read_resource", "ok");
      assert.deepEqual([readEvent?.arguments, readEvent?.resources], [{ uri: MESSAGE_URI }, [MESSAGE_URI]]);
      const failed = toolCall(events, "read_resource", "error");
      assert.deepEqual([failed?.errorKind, failed?.errorCode], ["access_denied", "graph_403_ErrorAccessDenied"]);
      assert.ok(events.some((e) => e.event === "auth.success" && e.userId === ALICE.userId), "auth.success for alice");
      assert.ok(events.some((e) => e.event === "obo.exchange" && e.userId === ALICE.userId && e.outcome === "ok"));
      assert.deepEqual(
        events.filter((e): e is AuthFailureEvent => e.event === "auth.failure").map((e) => [e.reason, e.status]),
        [["unknown_key", 401], ["malformed", 401], ["malformed", 401]],
      );
      const failedExchange = events.find((e) => e.event === "obo.exchange" && e.outcome === "error");
      assert.deepEqual(failedExchange && { ...failedExchange, time: undefined, requestId: undefined, correlationId: undefined, durationMs: undefined }, {
        stream: "audit",
        time: undefined,
        event: "obo.exchange",
        requestId: undefined,
        tenantId: BOB.tenantId,
        userId: BOB.userId,
        upn: BOB.upn,
        source: "network",
        outcome: "error",
        aadsts: "AADSTS50013",
        errorCode: "invalid_grant",
        correlationId: undefined,
        durationMs: undefined,
      });
      assert.ok(events.filter((e) => e.event === "tool.call").every((e) => e.tenantId === who.tenantId && e.userId === who.userId && e.upn === who.upn));
      const appLines = running.output.lines().filter((l) => l["stream"] !== "audit");
      assert.ok(appLines.filter((l) => l["msg"] === "request" && l["path"] === "/mcp").length >= 10, "the application log was captured at trace level");

      const secrets: Record<string, string> = {
        "client secret": CLIENT_SECRET,
        "opaque bearer": OPAQUE_TOKEN,
        "mail query": MAIL_QUERY,
        "chat query": CHAT_QUERY,
        "document query": DOC_QUERY,
        "mail subject": MAIL_SUBJECT,
        "mail preview": MAIL_PREVIEW,
        "mail body": "ultramarine-pelican-2468",
        "sender name": SENDER_NAME,
        "sender address": SENDER_ADDRESS,
        "mail web link": MAIL_LINK_KEY,
        "attachment name": ATTACHMENT_NAME,
        "thread subject": THREAD_SUBJECT,
        "chat text": CHAT_TEXT,
        "chat sender": CHAT_SENDER,
        "chat topic": CHAT_TOPIC,
        "chat member": CHAT_MEMBER,
        "document text": DOC_TEXT,
        "file name": FILE_NAME,
        "document path": DOC_PATH,
        "Graph error message": GRAPH_ERROR_TEXT,
        "Entra error description": "Marigold",
      };
      for (const [i, part] of [aliceToken, bobToken, rogueToken].flatMap(tokenParts).entries()) secrets[`bearer token part ${i}`] = part;
      const graphTokens = graphTokensSent(running.graph);
      assert.equal(graphTokens.length, 1, "Alice's Graph token reached the simulated Graph (Bob's exchange was refused)");
      for (const [i, part] of graphTokens.flatMap(tokenParts).entries()) secrets[`Graph token part ${i}`] = part;
      const logged = running.output.text();
      const leaks = Object.entries(secrets).filter(([, value]) => logged.includes(value)).map(([name]) => name);
      assert.deepEqual(leaks, [], "secrets or content found in the logs");
    } finally {
      await running.close();
    }
  });

  it("logs search text as typed only with M365_MCP_AUDIT_QUERIES=1, and still no content or tokens", async () => {
    const running = await startCapturing({ M365_MCP_AUDIT_QUERIES: "1" });
    try {
      const { entra, graph } = running;
      mockGraph(graph);
      const token = await entra.token(ALICE);
      const alice = await running.connect(token);
      await call(alice, "outlook_email_search", { query: MAIL_QUERY, limit: 5 });
      await call(alice, "chat_message_search", { query: CHAT_QUERY });
      assert.deepEqual(graph.violations, []);

      const events = auditEvents(running);
      assert.deepEqual(toolCall(events, "outlook_email_search", "ok")?.arguments, { query: MAIL_QUERY, limit: 5 });
      assert.deepEqual(toolCall(events, "chat_message_search", "ok")?.arguments, { query: CHAT_QUERY });
      const logged = running.output.text();
      const leaks = [MAIL_SUBJECT, MAIL_PREVIEW, SENDER_NAME, CHAT_TEXT, CHAT_SENDER, CLIENT_SECRET, ...tokenParts(token), ...graphTokensSent(graph).flatMap(tokenParts)].filter((value) => logged.includes(value));
      assert.deepEqual(leaks, []);
    } finally {
      await running.close();
    }
  });
});
