import assert from "node:assert/strict";
import { TEN_KB, searchReplies } from "../support/fixtures.js";
import { graphError, searchRequestOf } from "../support/mock-graph.js";
import { textOf, useHarness } from "../support/harness.js";
import { INVALID_CURSOR, cursorCodec, tamperedSignature, toolCalls } from "../support/tool-calls.js";

const CURSOR_KEY = "sharepoint-folder-search-test-cursor-key-012345";
const SITE_ID = "contoso.sharepoint.com,5724d91f-650c-4810-83cc-61a8818917d6,c3ba25dc-2c9f-48cb-83be-74cdf68ea5a0";
const SITE_URL = "https://contoso.sharepoint.com/sites/Legal";
const DRIVE_ID = "b!H0_BVwxlEEiDzGGogYkX1twlusOfLMtIg7501vaOpaAgyf6O5iFQ5lTPLYT7Jpp";
const FOLDERS_KQL = "contentclass:STS_ListItem_DocumentLibrary IsContainer:true";

function hit(id: string, name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    hitId: id,
    rank: 1,
    summary: "",
    resource: {
      "@odata.type": "#microsoft.graph.driveItem",
      id,
      name,
      webUrl: `${SITE_URL}/Shared%20Documents/${encodeURIComponent(name)}`,
      lastModifiedDateTime: "2026-09-30T10:00:00Z",
      parentReference: { driveId: DRIVE_ID, id: "01PARENT", siteId: SITE_ID },
      ...extra,
    },
  };
}

const CONTRACTS = hit("01CONTRACTS", "Contracts", { folder: { childCount: 12 }, parentReference: { driveId: DRIVE_ID, siteId: SITE_ID, path: `/drives/${DRIVE_ID}/root:/Clients/Acme%20Corp` } });
const ARCHIVE = hit("01ARCHIVE", "Contracts archive");
const A_FILE = hit("01FILE", "Contracts.docx", { file: { mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" } });

const CONTRACTS_FOLDER = {
  name: "Contracts",
  path: "/Clients/Acme Corp/Contracts",
  webUrl: `${SITE_URL}/Shared%20Documents/Contracts`,
  childCount: 12,
  siteId: SITE_ID,
  lastModifiedDateTime: "2026-09-30T10:00:00Z",
  uri: `m365://drives/${encodeURIComponent(DRIVE_ID)}/items/01CONTRACTS`,
};

const ARCHIVE_FOLDER = {
  name: "Contracts archive",
  path: "/sites/Legal/Shared Documents/Contracts archive",
  webUrl: `${SITE_URL}/Shared%20Documents/Contracts%20archive`,
  siteId: SITE_ID,
  lastModifiedDateTime: "2026-09-30T10:00:00Z",
  uri: `m365://drives/${encodeURIComponent(DRIVE_ID)}/items/01ARCHIVE`,
};

const searchResults = searchReplies("contracts");

describe("sharepoint_folder_search", () => {
  const harness = useHarness({ M365_MCP_CURSOR_KEY: CURSOR_KEY });
  const codec = () => cursorCodec(CURSOR_KEY, "sharepoint_folder_search");
  const { call, failure } = toolCalls(harness, "sharepoint_folder_search");

  it("finds folders only, with path, item count and uri", async () => {
    const { graph } = harness();
    graph.on("searchQuery", () => searchResults([CONTRACTS, A_FILE, ARCHIVE]));
    const result = await call({ name: "contracts" });
    assert.equal(result.isError, undefined, textOf(result));
    assert.deepEqual(result.structuredContent, { folders: [CONTRACTS_FOLDER, ARCHIVE_FOLDER] });
    assert.equal(
      textOf(result),
      [
        '## Folders named "contracts"',
        "",
        `1. [Contracts](${SITE_URL}/Shared%20Documents/Contracts) — 12 items · modified 2026-09-30`,
        "   /Clients/Acme Corp/Contracts",
        `   \`${CONTRACTS_FOLDER.uri}\``,
        `2. [Contracts archive](${SITE_URL}/Shared%20Documents/Contracts%20archive) — modified 2026-09-30`,
        "   /sites/Legal/Shared Documents/Contracts archive",
        `   \`${ARCHIVE_FOLDER.uri}\``,
      ].join("\n"),
    );
    assert.deepEqual(graph.requestsFor("searchQuery")[0]?.body, {
      requests: [{ entityTypes: ["driveItem"], query: { queryString: `"contracts" ${FOLDERS_KQL}` }, from: 0, size: 10 }],
    });
  });

  it("scopes to a site", async () => {
    const { graph } = harness();
    const site = { id: SITE_ID, displayName: "Legal", name: "Legal", webUrl: SITE_URL };
    graph.on("getSiteByPath", () => ({ body: site })).on("searchQuery", () => searchResults([CONTRACTS]));
    const result = await call({ name: "Contracts", site: `${SITE_URL}/`, limit: 5 });
    assert.match(textOf(result), /^## Folders named "Contracts" in Legal$/m);
    assert.deepEqual(graph.requestsFor("getSiteByPath")[0]?.pathParams, { hostname: "contoso.sharepoint.com", "managed-path": "sites", "site-name": "Legal" });
    assert.deepEqual(searchRequestOf(graph.requestsFor("searchQuery")[0]), {
      entityTypes: ["driveItem"],
      query: { queryString: `"Contracts" ${FOLDERS_KQL} path:"${SITE_URL}"` },
      from: 0,
      size: 5,
    });
  });

  it("says so when no folder matches", async () => {
    const { graph } = harness();
    graph.on("searchQuery", () => searchResults(undefined));
    const result = await call({ name: "nothing" });
    assert.deepEqual(result.structuredContent, { folders: [] });
    assert.equal(textOf(result), ['## Folders named "nothing"', "", "No matching folders."].join("\n"));
  });

  it("pages with from and size", async () => {
    const { graph } = harness();
    graph.on("searchQuery", (request) => (searchRequestOf(request).from === 0 ? searchResults([CONTRACTS], true) : searchResults([ARCHIVE])));
    const first = await call({ name: "contracts", limit: 1 });
    const cursor = (first.structuredContent as { nextCursor?: string }).nextCursor;
    assert.equal(typeof cursor, "string");
    assert.ok(textOf(first).endsWith(`More results: call again with the same arguments and \`cursor\`: \`${String(cursor)}\``));
    const second = await call({ name: "contracts", limit: 1, cursor });
    assert.deepEqual(second.structuredContent, { folders: [ARCHIVE_FOLDER] });
    assert.deepEqual(graph.requestsFor("searchQuery").map((r) => searchRequestOf(r).from), [0, 1]);
  });

  it("rejects tampered cursors and cursors of other operations or without an offset", async () => {
    const cursor = await codec().seal({ operation: "searchQuery", from: 10 });
    const other = await codec().seal({ operation: "searchDrive", nextLink: `${harness().graphEndpoint}/v1.0/drives/x/root/search(q='x')` });
    const noOffset = await codec().seal({ operation: "searchQuery" });
    assert.equal(await failure({ name: "x", cursor: tamperedSignature(cursor) }), INVALID_CURSOR);
    assert.equal(await failure({ name: "x", cursor: other }), INVALID_CURSOR);
    assert.equal(await failure({ name: "x", cursor: noOffset }), INVALID_CURSOR);
    assert.equal(harness().graph.requests.length, 0);
  });

  it("quotes hostile names word by word", async () => {
    const { graph } = harness();
    graph.on("searchQuery", () => searchResults([]));
    await call({ name: 'Q1" OR IsContainer:false (drafts*) 契約' });
    assert.equal(searchRequestOf(graph.requestsFor("searchQuery")[0]).query.queryString, `"Q1" "OR" "IsContainer:false" "(drafts*)" "契約" ${FOLDERS_KQL}`);
  });

  it("refuses oversized and empty names", async () => {
    assert.equal(await failure({ name: TEN_KB }), "Invalid arguments: `name` must NOT have more than 500 characters.");
    assert.equal(await failure({ name: "" }), "Invalid arguments: `name` must NOT have fewer than 1 characters.");
    assert.equal(await failure({ name: '""' }), "`name` must contain at least one word to search for.");
    assert.equal(await failure({ name: "x", site: "contoso" }), "`site` must be a SharePoint site URL such as https://contoso.sharepoint.com/sites/Marketing, or a site id (hostname,guid,guid).");
    assert.equal(harness().graph.requests.length, 0);
  });

  it("maps Graph errors", async () => {
    const { graph } = harness();
    graph.on("searchQuery", () => graphError(403, "accessDenied", "Access denied."));
    assert.equal(await failure({ name: "contracts" }), "Graph denied access to Microsoft Search (403 accessDenied)");
    graph.on("searchQuery", () => graphError(400, "BadRequest", "Invalid KQL."));
    assert.equal(await failure({ name: "contracts" }), "Graph rejected the request for Microsoft Search (400 BadRequest): Invalid KQL.");
  });
});
