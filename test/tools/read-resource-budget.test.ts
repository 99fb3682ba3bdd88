// read_resource downloads under their deadline (M365_MCP_GRAPH_TIMEOUT_MS) and the process-wide download budget
// (4 × M365_MCP_MAX_FILE_MB): a stalled file host times out, reads that do not fit wait their turn or are told the
// server is busy, and a client that goes away is audited as a cancelled call.
//
// No test here depends on how fast the machine is. Downloads that hold the budget stall until the test releases them
// (test/support/stall.ts) or until their deadline; the order of events, not a pause, shows what waited for what. Times
// are checked only against bounds that follow from the logic (not before the deadline) or that are far from anything
// a loaded machine reaches, and the tests that need neither run under a deadline no test ever reaches.
import assert from "node:assert/strict";
import type { CallToolResult, Client } from "@modelcontextprotocol/client";
import { setTimeout as delay } from "node:timers/promises";
import type { ToolCallEvent } from "../../src/audit/events.js";
import { extractText } from "../../src/content/extract.js";
import { textOf, useHarness, type Harness } from "../support/harness.js";
import { withStall } from "../support/stall.js";

const DRIVE_ID = "b!3vZp0kXyTkK9Zx";
const BUSY = "The server is busy reading other files; try again shortly.";
const HOLDERS = ["HOLD1", "HOLD2", "HOLD3", "HOLD4"];

interface FileSpec {
  size: number;
  /** What the file host does with the download request. */
  serve: () => Response | Promise<Response>;
}

/** The files of the current test by item id, and when each download request reached the host. */
const files = new Map<string, FileSpec>();
const requested = new Map<string, number>();
const downloadHost = (request: Request): Response | Promise<Response> => {
  const item = /^\/download\/([^/]+)$/.exec(new URL(request.url).pathname)?.[1] ?? "";
  requested.set(item, performance.now());
  return files.get(item)?.serve() ?? new Response(null, { status: 404 });
};

const text = (bytes: number): Uint8Array<ArrayBuffer> => new Uint8Array(bytes).fill(0x61);
const sent = (bytes: number): Response => new Response(text(bytes), { headers: { "content-length": String(bytes) } });
/** Headers and a first chunk, then nothing: only the server's deadline ends the download. */
const stalled = (): Response => new Response(new ReadableStream<Uint8Array>({ start: (c) => { c.enqueue(text(1024)); } }));

/** A call still running, and whether it has settled yet. */
interface Running {
  result: Promise<CallToolResult>;
  settled: () => boolean;
}

function running(result: Promise<CallToolResult>): Running {
  let done = false;
  const tracked = result.finally(() => (done = true));
  return { result: tracked, settled: () => done };
}

/** The tests' reads of one harness: a connected client per read, so a read can start the moment the test needs it. */
function reads(harness: () => Harness) {
  const readWith = (client: Client, item: string): Promise<CallToolResult> =>
    client.callTool({ name: "read_resource", arguments: { uri: `m365://drives/${encodeURIComponent(DRIVE_ID)}/items/${item}` } });
  /** Clients connected ahead of the reads they will make, so connecting takes none of a timed read's time. */
  const clients = (count: number): Promise<Client[]> => Promise.all(Array.from({ length: count }, () => harness().connect()));
  return {
    readWith,
    clients,
    /** A read on a fresh client. */
    read: async (item: string): Promise<CallToolResult> => readWith(await harness().connect(), item),
    /** Four reads of 1,000,000 bytes each: 4,000,000 of the 4 MB budget, leaving 194,304 bytes. Resolves once every download reached the host. */
    fillBudget: async (serve: () => Response | Promise<Response>): Promise<Running[]> => {
      for (const item of HOLDERS) files.set(item, { size: 1_000_000, serve });
      const connected = await clients(HOLDERS.length);
      const calls = connected.map((client, i) => running(readWith(client, HOLDERS[i] ?? "")));
      while (HOLDERS.some((item) => !requested.has(item))) await delay(10);
      return calls;
    },
  };
}

describe("read_resource downloads with M365_MCP_MAX_FILE_MB=1", function () {
  // Starting a harness makes RSA keys, seconds of work on a loaded machine: a hang detector, not a measure of speed.
  this.timeout(60_000);
  // Starting an extraction worker takes about a second under tsx, more on a loaded machine: start it before the
  // tests, so that no read waits for it.
  before(async () => {
    await extractText(new TextEncoder().encode("warm"), { name: "warm.txt" });
  });

  beforeEach(() => {
    files.clear();
    requested.clear();
  });

  /** Graph's metadata and /content redirect for the current test's files. */
  const mockGraph = (harness: () => Harness): void => {
    harness()
      .graph.on("getDriveItem", (request) => {
        const item = request.pathParams["driveItem-id"] ?? "";
        return {
          body: {
            "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#drives('b%213vZp0kXyTkK9Zx')/items/$entity",
            id: item,
            name: `${item}.txt`,
            size: files.get(item)?.size ?? 0,
            file: { mimeType: "text/plain" },
          },
        };
      })
      .on("getDriveItemContent", (request) => ({ status: 302, headers: { Location: `${harness().files.origin}/download/${request.pathParams["driveItem-id"] ?? ""}` } }));
  };

  describe("and M365_MCP_GRAPH_TIMEOUT_MS=30000, a deadline these tests never reach", () => {
    const TIMEOUT_MS = 30_000;
    const harness = useHarness({ M365_MCP_MAX_FILE_MB: "1", M365_MCP_GRAPH_TIMEOUT_MS: String(TIMEOUT_MS) }, { files: downloadHost });
    const { read, fillBudget } = reads(harness);
    beforeEach(() => {
      mockGraph(harness);
    });

    it("makes a read that does not fit the budget wait until another read is done, then serves it", async () => {
      const holdFirst = withStall(async (first) =>
        withStall(async (rest) => {
          let servedFirst = false;
          const holders = await fillBudget(async () => {
            // The first download the host serves is held until the first stall is released, the others until the second.
            const isFirst = !servedFirst;
            servedFirst = true;
            await (isFirst ? first : rest).until();
            return sent(1_000_000);
          });
          files.set("NEXT", { size: 500_000, serve: () => sent(500_000) });
          const next = running(read("NEXT"));
          // NEXT has its metadata: it now waits for the budget (up to half the deadline, 15 s), and must not download.
          while (!harness().graph.requestsFor("getDriveItem").some((r) => r.pathParams["driveItem-id"] === "NEXT")) await delay(10);
          // A grace period for a read that does not wait to show it: nothing but a release, or a deadline 30 s away,
          // can free the budget, so a slow machine only lengthens the grace, it cannot fail the test.
          await delay(200);
          assert.equal(requested.has("NEXT"), false, "the read that does not fit waits while the budget is full");
          assert.equal(next.settled(), false);
          const releasedAt = performance.now();
          first.release();
          const served = await next.result;
          assert.equal(served.isError, undefined, textOf(served));
          // Three holders are still stalled: the one read that ended made the room.
          assert.ok((requested.get("NEXT") ?? 0) > releasedAt, "the waiting read was downloaded only after a read before it ended");
          rest.release();
          return await Promise.all(holders.map((h) => h.result));
        }),
      );
      for (const result of await holdFirst) assert.equal(result.isError, undefined, textOf(result));
    });

    it("tells a read whose file turns out larger than Graph said that the server is busy, without waiting", async () => {
      await withStall(async (stall) => {
        const holders = await fillBudget(async () => {
          await stall.until();
          return sent(1_000_000);
        });
        // 100,000 bytes fit beside the holders; the 1,000,000 the host then declares do not, and growing never waits.
        files.set("LIAR", { size: 100_000, serve: () => sent(1_000_000) });
        const liar = await read("LIAR");
        assert.equal(textOf(liar), BUSY);
        assert.equal(liar.isError, true);
        // The holders hold their bytes until the stall is released (or a deadline 30 s away): the answer did not wait for them.
        assert.deepEqual(holders.map((h) => h.settled()), [false, false, false, false], "answered while the budget was still full");
        stall.release();
        for (const holder of await Promise.all(holders.map((h) => h.result))) assert.equal(holder.isError, undefined, textOf(holder));
      });
    });

    it("audits a read whose client went away as cancelled, not as bad arguments", async () => {
      files.set("GONE", { size: 500_000, serve: stalled });
      const client = await harness().connect();
      const call = client.callTool({ name: "read_resource", arguments: { uri: `m365://drives/${encodeURIComponent(DRIVE_ID)}/items/GONE` } });
      while (!requested.has("GONE")) await delay(10);
      await client.close();
      await assert.rejects(call);
      const toolCall = (): ToolCallEvent | undefined => harness().audit.find((e): e is ToolCallEvent => e.event === "tool.call");
      // The download never ends on its own and its deadline is 30 s away: only the client's leaving can end the call.
      const closedAt = performance.now();
      while (!toolCall() && performance.now() - closedAt < TIMEOUT_MS / 3) await delay(10);
      assert.equal(toolCall()?.errorKind, "cancelled");
    });
  });

  describe("and M365_MCP_GRAPH_TIMEOUT_MS=4000", () => {
    /**
     * The holders' downloads start their deadline before the waiting read starts its wait of half the deadline, and
     * that read must give up first: it has half the deadline, 2 s, to reach the budget, which it does in milliseconds
     * on an idle machine (its client is connected beforehand). The test lasts about one deadline.
     */
    const TIMEOUT_MS = 4000;
    const harness = useHarness({ M365_MCP_MAX_FILE_MB: "1", M365_MCP_GRAPH_TIMEOUT_MS: String(TIMEOUT_MS) }, { files: downloadHost });
    const { read, readWith, clients, fillBudget } = reads(harness);
    beforeEach(() => {
      mockGraph(harness);
    });

    it("tells reads the server is busy while stalled downloads hold the budget, until their deadline frees it", async () => {
      const [nextClient] = await clients(1);
      // Taken before the holders' downloads start, so before their deadline does: they cannot end sooner than it (but
      // for the few milliseconds by which the event loop's coarse clock may lag).
      const started = performance.now();
      const holders = await fillBudget(stalled);
      // 500,000 bytes do not fit: the read waits half the deadline, then gives up before the holders' deadline.
      files.set("NEXT", { size: 500_000, serve: () => sent(500_000) });
      const nextStarted = performance.now();
      const next = await readWith(nextClient as Client, "NEXT");
      const nextMs = performance.now() - nextStarted;
      assert.equal(textOf(next), BUSY);
      assert.ok(nextMs >= TIMEOUT_MS / 2 - 50, `gave up after ${Math.round(nextMs)} ms, before half the deadline`);
      assert.deepEqual(holders.map((h) => h.settled()), [false, false, false, false], "gave up while the stalled downloads still held the budget");
      assert.equal(requested.has("NEXT"), false, "nothing was downloaded");
      for (const holder of await Promise.all(holders.map((h) => h.result))) assert.match(textOf(holder), /^Could not download HOLD\d\.txt: the file host did not send it within 4 s; try again\.$/);
      const heldFor = performance.now() - started;
      // Stalled downloads never end on their own: only the deadline ends them; the upper bound is far from any overhead.
      assert.ok(heldFor >= TIMEOUT_MS - 50 && heldFor < TIMEOUT_MS + 20_000, `the stalled downloads ended after ${Math.round(heldFor)} ms`);
      files.set("AFTER", { size: 1_000_000, serve: () => sent(1_000_000) });
      const after = await read("AFTER");
      assert.equal(after.isError, undefined, `the holders gave their bytes back: ${textOf(after)}`);
    });
  });
});
