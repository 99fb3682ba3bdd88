// read_resource downloads under their deadline (M365_MCP_GRAPH_TIMEOUT_MS) and the process-wide download budget
// (4 × M365_MCP_MAX_FILE_MB): a stalled file host times out, reads that do not fit wait their turn or are told the
// server is busy, and a client that goes away is audited as a cancelled call.
import assert from "node:assert/strict";
import type { CallToolResult } from "@modelcontextprotocol/client";
import { setTimeout as delay } from "node:timers/promises";
import type { ToolCallEvent } from "../../src/audit/events.js";
import { extractText } from "../../src/content/extract.js";
import { textOf, useHarness } from "../support/harness.js";

const TIMEOUT_MS = 2000;
const SLACK_MS = 1500;
const DRIVE_ID = "b!3vZp0kXyTkK9Zx";
const BUSY = "The server is busy reading other files; try again shortly.";

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

describe("read_resource downloads with M365_MCP_MAX_FILE_MB=1 and M365_MCP_GRAPH_TIMEOUT_MS=2000", () => {
  const harness = useHarness({ M365_MCP_MAX_FILE_MB: "1", M365_MCP_GRAPH_TIMEOUT_MS: String(TIMEOUT_MS) }, { files: downloadHost });

  // Starting an extraction worker takes about a second under tsx, more on a loaded machine: start it before the
  // timed tests, so their waits measure the budget, not the worker's start.
  before(async () => {
    await extractText(new TextEncoder().encode("warm"), { name: "warm.txt" });
  });

  beforeEach(() => {
    files.clear();
    requested.clear();
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
  });

  async function read(item: string): Promise<CallToolResult> {
    const client = await harness().connect();
    return await client.callTool({ name: "read_resource", arguments: { uri: `m365://drives/${encodeURIComponent(DRIVE_ID)}/items/${item}` } });
  }

  async function timed(item: string): Promise<{ result: CallToolResult; ms: number }> {
    const started = performance.now();
    const result = await read(item);
    return { result, ms: performance.now() - started };
  }

  /** Four reads of 1,000,000 bytes each: 4,000,000 of the 4 MB budget, leaving 194,304 bytes. */
  async function fillBudget(serve: () => Response | Promise<Response>): Promise<Promise<CallToolResult>[]> {
    const holders = ["HOLD1", "HOLD2", "HOLD3", "HOLD4"];
    for (const item of holders) files.set(item, { size: 1_000_000, serve });
    const calls = holders.map((item) => read(item));
    while (holders.some((item) => !requested.has(item))) await delay(10);
    return calls;
  }

  it("makes a read that does not fit the budget wait until another read is done, then serves it", async () => {
    let firstDone = Number.POSITIVE_INFINITY;
    const holders = await fillBudget(async () => {
      await delay(300);
      firstDone = Math.min(firstDone, performance.now());
      return sent(1_000_000);
    });
    files.set("NEXT", { size: 500_000, serve: () => sent(500_000) });
    const results = await Promise.all([...holders, read("NEXT")]);
    for (const result of results) assert.equal(result.isError, undefined, textOf(result));
    assert.ok((requested.get("NEXT") ?? 0) > firstDone, "the waiting read was downloaded only after a read before it ended");
  });

  it("tells reads the server is busy while stalled downloads hold the budget, until their deadline frees it", async () => {
    const started = performance.now();
    const holders = await fillBudget(stalled);
    // 100,000 bytes fit beside the holders; the 1,000,000 the host then declares do not, and growing never waits.
    files.set("LIAR", { size: 100_000, serve: () => sent(1_000_000) });
    const liar = await timed("LIAR");
    assert.equal(textOf(liar.result), BUSY);
    assert.equal(liar.result.isError, true);
    assert.ok(liar.ms < TIMEOUT_MS / 2, `answered after ${Math.round(liar.ms)} ms, without waiting`);
    // 500,000 bytes do not fit: the read waits half the deadline, then gives up before the holders' deadline.
    files.set("NEXT", { size: 500_000, serve: () => sent(500_000) });
    const next = await timed("NEXT");
    assert.equal(textOf(next.result), BUSY);
    assert.ok(next.ms >= TIMEOUT_MS / 2 - 50 && next.ms < TIMEOUT_MS, `answered after ${Math.round(next.ms)} ms`);
    assert.equal(requested.has("NEXT"), false, "nothing was downloaded");
    for (const holder of await Promise.all(holders)) assert.match(textOf(holder), /^Could not download HOLD\d\.txt: the file host did not send it within 2 s; try again\.$/);
    const heldFor = performance.now() - started;
    assert.ok(heldFor >= TIMEOUT_MS - 50 && heldFor < TIMEOUT_MS + SLACK_MS, `the stalled downloads ended after ${Math.round(heldFor)} ms`);
    files.set("AFTER", { size: 1_000_000, serve: () => sent(1_000_000) });
    const after = await read("AFTER");
    assert.equal(after.isError, undefined, `the holders gave their bytes back: ${textOf(after)}`);
  });

  it("audits a read whose client went away as cancelled, not as bad arguments", async () => {
    files.set("GONE", { size: 500_000, serve: stalled });
    const client = await harness().connect();
    const call = client.callTool({ name: "read_resource", arguments: { uri: `m365://drives/${encodeURIComponent(DRIVE_ID)}/items/GONE` } });
    while (!requested.has("GONE")) await delay(10);
    await client.close();
    await assert.rejects(call);
    const toolCall = (): ToolCallEvent | undefined => harness().audit.find((e): e is ToolCallEvent => e.event === "tool.call");
    for (let waited = 0; !toolCall() && waited < TIMEOUT_MS; waited += 10) await delay(10);
    assert.equal(toolCall()?.errorKind, "cancelled");
  });
});
