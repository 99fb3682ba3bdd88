// The Graph transport on a real socket: what each request carries, how throttling is retried within the deadline,
// and how answers that are not Graph's JSON (a gateway's HTML, a redirect, no answer at all) fail clearly.
import assert from "node:assert/strict";
import { getDriveItemContent, getMe, listMessages } from "../../generated/graph-client.js";
import { GraphHttp } from "../../src/graph/client.js";
import { GraphError } from "../../src/graph/errors.js";
import { Outbound } from "../../src/net/outbound.js";
import { VERSION } from "../../src/version.js";
import { useGraphClient } from "../support/graph-client.js";
import { closedPort } from "../support/closed-port.js";
import { graphError } from "../support/mock-graph.js";

const ME = {
  "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users(id,displayName)/$entity",
  id: "3b6f2a1c-0a1d-4e5f-8b9c-ade1e0000001",
  displayName: "Alice",
};

const rejectsWith = async (work: Promise<unknown>, expected: Partial<GraphError>): Promise<void> => {
  await assert.rejects(work, (error: unknown) => {
    assert.ok(error instanceof GraphError, String(error));
    assert.deepEqual(Object.fromEntries(Object.keys(expected).map((k) => [k, error[k as keyof GraphError]])), expected);
    return true;
  });
};

describe("the Graph transport", () => {
  const simulated = useGraphClient({ timeoutMs: 2000 });

  it("sends the caller's token, a client-request-id the record keeps, its user agent, and literal $ options", async () => {
    simulated().graph.on("getMe", () => ({ body: ME, headers: { "request-id": "req-me-1" } }));
    const graph = simulated().client();
    assert.deepEqual(await getMe(graph, { query: { $select: "id,displayName" } }), ME);
    const [request] = simulated().graph.requestsFor("getMe");
    assert.ok(request);
    assert.equal(request.url.search, "?$select=id%2CdisplayName");
    assert.equal(request.headers.get("user-agent"), `m365-mcp/${VERSION}`);
    assert.equal(request.headers.get("accept"), "application/json");
    assert.equal(request.headers.get("retry-attempt"), null);
    assert.deepEqual(graph.requests, [{ operationId: "getMe", clientRequestId: request.headers.get("client-request-id"), requestId: "req-me-1", status: "ok" }]);
  });

  it("retries a throttled request three times, numbering each retry, then answers with the 429", async () => {
    // Retry-After as an HTTP date already past: no wait.
    simulated().graph.on("listMessages", () => {
      const reply = graphError(429, "TooManyRequests", "Slow down.");
      return { ...reply, headers: { ...reply.headers, "Retry-After": new Date(Date.now() - 5000).toUTCString() } };
    });
    const graph = simulated().client();
    await rejectsWith(listMessages(graph, { query: { $top: 10 } }), { status: 429, code: "TooManyRequests", requestId: "req-TooManyRequests", retryAfterSeconds: undefined });
    const requests = simulated().graph.requestsFor("listMessages");
    assert.deepEqual(requests.map((r) => r.headers.get("retry-attempt")), [null, "1", "2", "3"]);
    assert.equal(new Set(requests.map((r) => r.headers.get("client-request-id"))).size, 1, "a retry is the same request");
    assert.deepEqual(graph.requests.map((r) => r.status), ["error"]);
  });

  it("recovers when a retry succeeds", async () => {
    let calls = 0;
    simulated().graph.on("getMe", () => {
      calls += 1;
      return calls === 1 ? { ...graphError(503, "serviceNotAvailable"), headers: { "Retry-After": "0" } } : { body: ME };
    });
    assert.deepEqual(await getMe(simulated().client(), {}), ME);
    assert.equal(calls, 2);
  });

  it("retries a 503 without Retry-After twice, backing off from a few hundred milliseconds: three attempts in all", async () => {
    simulated().graph.on("getMe", () => graphError(503, "serviceNotAvailable"));
    await rejectsWith(getMe(simulated().client(), {}), { status: 503, code: "serviceNotAvailable" });
    assert.deepEqual(simulated().graph.requestsFor("getMe").map((r) => r.headers.get("retry-attempt")), [null, "1", "2"]);
  });

  it("retries a reset connection and recovers; after three resets Graph is reported unreachable", async () => {
    let calls = 0;
    simulated().graph.on("getMe", () => {
      calls += 1;
      return calls === 1 ? { reset: true } : { body: ME };
    });
    assert.deepEqual(await getMe(simulated().client(), {}), ME);
    assert.equal(calls, 2);
    simulated().graph.on("getMe", () => ({ reset: true }));
    const graph = simulated().client();
    await rejectsWith(getMe(graph, {}), { status: 503, code: "GraphUnreachable" });
    assert.equal(simulated().graph.requestsFor("getMe").length, 2 + 3);
    assert.deepEqual(graph.requests.map((r) => r.status), ["error"]);
  });

  it("does not retry when the wait would pass the deadline: Retry-After 60 is answered at once", async () => {
    simulated().graph.on("getMe", () => ({ ...graphError(429, "TooManyRequests"), headers: { "Retry-After": "60" } }));
    await rejectsWith(getMe(simulated().client(), {}), { status: 429, retryAfterSeconds: 60 });
    assert.equal(simulated().graph.requestsFor("getMe").length, 1);
  });

  it("does not retry other failures", async () => {
    simulated().graph.on("getMe", () => graphError(500, "generalException"));
    await rejectsWith(getMe(simulated().client(), {}), { status: 500, code: "generalException" });
    assert.equal(simulated().graph.requestsFor("getMe").length, 1);
  });

  it("reads a gateway's HTML failure by its status alone", async () => {
    simulated().graph.on("getMe", () => ({ status: 502, raw: "<html><body>Bad Gateway</body></html>", headers: { "content-type": "text/html" } }));
    await rejectsWith(getMe(simulated().client(), {}), { status: 502, code: "UnknownError", graphMessage: "" });
  });

  it("fails a JSON call answered with a redirect, without following it", async () => {
    simulated().graph.on("getMe", () => ({ status: 302, headers: { location: "https://elsewhere.example/me" } }));
    await rejectsWith(getMe(simulated().client(), {}), { status: 502, code: "InvalidResponse" });
  });

  it("fails a JSON call answered with a body that is not JSON", async () => {
    simulated().graph.on("getMe", () => ({ raw: "{not json" }));
    await rejectsWith(getMe(simulated().client(), {}), { status: 502, code: "InvalidResponse" });
  });

  it("returns a download's Location unfollowed, and fails when Graph sends none", async () => {
    const params = { path: { "drive-id": "b!drive", "driveItem-id": "01ITEM" } };
    simulated().graph.on("getDriveItemContent", () => ({ status: 302, headers: { location: "https://files.example/download?token=x" } }));
    assert.equal(await getDriveItemContent(simulated().client(), params), "https://files.example/download?token=x");
    simulated().graph.on("getDriveItemContent", () => ({ status: 200, raw: "" }));
    await rejectsWith(getDriveItemContent(simulated().client(), params), { status: 502, code: "InvalidResponse", graphMessage: "Graph sent no redirect" });
  });

  it("reports a Graph endpoint that cannot be reached as unreachable", async () => {
    const port = await closedPort();
    const outbound = new Outbound();
    try {
      const graph = new GraphHttp(new URL(`http://127.0.0.1:${port}`), outbound).clientFor({ graphToken: () => Promise.resolve("token") });
      await rejectsWith(getMe(graph, {}), { status: 503, code: "GraphUnreachable" });
      assert.deepEqual(graph.requests.map((r) => r.status), ["error"]);
    } finally {
      await outbound.close();
    }
  });
});
