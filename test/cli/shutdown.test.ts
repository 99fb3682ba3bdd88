// Graceful shutdown: on close() or SIGTERM/SIGINT, no new connections, in-flight requests finish, then exit 0.
//
// A request is "in flight" from the moment the server answers its Expect: 100-continue, which Node's HTTP server does
// as it hands the request over: the tests wait for that, not for a pause that a loaded machine may not honour. Times
// are checked only against bounds that follow from the logic (not before the drain timeout) or that are far from
// anything a loaded machine reaches.
import assert from "node:assert/strict";
import { once } from "node:events";
import { connect, type Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { memoryAuditSink } from "../../src/audit/sink.js";
import { loadConfig } from "../../src/config/load.js";
import { createLogger } from "../../src/logging/logger.js";
import { startServer, type RunningServer } from "../../src/server.js";
import { startCli, watch, type Watched } from "./support.js";

const ENTRA: NodeJS.ProcessEnv = {
  M365_MCP_CLIENT_ID: "c0ffee00-0000-4000-8000-00000000c11e",
  M365_MCP_CLIENT_SECRET: "s3cret",
  M365_MCP_PUBLIC_URL: "https://mcp.contoso.test",
  M365_MCP_PORT: "0",
};
const PING = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" });
const CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n";

/** An HTTP request written by hand, so the test decides when its body ends: until then it is in flight. */
interface SlowRequest {
  socket: Socket;
  /** Resolves once the server has the request: it answered the request's Expect: 100-continue. */
  inFlight: Promise<void>;
  /** Everything the server sent after its 100 Continue, once it closed the connection. */
  received: Promise<string>;
  finish(then?: string): void;
}

async function slowPing(port: number, authorization?: string): Promise<SlowRequest> {
  const socket = connect(port, "127.0.0.1");
  await once(socket, "connect");
  let data = "";
  let continued: () => void = () => undefined;
  const inFlight = new Promise<void>((resolve) => (continued = resolve));
  socket.on("data", (chunk: Buffer) => {
    data += chunk.toString();
    if (data.startsWith(CONTINUE)) continued();
  });
  const received = new Promise<string>((resolve) => {
    socket.once("close", () => {
      resolve(data.startsWith(CONTINUE) ? data.slice(CONTINUE.length) : data);
    });
  });
  const headers = [
    "POST /mcp HTTP/1.1",
    `Host: 127.0.0.1:${port}`,
    "Content-Type: application/json",
    "Accept: application/json, text/event-stream",
    ...(authorization ? [`Authorization: ${authorization}`] : []),
    `Content-Length: ${PING.length}`,
    "Expect: 100-continue",
  ];
  socket.write(`${headers.join("\r\n")}\r\n\r\n${PING.slice(0, 10)}`);
  return {
    socket,
    inFlight,
    received,
    // Not end(): a client that half-closes gets no answer from Node's HTTP server.
    finish: (then = "") => {
      socket.write(`${PING.slice(10)}${then}`);
    },
  };
}

/** How a connection attempt ended: refused, or connected (then closed again at once). */
async function tryConnect(port: number): Promise<"refused" | "connected"> {
  const socket = connect(port, "127.0.0.1");
  try {
    return await new Promise((resolve, reject) => {
      socket.once("connect", () => {
        resolve("connected");
      });
      socket.once("error", (error: NodeJS.ErrnoException) => {
        if (error.code === "ECONNREFUSED") resolve("refused");
        else reject(error);
      });
    });
  } finally {
    socket.destroy();
  }
}

/** The listener is closed: a connection attempt is refused. */
async function refusesConnections(port: number): Promise<void> {
  assert.equal(await tryConnect(port), "refused");
}

/**
 * A child process closes its listener in the same step that logs "shutting down", but the line can reach the test
 * before the child has taken that step: the test tries again, briefly, for as long as the request is still in flight.
 */
async function stopsAccepting(port: number): Promise<void> {
  const started = performance.now();
  while ((await tryConnect(port)) === "connected") {
    assert.ok(performance.now() - started < 10_000, "still accepting connections 10 s after announcing the shutdown");
    await sleep(20);
  }
}

/** The status line of each response on the connection (a response's body runs straight into the next one). */
const statusLines = (raw: string): string[] => [...raw.matchAll(/HTTP\/1\.1 \d{3} [^\r]*/g)].map((m) => m[0]);

describe("graceful shutdown", function () {
  this.timeout(60_000);

  describe("RunningServer.close()", () => {
    let server: RunningServer;
    const start = async (drainTimeoutMs: number): Promise<number> => {
      const config = loadConfig({ ...ENTRA, M365_MCP_SHUTDOWN_TIMEOUT_MS: String(drainTimeoutMs) });
      server = await startServer({ config, logger: createLogger("silent"), audit: memoryAuditSink() });
      return Number(server.url.port);
    };
    afterEach(async () => {
      await server.close();
    });

    it("refuses new connections, lets the in-flight request finish, answers 503 on /readyz meanwhile, then resolves", async () => {
      const port = await start(10_000);
      const request = await slowPing(port);
      await request.inFlight;
      let closed = false;
      const closing = server.close().then(() => (closed = true));
      await refusesConnections(port);
      // A grace period for a close() that does not wait to show it: nothing but the request's end, or the drain
      // timeout 10 s away, can resolve it, so a slow machine only lengthens the grace, it cannot fail the test.
      await sleep(300);
      assert.equal(closed, false, "close() waits for the in-flight request");
      // The body arrives; a readiness probe pipelined on the same connection sees the drain.
      request.finish(`GET /readyz HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
      const raw = await request.received;
      await closing;
      assert.deepEqual(statusLines(raw), ["HTTP/1.1 401 Unauthorized", "HTTP/1.1 503 Service Unavailable"]);
      const probe = raw.slice(raw.indexOf("HTTP/1.1 503"));
      assert.match(probe, /\r\nConnection: close\r\n/i);
      assert.ok(probe.endsWith('{"status":"draining"}'));
    });

    it("cuts a request still running at the drain timeout", async () => {
      const DRAIN_MS = 300;
      const port = await start(DRAIN_MS);
      const request = await slowPing(port);
      // Taken before the request is in flight, so before close() starts the drain timer: never less than the timeout
      // (but for the few milliseconds by which the event loop's coarse clock may lag).
      const started = performance.now();
      await request.inFlight;
      await server.close();
      const elapsed = performance.now() - started;
      // The request never ends on its own; only the cut resolves close(). The upper bound is far from any machine's overhead.
      assert.ok(elapsed >= DRAIN_MS - 50 && elapsed < DRAIN_MS + 10_000, `closed after ${Math.round(elapsed)} ms`);
      assert.equal(await request.received, "", "the connection was closed without an answer");
    });
  });

  describe("the m365-mcp process", () => {
    /** The processes' drain timeout: the longest the setting allows, so that waiting it out cannot go unnoticed. */
    const DRAIN_MS = 300_000;
    const DRAIN = { M365_MCP_SHUTDOWN_TIMEOUT_MS: String(DRAIN_MS) };
    let running: Watched | undefined;
    afterEach(() => {
      running?.child.kill("SIGKILL");
      running = undefined;
    });

    /** Sends `signal` with a request in flight; the request must complete and the process exit 0 soon after. */
    async function stopsGracefully(watched: Watched, port: number, signal: NodeJS.Signals, authorization?: string): Promise<string> {
      const request = await slowPing(port, authorization);
      await request.inFlight;
      watched.child.kill(signal);
      await watched.waitFor(/shutting down/);
      await stopsAccepting(port);
      const finished = performance.now();
      request.finish();
      const raw = await request.received;
      const { code, stdout } = await watched.exited;
      assert.equal(code, 0);
      // The drain timeout is DRAIN_MS: a process that waited it out instead of exiting once its request was done
      // would take minutes; one that exits when it should takes well under a second, seconds on a loaded machine.
      assert.ok(performance.now() - finished < DRAIN_MS / 10, "exited once its request was done, not at the drain timeout");
      assert.match(stdout, new RegExp(`"signal":"${signal}","msg":"shutting down: no new connections; in-flight requests may finish"`));
      assert.match(stdout, /"msg":"stopped"/);
      return raw;
    }

    it("serve: SIGTERM with a request in flight", async () => {
      running = watch(startCli(["serve"], { ...ENTRA, ...DRAIN }));
      const [, url] = await running.waitFor(/"url":"(http:\/\/[^"]+)"/);
      const raw = await stopsGracefully(running, Number(new URL(url ?? "").port), "SIGTERM");
      assert.deepEqual(statusLines(raw), ["HTTP/1.1 401 Unauthorized"]);
      // Not a terminal, so stdout is JSON lines for a collector (application log and audit), never pino-pretty's layout.
      const lines = running.stdout().trim().split("\n").map((line) => JSON.parse(line) as { msg?: string; event?: string });
      assert.deepEqual(lines.map((line) => line.msg ?? line.event), [
        "M365_MCP_CURSOR_KEY is unset: paging cursors are signed with a per-process key and stop working after a restart",
        "M365_MCP_CACHE_KEY is unset: the token cache is encrypted under a random per-process key",
        "m365-mcp listening",
        "shutting down: no new connections; in-flight requests may finish",
        "auth.failure",
        "stopped",
      ]);
    });

    it("sandbox: SIGINT with a signed-in request in flight, which gets its answer", async () => {
      running = watch(startCli(["sandbox"], { M365_MCP_PORT: "0", ...DRAIN }));
      const [, url] = await running.waitFor(/^MCP URL:\s+(\S+)$/m);
      const [, token] = await running.waitFor(/^Bearer token:\s+(\S+)$/m);
      const raw = await stopsGracefully(running, Number(new URL(url ?? "").port), "SIGINT", `Bearer ${token ?? ""}`);
      assert.deepEqual(statusLines(raw), ["HTTP/1.1 200 OK"]);
      assert.ok(raw.endsWith('{"result":{},"jsonrpc":"2.0","id":1}'), raw);
    });
  });
});
