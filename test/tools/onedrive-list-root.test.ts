// The README's "adding a tool" example: a declarative tool made from spec/ alone, plus this MSW fixture.
import assert from "node:assert/strict";
import { graphError } from "../support/mock-graph.js";
import { textOf, useHarness } from "../support/harness.js";
import { INVALID_CURSOR, structuredOf, tamperedSignature, toolCalls } from "../support/tool-calls.js";

const DRIVE = "b!x7Lq0Zt9";
const item = (id: string, name: string, extra: Record<string, unknown>): Record<string, unknown> => ({
  id,
  name,
  webUrl: `https://contoso-my.sharepoint.com/personal/alice/Documents/${encodeURIComponent(name)}`,
  lastModifiedDateTime: "2026-11-20T08:15:00Z",
  parentReference: { driveType: "business", driveId: DRIVE, id: "01ROOT", path: "/drive/root:" },
  ...extra,
});
/** The first page, its next link on the Graph origin that served it. */
const page1 = (graphOrigin: string): Record<string, unknown> => ({
  "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#Collection(driveItem)",
  value: [
    item("01PLAN", "Q3 plan.docx", { size: 48213, file: { mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" } }),
    item("01FOLD", "Projects", { size: 0, folder: { childCount: 7 } }),
  ],
  "@odata.nextLink": `${graphOrigin}/v1.0/me/drive/root/children?$top=2&$skiptoken=Paged%3dTRUE%26p_ID%3d2`,
});
const PAGE_2 = { value: [item("01NOTE", "notes.md", { size: 120, file: { mimeType: "text/markdown" } })] };

describe("onedrive_list_root (declarative example)", () => {
  const harness = useHarness();
  const { call } = toolCalls(harness, "onedrive_list_root");

  it("lists the top-level items and pages with a cursor", async () => {
    const { graph } = harness();
    graph.on("listMyDriveRootChildren", (req) => ({ body: req.query.has("$skiptoken") ? PAGE_2 : page1(req.url.origin) }));
    const first = await call({ limit: 2 });
    const structured = first.structuredContent as { items: Array<Record<string, unknown>>; nextCursor?: string };
    assert.deepEqual(structured.items[0], {
      name: "Q3 plan.docx",
      webUrl: "https://contoso-my.sharepoint.com/personal/alice/Documents/Q3%20plan.docx",
      lastModifiedDateTime: "2026-11-20T08:15:00.000Z",
      size: 48213,
      mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      uri: `m365://drives/${encodeURIComponent(DRIVE)}/items/01PLAN`,
    });
    assert.equal(structured.items[1]?.["childCount"], 7);
    assert.equal(typeof structured.nextCursor, "string");
    assert.match(textOf(first), /^## Your OneDrive\n1\. \*\*\[Q3 plan\.docx\]\(https:\/\/contoso-my/);
    assert.ok(textOf(first).endsWith(`\n\nMore results: call again with the same arguments and \`cursor\`: \`${structured.nextCursor ?? ""}\``), textOf(first));
    assert.equal(graph.requests[0]?.query.get("$top"), "2");

    const second = await call({ cursor: structured.nextCursor });
    assert.deepEqual((second.structuredContent as { items: Array<{ name: string }> }).items.map((i) => i.name), ["notes.md"]);
    assert.equal((second.structuredContent as { nextCursor?: string }).nextCursor, undefined);
    assert.equal(graph.requests[1]?.query.get("$skiptoken"), "Paged=TRUE&p_ID=2");
  });

  it("says so when the OneDrive is empty", async () => {
    harness().graph.on("listMyDriveRootChildren", () => ({ body: { value: [] } }));
    const result = await call({});
    assert.deepEqual(result.structuredContent, { items: [] });
    assert.match(textOf(result), /Your OneDrive has no files or folders at the top level\./);
    assert.equal(harness().graph.requests[0]?.query.get("$top"), "25");
  });

  it("refuses a tampered cursor", async () => {
    const { graph } = harness();
    graph.on("listMyDriveRootChildren", (req) => ({ body: page1(req.url.origin) }));
    const cursor = structuredOf(await call({ limit: 2 }))["nextCursor"];
    assert.equal(typeof cursor, "string");
    const result = await call({ cursor: tamperedSignature(String(cursor)) });
    assert.equal(result.isError, true);
    assert.equal(textOf(result), INVALID_CURSOR);
    assert.equal(graph.requests.length, 1);
  });

  it("refuses a limit out of range", async () => {
    const result = await call({ limit: 500 });
    assert.equal(result.isError, true);
    assert.equal(textOf(result), "Invalid arguments: `limit` must be <= 100.");
    assert.equal(harness().graph.requests.length, 0);
  });

  it("maps a Graph denial to a clear error", async () => {
    harness().graph.on("listMyDriveRootChildren", () => graphError(403, "accessDenied", "Access denied"));
    const result = await call({});
    assert.equal(textOf(result), "Graph denied access to your OneDrive (403 accessDenied)");
  });
});
