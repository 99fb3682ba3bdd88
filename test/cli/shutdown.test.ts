// Graceful shutdown: on close() or SIGTERM/SIGINT, no new connections, in-flight requests finish, then exit 0.
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

/** An HTTP request written by hand, so the test decides when its body ends: until then it is in flight. */
interface SlowRequest {
  socket: Socket;
  /** Everything the server sent, once it closed the connection. */
  received: Promise<string>;
  finish(then?: string): void;
}

async function slowPing(port: number, authorization?: string): Promise<SlowRequest> {
  const socket = connect(port, "127.0.0.1");
  await once(socket, "connect");
  let data = "";
  socket.on("data", (chunk: Buffer) => (data += chunk.toString()));
  const received = new Promise<string>((resolve) => {
    socket.once("close", () => {
      resolve(data);
    });
  });
  const headers = [
    "POST /mcp HTTP/1.1",
    `Host: 127.0.0.1:${port}`,
    "Content-Type: application/json",
    "Accept: application/json, text/event-stream",
    ...(authorization ? [`Authorization: ${authorization}`] : []),
    `Content-Length: ${PING.length}`,
  ];
  socket.write(`${headers.join("\r\n")}\r\n\r\n${PING.slice(0, 10)}`);
  return {
    socket,
    received,
    // Not end(): a client that half-closes gets no answer from Node's HTTP server.
    finish: (then = "") => {
      socket.write(`${PING.slice(10)}${then}`);
    },
  };
}

async function refusesConnections(port: number): Promise<void> {
  const socket = connect(port, "127.0.0.1");
  const [error] = (await once(socket, "error").catch((e: unknown) => [e])) as [NodeJS.ErrnoException];
  assert.equal(error.code, "ECONNREFUSED");
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
      await sleep(100);
      let closed = false;
      const closing = server.close().then(() => (closed = true));
      await sleep(300);
      assert.equal(closed, false, "close() waits for the in-flight request");
      await refusesConnections(port);
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
      const port = await start(300);
      const request = await slowPing(port);
      await sleep(100);
      const started = Date.now();
      await server.close();
      const elapsed = Date.now() - started;
      assert.ok(elapsed >= 250 && elapsed < 2_000, `closed after ${elapsed} ms`);
      assert.equal(await request.received, "", "the connection was closed without an answer");
    });
  });

  describe("the m365-mcp process", () => {
    let running: Watched | undefined;
    afterEach(() => {
      running?.child.kill("SIGKILL");
      running = undefined;
    });

    /** Sends `signal` with a request in flight; the request must complete and the process exit 0 soon after. */
    async function stopsGracefully(watched: Watched, port: number, signal: NodeJS.Signals, authorization?: string): Promise<string> {
      const request = await slowPing(port, authorization);
      await sleep(200);
      const signalled = Date.now();
      watched.child.kill(signal);
      await watched.waitFor(/shutting down/);
      await refusesConnections(port);
      request.finish();
      const raw = await request.received;
      const { code, stdout } = await watched.exited;
      assert.equal(code, 0);
      assert.ok(Date.now() - signalled < 10_000, "exited within the drain timeout");
      assert.match(stdout, new RegExp(`"signal":"${signal}","msg":"shutting down: no new connections; in-flight requests may finish"`));
      assert.match(stdout, /"msg":"stopped"/);
      return raw;
    }

    it("serve: SIGTERM with a request in flight", async () => {
      running = watch(startCli(["serve"], ENTRA));
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
      running = watch(startCli(["sandbox"], { M365_MCP_PORT: "0" }));
      const [, url] = await running.waitFor(/^MCP URL:\s+(\S+)$/m);
      const [, token] = await running.waitFor(/^Bearer token:\s+(\S+)$/m);
      const raw = await stopsGracefully(running, Number(new URL(url ?? "").port), "SIGINT", `Bearer ${token ?? ""}`);
      assert.deepEqual(statusLines(raw), ["HTTP/1.1 200 OK"]);
      assert.ok(raw.endsWith('{"result":{},"jsonrpc":"2.0","id":1}'), raw);
    });
  });
});
