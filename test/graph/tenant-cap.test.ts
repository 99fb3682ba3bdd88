// The per-tenant and per-user caps on Graph requests, on a real loopback socket: a Graph stand-in that holds each
// request until the test answers it, so what is in flight is counted at the server, never inferred from timing.
import assert from "node:assert/strict";
import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as delay } from "node:timers/promises";
import { listMessages } from "../../generated/graph-client.js";
import { GraphHttp, type GraphClient, type GraphHttpOptions } from "../../src/graph/client.js";
import { GRAPH_TIMEOUT, GraphError } from "../../src/graph/errors.js";
import { Outbound } from "../../src/net/outbound.js";

const CONTOSO = "11111111-1111-4111-8111-111111111111";
const FABRIKAM = "22222222-2222-4222-8222-222222222222";
const APP = "c0ffee00-0000-4000-8000-00000000c11e";
const PAGE = JSON.stringify({ "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users('me')/messages", value: [] });

interface Reply {
  status?: number;
  headers?: Record<string, string>;
}

/** A request the stand-in holds: who sent it (from the test token "tenant|user"), its $top tag, and how to answer it. */
interface Held {
  tenant: string;
  user: string;
  tag: number;
  answer(reply?: Reply): void;
}

/** Graph on a loopback socket; it holds every request until the test answers it, or answers at once when told. */
class HeldGraph {
  readonly held: Held[] = [];
  readonly seen: { tenant: string; user: string; tag: number }[] = [];
  /** The most requests the server ever had in flight, per tenant. */
  readonly most = new Map<string, number>();
  /** Answers at once instead of holding, when set. */
  autoReply: ((request: Omit<Held, "answer">) => Reply) | undefined;
  private readonly server = createServer((request, response) => {
    this.receive(request, response);
  });

  async start(): Promise<string> {
    await once(this.server.listen(0, "127.0.0.1"), "listening");
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  reset(): void {
    for (const request of this.held.splice(0)) request.answer();
    this.seen.length = 0;
    this.most.clear();
    this.autoReply = undefined;
  }

  inFlight(tenant: string, user?: string): number {
    return this.held.filter((h) => h.tenant === tenant && (user === undefined || h.user === user)).length;
  }

  /** Answers the oldest request held (that matches, when told). */
  answerFirst(matches: (request: Held) => boolean = () => true): void {
    const index = this.held.findIndex(matches);
    assert.ok(index >= 0, "no such request in flight");
    this.held.splice(index, 1)[0]?.answer();
  }

  /** Answers every request held now (of one tenant, when named); returns how many. */
  answerAll(tenant?: string): number {
    const now = this.held.filter((h) => tenant === undefined || h.tenant === tenant);
    for (const request of now) {
      this.held.splice(this.held.indexOf(request), 1);
      request.answer();
    }
    return now.length;
  }

  private receive(request: IncomingMessage, response: ServerResponse): void {
    const [tenant = "", user = ""] = (request.headers.authorization ?? "").replace(/^Bearer /, "").split("|");
    const tag = Number(new URL(request.url ?? "/", "http://graph").searchParams.get("$top"));
    this.seen.push({ tenant, user, tag });
    const answer = (reply: Reply = {}): void => {
      response.writeHead(reply.status ?? 200, { "content-type": "application/json", ...reply.headers });
      response.end(PAGE);
    };
    if (this.autoReply) {
      answer(this.autoReply({ tenant, user, tag }));
      return;
    }
    this.held.push({ tenant, user, tag, answer });
    this.most.set(tenant, Math.max(this.most.get(tenant) ?? 0, this.inFlight(tenant)));
  }
}

/** Waits for a condition the test cannot await directly, with a bound generous for a shared machine. */
async function until(condition: () => boolean, what: string): Promise<void> {
  const started = performance.now();
  while (!condition()) {
    if (performance.now() - started > 10_000) assert.fail(`timed out waiting until ${what}`);
    await delay(5);
  }
}

describe("the Graph transport's caps per tenant and user", () => {
  const graph = new HeldGraph();
  const outbound = new Outbound();
  let endpoint = "";
  before(async () => {
    endpoint = await graph.start();
  });
  afterEach(() => {
    graph.reset();
  });
  after(async () => {
    await outbound.close();
    await graph.stop();
  });

  const transport = (options: GraphHttpOptions = {}): GraphHttp => new GraphHttp(new URL(endpoint), outbound, { timeoutMs: 10_000, ...options });
  const clientOf = (http: GraphHttp, tenantId: string, userId: string, signal?: AbortSignal): GraphClient =>
    http.clientFor({ graphToken: () => Promise.resolve(`${tenantId}|${userId}`) }, signal, { tenantId, userId });
  const read = (client: GraphClient, tag: number): Promise<unknown> => listMessages(client, { query: { $top: tag } });
  const queued = (http: GraphHttp, tenant: string): number => http.gate.load(tenant)?.queued ?? 0;

  it("holds a tenant to its cap under a burst, letting the others in as places free", async () => {
    const http = transport({ tenantConcurrency: 3 });
    const users = ["alice", "bob", "carol"];
    const calls = Array.from({ length: 10 }, (_, i) => read(clientOf(http, CONTOSO, users[i % 3] ?? ""), i + 1));
    await until(() => graph.inFlight(CONTOSO) === 3 && queued(http, CONTOSO) === 7, "three are in flight and seven wait");
    let answered = 0;
    while (answered < 10) {
      await until(() => graph.held.length > 0, "the next requests arrive");
      answered += graph.answerAll();
    }
    await Promise.all(calls);
    assert.equal(graph.seen.length, 10);
    assert.equal(graph.most.get(CONTOSO), 3, "never more than the cap at the server");
    assert.equal(http.gate.load(CONTOSO), undefined, "an idle tenant at its full cap is forgotten");
  });

  it("lets waiting requests in first come, first served", async () => {
    const http = transport({ tenantConcurrency: 1 });
    const hold = await http.gate.acquire({ tenantId: CONTOSO, userId: "admin" }, new AbortController().signal);
    const calls: Promise<unknown>[] = [];
    for (let tag = 1; tag <= 5; tag++) {
      calls.push(read(clientOf(http, CONTOSO, tag % 2 ? "alice" : "bob"), tag));
      await until(() => queued(http, CONTOSO) === tag, `request ${tag} waits`);
    }
    graph.autoReply = () => ({});
    hold.release();
    await Promise.all(calls);
    assert.deepEqual(graph.seen.map((r) => r.tag), [1, 2, 3, 4, 5]);
  });

  it("keeps one user's burst to the user cap, so a colleague's request goes straight through", async () => {
    const http = transport({ tenantConcurrency: 4, userConcurrency: 2 });
    const burst = Array.from({ length: 6 }, (_, i) => read(clientOf(http, CONTOSO, "alice"), i + 1));
    await until(() => graph.inFlight(CONTOSO, "alice") === 2 && queued(http, CONTOSO) === 4, "two of Alice's are in flight and four wait");
    const bobs = read(clientOf(http, CONTOSO, "bob"), 100);
    await until(() => graph.inFlight(CONTOSO, "bob") === 1, "Bob's request reaches Graph");
    assert.equal(graph.inFlight(CONTOSO, "alice"), 2);
    assert.equal(queued(http, CONTOSO), 4, "Alice's others still wait");
    // The tenant has room for two more, but Alice's freed place lets in only one of hers.
    graph.answerFirst((h) => h.user === "alice");
    await until(() => queued(http, CONTOSO) === 3, "one of Alice's waiting requests gets the freed place");
    await until(() => graph.inFlight(CONTOSO, "alice") === 2, "it reaches Graph");
    assert.deepEqual([graph.inFlight(CONTOSO, "alice"), queued(http, CONTOSO)], [2, 3]);
    graph.autoReply = () => ({});
    graph.answerAll();
    await Promise.all([...burst, bobs]);
    assert.equal(graph.seen.length, 7);
    assert.equal(graph.most.get(CONTOSO), 3, "Alice's two and Bob's one, never more");
  });

  it("does not hold other tenants back when one is at its cap", async () => {
    const http = transport({ tenantConcurrency: 2 });
    const contoso = Array.from({ length: 5 }, (_, i) => read(clientOf(http, CONTOSO, "alice"), i + 1));
    await until(() => graph.inFlight(CONTOSO) === 2 && queued(http, CONTOSO) === 3, "Contoso is at its cap");
    const fabrikam = Array.from({ length: 2 }, (_, i) => read(clientOf(http, FABRIKAM, "frank"), i + 1));
    await until(() => graph.inFlight(FABRIKAM) === 2, "Fabrikam's requests reach Graph");
    graph.answerAll(FABRIKAM);
    await Promise.all(fabrikam);
    assert.equal(graph.inFlight(CONTOSO), 2);
    assert.equal(queued(http, CONTOSO), 3, "Contoso's wait on, untouched");
    graph.autoReply = () => ({});
    graph.answerAll();
    await Promise.all(contoso);
  });

  it("does not cap a client built without a caller", async () => {
    const http = transport({ tenantConcurrency: 1 });
    const bare = http.clientFor({ graphToken: () => Promise.resolve(`${CONTOSO}|alice`) });
    const calls = Array.from({ length: 3 }, (_, i) => read(bare, i + 1));
    await until(() => graph.inFlight(CONTOSO) === 3, "all three are in flight");
    graph.answerAll();
    await Promise.all(calls);
  });

  it("takes a cancelled call out of the queue, and the next one gets its place", async () => {
    const http = transport({ tenantConcurrency: 1 });
    const hold = await http.gate.acquire({ tenantId: CONTOSO, userId: "admin" }, new AbortController().signal);
    const cancel = new AbortController();
    const cancelled = read(clientOf(http, CONTOSO, "alice", cancel.signal), 1);
    await until(() => queued(http, CONTOSO) === 1, "the first call waits");
    const next = read(clientOf(http, CONTOSO, "bob"), 2);
    await until(() => queued(http, CONTOSO) === 2, "the second call waits");
    cancel.abort();
    await assert.rejects(cancelled, (error: unknown) => {
      assert.ok(error instanceof Error && !(error instanceof GraphError), String(error));
      assert.equal(error.message, "The tool call was cancelled.");
      return true;
    });
    assert.equal(queued(http, CONTOSO), 1, "the cancelled call left the queue");
    graph.autoReply = () => ({});
    hold.release();
    await next;
    assert.deepEqual(graph.seen.map((r) => r.tag), [2], "the cancelled call never reached Graph");
  });

  it("fails a request still waiting at its deadline with the transport's timeout error", async () => {
    const http = transport({ tenantConcurrency: 1, timeoutMs: 300 });
    const hold = await http.gate.acquire({ tenantId: CONTOSO, userId: "admin" }, new AbortController().signal);
    const client = clientOf(http, CONTOSO, "alice");
    await assert.rejects(read(client, 1), (error: unknown) => {
      assert.ok(error instanceof GraphError, String(error));
      assert.deepEqual([error.status, error.code], [504, GRAPH_TIMEOUT]);
      assert.equal(error.message, "Microsoft Graph did not answer within 0.3 s while reading this mailbox; try again.");
      return true;
    });
    assert.deepEqual(client.requests.map((r) => r.status), ["error"]);
    assert.equal(queued(http, CONTOSO), 0, "it left the queue");
    assert.equal(graph.seen.length, 0, "it never reached Graph");
    hold.release();
    assert.equal(http.gate.load(CONTOSO), undefined);
  });

  it("slows a tenant Graph reports near its limit (x-ms-throttle-limit-percentage), and clean answers bring it back", async () => {
    const http = transport({ tenantConcurrency: 4 });
    graph.autoReply = () => ({ headers: { "x-ms-throttle-limit-percentage": "0.95", "x-ms-resource-unit": "1" } });
    const warned = clientOf(http, CONTOSO, "alice");
    await read(warned, 1);
    assert.deepEqual(warned.requests[0]?.throttle, { limitPercentage: 0.95 });
    assert.equal(http.gate.load(CONTOSO)?.limit, 1, "one request at a time at 95% of the limit");

    // Each step: answer the oldest request in flight, then see how many the gate lets in.
    graph.autoReply = undefined;
    const users = ["alice", "bob", "carol"];
    const burst = Array.from({ length: 6 }, (_, i) => read(clientOf(http, CONTOSO, users[i % 3] ?? ""), i + 2));
    const state = (): [number, number, number | undefined] => [graph.inFlight(CONTOSO), queued(http, CONTOSO), http.gate.load(CONTOSO)?.limit];
    const step = async (expected: [number, number, number | undefined], what: string): Promise<void> => {
      await until(() => graph.inFlight(CONTOSO) === expected[0] && queued(http, CONTOSO) === expected[1], what);
      assert.deepEqual(state(), expected, what);
    };
    await step([1, 5, 1], "one in flight while Graph reports 95%");
    graph.answerFirst();
    await step([2, 3, 2], "one clean answer: one more place");
    graph.answerFirst();
    await step([2, 2, 2], "the next clean answer is half a round trip: no more yet");
    graph.answerFirst();
    await step([3, 0, 3], "a round trip's worth of clean answers: one more place");
    graph.answerAll();
    await Promise.all(burst);
    assert.equal(http.gate.load(CONTOSO), undefined, "three more clean answers: back at four, and the idle tenant forgotten");

    const full = Array.from({ length: 4 }, (_, i) => read(clientOf(http, CONTOSO, users[i % 2] ?? ""), 20 + i));
    await until(() => graph.inFlight(CONTOSO) === 4, "four are in flight again");
    graph.answerAll();
    await Promise.all(full);
  });

  it("drops a tenant to one request on a 429 naming a tenant scope, recording scope and reason without identifiers", async () => {
    const http = transport({ tenantConcurrency: 4 });
    let calls = 0;
    graph.autoReply = () => {
      calls += 1;
      if (calls > 1) return {};
      return {
        status: 429,
        headers: { "retry-after": "0", "x-ms-throttle-scope": `Tenant_Application/Read/${APP}/${CONTOSO}`, "x-ms-throttle-information": "ResourceUnitLimitExceeded" },
      };
    };
    const client = clientOf(http, CONTOSO, "alice");
    await read(client, 1);
    const [record] = client.requests;
    assert.equal(record?.status, "ok", "the retry succeeded");
    assert.deepEqual(record.throttle, { scope: "Tenant_Application/Read", reason: "ResourceUnitLimitExceeded" });
    assert.ok(!JSON.stringify(record).includes(APP) && !JSON.stringify(record).includes(CONTOSO), "no identifiers from the scope");
    assert.equal(http.gate.load(CONTOSO)?.limit, 1);
  });

  it("halves a tenant's cap on a 429 that names no scope (one mailbox's, perhaps)", async () => {
    const http = transport({ tenantConcurrency: 8 });
    graph.autoReply = () => ({ status: 429, headers: { "retry-after": "60" } });
    await assert.rejects(read(clientOf(http, CONTOSO, "alice"), 1), (error: unknown) => error instanceof GraphError && error.status === 429);
    assert.equal(http.gate.load(CONTOSO)?.limit, 4);
  });
});
