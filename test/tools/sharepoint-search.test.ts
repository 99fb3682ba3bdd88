import assert from "node:assert/strict";
import { TEN_KB, odataPage, searchReplies } from "../support/fixtures.js";
import { graphError, searchRequestOf, throttled, type GraphRequest, type MockReply } from "../support/mock-graph.js";
import { ALICE, textOf, useHarness } from "../support/harness.js";
import { CURSOR_OUTSIDE, INVALID_CURSOR, cursorCodec, structuredOf, tamperedSignature, toolCalls } from "../support/tool-calls.js";

const CURSOR_KEY = "sharepoint-search-test-cursor-key-0123456789abcd";
const SITE_ID = "contoso.sharepoint.com,2c712604-1370-44e7-a1f5-426573fda80a,2d2244c3-251a-49ea-93a8-39e1c3a060fe";
const SITE_URL = "https://contoso.sharepoint.com/sites/Marketing";
const DOCS_DRIVE = "b!BfHcYtFm1EuE6kUj_D5bA8mVfUhXCz1JjVWC1y0BBn4Agyf6O5iFQ5lTPLYT7Jpp";
const POLICY_DRIVE = "b!Qm9yZGVyLXBvbGljeS1saWJyYXJ5LTAxMjM0NTY3ODkwYWJjZGVmZ2hpams";
const MY_DRIVE = "b!TXlPbmVEcml2ZS1hbGljZS0wMTIzNDU2Nzg5MGFiY2RlZmdoaWprbG1ub3A";
const LIST_ID = "1f2a8d6e-3c4b-4a59-9e1d-7b6c5a4f3e2d";
const MORE = "More results: call again with the same arguments and `cursor`: `";

const SITE = {
  "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#sites(id,displayName,name,webUrl)/$entity",
  id: SITE_ID,
  displayName: "Marketing",
  name: "Marketing",
  webUrl: SITE_URL,
};

const DRIVES = {
  "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#drives(id,name,webUrl,driveType)",
  value: [
    { id: DOCS_DRIVE, name: "Documents", driveType: "documentLibrary", webUrl: `${SITE_URL}/Shared%20Documents` },
    { id: POLICY_DRIVE, name: "Team Policies", driveType: "documentLibrary", webUrl: `${SITE_URL}/Team%20Policies` },
  ],
};

const FILE_HIT = {
  hitId: "01BYE5RZ6QN3ZWBTUFOFD3GSPGOHDJD36K",
  rank: 1,
  summary: "The <c0>budget</c0> for Q3 <ddd/>",
  resource: {
    "@odata.type": "#microsoft.graph.driveItem",
    id: "01BYE5RZ6QN3ZWBTUFOFD3GSPGOHDJD36K",
    name: "Q3 Budget.xlsx",
    webUrl: `${SITE_URL}/Shared%20Documents/Q3%20Budget.xlsx`,
    size: 24576,
    createdDateTime: "2026-09-01T08:00:00Z",
    lastModifiedDateTime: "2026-10-02T09:15:00Z",
    lastModifiedBy: { user: { displayName: "Megan Bowen" } },
    parentReference: { driveId: DOCS_DRIVE, id: "01BYE5RZ56Y2GOVW7725BZO354PWSELRRZ", siteId: SITE_ID },
    fileSystemInfo: { createdDateTime: "2026-09-01T08:00:00Z", lastModifiedDateTime: "2026-10-02T09:15:00Z" },
  },
};

const LIST_HIT = {
  hitId: "c8e4bc6e-2b1a-4e0f-9d3c-5a7b9c1d2e3f",
  rank: 2,
  summary: "",
  resource: {
    "@odata.type": "#microsoft.graph.listItem",
    id: "c8e4bc6e-2b1a-4e0f-9d3c-5a7b9c1d2e3f",
    name: "Budget review",
    webUrl: `${SITE_URL}/Lists/Issues/DispForm.aspx?ID=7`,
    lastModifiedDateTime: "2026-10-05T14:00:00Z",
    lastModifiedBy: { user: { displayName: "Alex Wilber" } },
    parentReference: { siteId: SITE_ID },
    sharepointIds: { listId: LIST_ID, listItemId: "7" },
  },
};

const FILE_RESULT = {
  name: "Q3 Budget.xlsx",
  kind: "file",
  webUrl: `${SITE_URL}/Shared%20Documents/Q3%20Budget.xlsx`,
  snippet: "The budget for Q3 …",
  lastModifiedDateTime: "2026-10-02T09:15:00Z",
  lastModifiedBy: "Megan Bowen",
  siteId: SITE_ID,
  fileType: "xlsx",
  size: 24576,
  foundBy: "searchIndex",
  uri: `m365://drives/${encodeURIComponent(DOCS_DRIVE)}/items/01BYE5RZ6QN3ZWBTUFOFD3GSPGOHDJD36K`,
};

const LIST_RESULT = {
  name: "Budget review",
  kind: "listItem",
  webUrl: `${SITE_URL}/Lists/Issues/DispForm.aspx?ID=7`,
  lastModifiedDateTime: "2026-10-05T14:00:00Z",
  lastModifiedBy: "Alex Wilber",
  siteId: SITE_ID,
  foundBy: "searchIndex",
  uri: `m365://sites/${encodeURIComponent(SITE_ID)}/lists/${LIST_ID}/items/7`,
};

/** GET …/lists/{list}/items/7?$select=id&$expand=fields, with SharePoint's own fields next to the list's columns. */
const LIST_ITEM_FIELDS = (fields: Record<string, unknown> = { Severity: "High", Issue_x0020_Status: "Open" }): MockReply => ({
  body: {
    "@odata.context": `https://graph.microsoft.com/v1.0/$metadata#sites('${SITE_ID}')/lists('${LIST_ID}')/items(id,fields())/$entity`,
    id: "7",
    fields: { "@odata.etag": '"c8e4bc6e,3"', id: "7", Title: "Budget review", ContentType: "Item", _UIVersionString: "3.0", AuthorLookupId: "12", ...fields },
  },
});

function driveItem(driveId: string, id: string, name: string, modified: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    name,
    webUrl: `${SITE_URL}/Shared%20Documents/Plans/${encodeURIComponent(name)}`,
    size: 2048,
    lastModifiedDateTime: modified,
    lastModifiedBy: { user: { displayName: "Alex Wilber", id: "5e6f7a8b-0000-4000-8000-000000000003" } },
    parentReference: { driveType: "documentLibrary", driveId, id: "01PLANS", path: `/drives/${driveId}/root:/Plans`, siteId: SITE_ID },
    file: { mimeType: "text/plain" },
    searchResult: {},
    ...extra,
  };
}

const ROADMAP_MD = driveItem(DOCS_DRIVE, "01ROADMAPMD", "roadmap.md", "2026-10-10T12:00:00Z");
const ROADMAP_DOCX = driveItem(DOCS_DRIVE, "01ROADMAPDOCX", "roadmap.docx", "2026-10-11T12:00:00Z");
const OLD_MD = driveItem(DOCS_DRIVE, "01OLDMD", "roadmap-2019.md", "2019-01-01T00:00:00Z");
const PLANS_FOLDER = driveItem(DOCS_DRIVE, "01PLANSFOLDER", "Roadmap drafts", "2026-10-12T12:00:00Z", { file: undefined, folder: { childCount: 4 } });

const ROADMAP_MD_RESULT = {
  name: "roadmap.md",
  kind: "file",
  webUrl: `${SITE_URL}/Shared%20Documents/Plans/roadmap.md`,
  lastModifiedDateTime: "2026-10-10T12:00:00Z",
  lastModifiedBy: "Alex Wilber",
  siteId: SITE_ID,
  fileType: "md",
  size: 2048,
  foundBy: "driveSearch",
  uri: `m365://drives/${encodeURIComponent(DOCS_DRIVE)}/items/01ROADMAPMD`,
};

const searchResults = searchReplies("budget");

function driveItems(items: unknown[], nextLink?: string): MockReply {
  return { body: odataPage("https://graph.microsoft.com/v1.0/$metadata#Collection(driveItem)", items, nextLink) };
}

/** The single search request of a /search/query call, with its query string pulled up. */
function searchRequest(request: GraphRequest | undefined): { queryString: string; from: number; size: number; entityTypes: string[] } {
  const only = searchRequestOf(request);
  return { queryString: only.query.queryString, from: only.from, size: only.size, entityTypes: only.entityTypes };
}

const queryString = (request: GraphRequest | undefined): string => searchRequest(request).queryString;
const DRIVE_SELECT = "id,name,webUrl,size,lastModifiedDateTime,lastModifiedBy,parentReference,file,folder";

describe("sharepoint_search", () => {
  const harness = useHarness({ M365_MCP_CURSOR_KEY: CURSOR_KEY });
  const codec = () => cursorCodec(CURSOR_KEY, "sharepoint_search");
  const { success, failure } = toolCalls(harness, "sharepoint_search");

  describe("index search", () => {
    it("finds files and list items with snippets, people, sites and uris", async () => {
      const { graph } = harness();
      graph.on("searchQuery", () => searchResults([FILE_HIT, LIST_HIT])).on("getListItem", () => LIST_ITEM_FIELDS());
      const result = await success({ query: "budget" });
      assert.deepEqual(result.structuredContent, { results: [FILE_RESULT, LIST_RESULT] });
      assert.equal(
        textOf(result),
        [
          '## SharePoint results for "budget"',
          "",
          `1. [Q3 Budget.xlsx](${SITE_URL}/Shared%20Documents/Q3%20Budget.xlsx) — xlsx · modified 2026-10-02 by Megan Bowen`,
          "   The budget for Q3 …",
          `   \`${FILE_RESULT.uri}\``,
          `2. [Budget review](${SITE_URL}/Lists/Issues/DispForm.aspx?ID=7) — listItem · modified 2026-10-05 by Alex Wilber`,
          "   Severity: High · Issue Status: Open",
          `   \`${LIST_RESULT.uri}\``,
        ].join("\n"),
      );
      const request = graph.requestsFor("searchQuery")[0];
      assert.equal(request?.caller.userId, ALICE.userId);
      assert.deepEqual(request.body, { requests: [{ entityTypes: ["driveItem", "listItem"], query: { queryString: '"budget"' }, from: 0, size: 10 }] });
      assert.deepEqual(
        graph.requestsFor("getListItem").map((r) => [r.url.pathname, Object.fromEntries(r.query), r.caller.userId]),
        [[`/v1.0/sites/${encodeURIComponent(SITE_ID)}/lists/${LIST_ID}/items/7`, { $select: "id", $expand: "fields" }, ALICE.userId]],
      );
      assert.equal(graph.requests.length, 2);
    });

    it("shows each list item hit's first five columns, each value cut to 80 characters, read in parallel", async () => {
      const { graph } = harness();
      const second = { ...LIST_HIT, hitId: "second", resource: { ...LIST_HIT.resource, id: "second", name: "Budget owner", sharepointIds: { listId: LIST_ID, listItemId: "8" } } };
      const columns = { Owner: "Megan Bowen", Notes: `<div><p>${"word ".repeat(30)}</p></div>`, Due: "2026-12-01T00:00:00Z", Cost: 1200, Done: false, Region: "EMEA" };
      // Each read is answered only once both have arrived (or after 5 s), so reads one after the other would show.
      let arrived = 0;
      let bothArrived = (): void => undefined;
      const both = new Promise<boolean>((resolve) => {
        bothArrived = () => {
          resolve(true);
        };
      });
      const together: boolean[] = [];
      graph.on("searchQuery", () => searchResults([LIST_HIT, second])).on("getListItem", async () => {
        if (++arrived === 2) bothArrived();
        together.push(await Promise.race([both, new Promise<boolean>((resolve) => {
          setTimeout(() => {
            resolve(false);
          }, 5000);
        })]));
        return LIST_ITEM_FIELDS(columns);
      });
      const text = textOf(await success({ query: "budget" }));
      // Rich text reads as text; the sixth column (Region) is left out.
      const line = `   Owner: Megan Bowen · Notes: ${"word ".repeat(16).trim()}… · Due: 2026-12-01T00:00:00Z · Cost: 1200 · Done: No`;
      assert.equal(text.split("\n").filter((l) => l === line).length, 2, text);
      assert.ok(!text.includes("Region"), text);
      assert.deepEqual(graph.requestsFor("getListItem").map((r) => r.url.pathname.split("/").pop()), ["7", "8"]);
      assert.deepEqual(together, [true, true]);
    });

    it("reads no columns for a site page hit, whose snippet is its text", async () => {
      const { graph } = harness();
      const page = { ...LIST_HIT, hitId: "page", summary: "Book all trips through the travel portal.", resource: { ...LIST_HIT.resource, id: "page", name: "Travel policy", webUrl: `${SITE_URL}/SitePages/Travel-policy.aspx`, sharepointIds: { listId: LIST_ID, listItemId: "12" } } };
      graph.on("searchQuery", () => searchResults([page, LIST_HIT])).on("getListItem", () => LIST_ITEM_FIELDS());
      const text = textOf(await success({ query: "budget" }));
      assert.ok(text.includes("   Book all trips through the travel portal.\n"), text);
      assert.deepEqual(graph.requestsFor("getListItem").map((r) => r.url.pathname.split("/").pop()), ["7"]);
    });

    it("keeps a list item's snippet, with a note, when its columns cannot be read", async () => {
      const { graph } = harness();
      const hit = { ...LIST_HIT, summary: "Budget review High Open" };
      graph.on("searchQuery", () => searchResults([hit, FILE_HIT])).on("getListItem", () => graphError(403, "accessDenied", "Access denied."));
      const result = await success({ query: "budget" });
      const note = "The columns of 1 list item could not be read, so it shows its search snippet.";
      assert.deepEqual(result.structuredContent, { results: [{ ...LIST_RESULT, snippet: "Budget review High Open" }, FILE_RESULT], notes: [note] });
      assert.ok(textOf(result).startsWith(`## SharePoint results for "budget"\n\n> Note: ${note}\n\n1. [Budget review]`), textOf(result));
      assert.ok(textOf(result).includes("listItem · modified 2026-10-05 by Alex Wilber\n   Budget review High Open\n"), textOf(result));
      assert.deepEqual(harness().logs.map(({ level, msg, errorKind, errorCode }) => ({ level, msg, errorKind, errorCode })), [{ level: 40, msg: "a list item's columns were not read", errorKind: "access_denied", errorCode: "graph_403_accessDenied" }]);
    });

    it("says so when nothing matches, without a fallback when no scope or special type was asked for", async () => {
      const { graph } = harness();
      graph.on("searchQuery", () => searchResults(undefined));
      const result = await success({ query: "nothing like this" });
      assert.deepEqual(result.structuredContent, { results: [] });
      assert.equal(
        textOf(result),
        [
          '## SharePoint results for "nothing like this"',
          "",
          'No matching files, pages or list items. All the words must match; the search sent was `"nothing" "like" "this"`. Try fewer words, e.g. `sharepoint_search {"query": "nothing"}`, or another word for one of them.',
        ].join("\n"),
      );
      assert.equal(graph.requests.length, 1);
    });

    it("gives no word hint when a one-word search finds nothing", async () => {
      harness().graph.on("searchQuery", () => searchResults(undefined));
      const result = await success({ query: "nothing" });
      assert.equal(textOf(result), ['## SharePoint results for "nothing"', "", "No matching files, pages or list items."].join("\n"));
    });

    it("leaves out hits it cannot open and says how many", async () => {
      const { graph } = harness();
      const noDrive = { ...FILE_HIT, hitId: "x", resource: { ...FILE_HIT.resource, id: "01NODRIVE", parentReference: { siteId: SITE_ID } } };
      const site = { hitId: SITE_ID, rank: 3, summary: "", resource: { "@odata.type": "#microsoft.graph.site", id: SITE_ID, webUrl: SITE_URL } };
      graph.on("searchQuery", () => searchResults([FILE_HIT, noDrive, site]));
      const result = await success({ query: "budget" });
      assert.deepEqual(result.structuredContent, { results: [FILE_RESULT], notes: ["2 search hits of other kinds or without ids were left out."] });
      assert.match(textOf(result), /^> Note: 2 search hits of other kinds or without ids were left out\.$/m);
    });

    it("filters by file types and modification dates in KQL", async () => {
      const { graph } = harness();
      graph.on("searchQuery", () => searchResults([]));
      await success({ query: "budget", fileTypes: ["DOCX", ".pdf", "docx"], modifiedAfter: "2026-01-01", modifiedBefore: "2026-03-31T18:30:00Z", limit: 25 });
      assert.deepEqual(searchRequest(graph.requestsFor("searchQuery")[0]), {
        queryString: '"budget" (filetype:docx OR filetype:pdf) LastModifiedTime>=2026-01-01 LastModifiedTime<=2026-03-31',
        from: 0,
        size: 25,
        entityTypes: ["driveItem", "listItem"],
      });
    });

    it("takes one date bound, counted by UTC day", async () => {
      const { graph } = harness();
      graph.on("searchQuery", () => searchResults([]));
      await success({ query: "budget", modifiedAfter: "2026-02-01T01:00:00+02:00" });
      assert.equal(queryString(graph.requestsFor("searchQuery")[0]), '"budget" LastModifiedTime>=2026-01-31');
    });

    it("keeps quoted phrases together and every word a separate phrase", async () => {
      const { graph } = harness();
      graph.on("searchQuery", () => searchResults([]));
      await success({ query: 'plan "quarterly budget"  review' });
      assert.equal(queryString(graph.requestsFor("searchQuery")[0]), '"plan" "quarterly budget" "review"');
    });
  });

  describe("site and library scoping", () => {
    it("scopes to a site given by URL", async () => {
      const { graph } = harness();
      graph.on("getSiteByPath", () => ({ body: SITE })).on("searchQuery", () => searchResults([FILE_HIT]));
      const result = await success({ query: "budget", site: `${SITE_URL}/Shared%20Documents/Forms/AllItems.aspx` });
      assert.deepEqual(structuredOf(result)["results"], [FILE_RESULT]);
      const lookup = graph.requestsFor("getSiteByPath")[0];
      assert.deepEqual(lookup?.pathParams, { hostname: "contoso.sharepoint.com", "managed-path": "sites", "site-name": "Marketing" });
      assert.equal(lookup.url.pathname, "/v1.0/sites/contoso.sharepoint.com:/sites/Marketing");
      assert.equal(lookup.query.get("$select"), "id,displayName,name,webUrl");
      assert.equal(queryString(graph.requestsFor("searchQuery")[0]), `"budget" path:"${SITE_URL}"`);
    });

    it("scopes to a team site whose name needs encoding", async () => {
      const { graph } = harness();
      const site = { ...SITE, displayName: "Équipe R&D", name: "Équipe R&D", webUrl: "https://contoso.sharepoint.com/teams/%C3%89quipe%20R%26D" };
      graph.on("getSiteByPath", () => ({ body: site })).on("searchQuery", () => searchResults([FILE_HIT]));
      await success({ query: "budget", site: "https://contoso.sharepoint.com/teams/%C3%89quipe%20R%26D" });
      const lookup = graph.requestsFor("getSiteByPath")[0];
      assert.deepEqual(lookup?.pathParams, { hostname: "contoso.sharepoint.com", "managed-path": "teams", "site-name": "Équipe R&D" });
      assert.equal(queryString(graph.requestsFor("searchQuery")[0]), '"budget" path:"https://contoso.sharepoint.com/teams/Équipe R%26D"');
    });

    it("scopes to a site given by id, and to the root site by host URL", async () => {
      const { graph } = harness();
      graph.on("getSite", () => ({ body: SITE })).on("searchQuery", () => searchResults([FILE_HIT]));
      await success({ query: "budget", site: SITE_ID });
      await success({ query: "budget", site: "https://contoso.sharepoint.com/" });
      assert.deepEqual(graph.requestsFor("getSite").map((r) => r.pathParams["site-id"]), [SITE_ID, "contoso.sharepoint.com"]);
      assert.equal(graph.requestsFor("getSite")[0]?.url.pathname, `/v1.0/sites/${SITE_ID.replace(/,/g, "%2C")}`);
    });

    it("scopes to a library by name, with its decoded URL in the KQL", async () => {
      const { graph } = harness();
      graph.on("getSiteByPath", () => ({ body: SITE })).on("listSiteDrives", () => ({ body: DRIVES })).on("searchQuery", () => searchResults([FILE_HIT]));
      await success({ query: "budget", site: SITE_URL, library: "team policies" });
      const drives = graph.requestsFor("listSiteDrives")[0];
      assert.equal(drives?.pathParams["site-id"], SITE_ID);
      assert.equal(drives.query.get("$select"), "id,name,webUrl,driveType");
      assert.equal(queryString(graph.requestsFor("searchQuery")[0]), `"budget" path:"${SITE_URL}/Team Policies"`);
    });

    it("finds a library by its URL name or drive id", async () => {
      const { graph } = harness();
      graph.on("getSiteByPath", () => ({ body: SITE })).on("listSiteDrives", () => ({ body: DRIVES })).on("searchQuery", () => searchResults([FILE_HIT]));
      await success({ query: "budget", site: SITE_URL, library: "Shared Documents" });
      await success({ query: "budget", site: SITE_URL, library: POLICY_DRIVE });
      assert.deepEqual(graph.requestsFor("searchQuery").map(queryString), [`"budget" path:"${SITE_URL}/Shared Documents"`, `"budget" path:"${SITE_URL}/Team Policies"`]);
    });

    it("takes a drive id without a site", async () => {
      const { graph } = harness();
      const drive = { "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#drives/$entity", ...DRIVES.value[1] };
      graph.on("getDrive", () => ({ body: drive })).on("searchQuery", () => searchResults([FILE_HIT]));
      await success({ query: "budget", library: POLICY_DRIVE });
      assert.equal(graph.requestsFor("getDrive")[0]?.pathParams["drive-id"], POLICY_DRIVE);
      assert.equal(queryString(graph.requestsFor("searchQuery")[0]), `"budget" path:"${SITE_URL}/Team Policies"`);
    });

    it("names the site's libraries when the library does not exist", async () => {
      const { graph } = harness();
      graph.on("getSiteByPath", () => ({ body: SITE })).on("listSiteDrives", () => ({ body: DRIVES }));
      assert.equal(
        await failure({ query: "budget", site: SITE_URL, library: "Contracts" }),
        'The site Marketing has no document library "Contracts"; its libraries are: Documents, Team Policies.',
      );
      assert.equal(graph.requestsFor("searchQuery").length, 0);
    });

    it("refuses a library name without a site", async () => {
      assert.equal(await failure({ query: "budget", library: "Documents" }), "`library` needs `site` as well, unless it is a drive id (b!…).");
      assert.equal(harness().graph.requests.length, 0);
    });

    const badSite = "`site` must be a SharePoint site URL such as https://contoso.sharepoint.com/sites/Marketing, or a site id (hostname,guid,guid).";
    for (const site of ["Marketing", "http://contoso.sharepoint.com/sites/Marketing", "https://contoso.sharepoint.com/lists/Marketing", "https://contoso.sharepoint.com/sites", "https://user:pw@contoso.sharepoint.com/sites/x", "https://contoso.sharepoint.com/sites/%E0%A4%A"]) {
      it(`refuses the site ${site}`, async () => {
        assert.equal(await failure({ query: "budget", site }), badSite);
        assert.equal(harness().graph.requests.length, 0);
      });
    }
  });

  describe("drive search fallbacks", () => {
    it("also matches file types the index skips by name in the library, and says so", async () => {
      const { graph } = harness();
      const docxHit = { ...FILE_HIT, resource: { ...FILE_HIT.resource, id: "01ROADMAPDOCX", name: "roadmap.docx" } };
      graph
        .on("getSiteByPath", () => ({ body: SITE }))
        .on("listSiteDrives", () => ({ body: DRIVES }))
        .on("searchQuery", () => searchResults([docxHit]))
        .on("searchDrive", () => driveItems([ROADMAP_MD, ROADMAP_DOCX, OLD_MD, PLANS_FOLDER]));
      const result = await success({ query: "roadmap", site: SITE_URL, library: "Documents", fileTypes: ["md", "docx"], modifiedAfter: "2026-01-01", limit: 5 });
      const note = "Microsoft Search does not index .md files, so they were matched by name and metadata with the drive search of the library Documents; those results have no snippet.";
      const results = structuredOf(result)["results"] as Array<Record<string, unknown>>;
      assert.deepEqual(results.map((r) => r["uri"]), [`m365://drives/${encodeURIComponent(DOCS_DRIVE)}/items/01ROADMAPDOCX`, ROADMAP_MD_RESULT.uri]);
      assert.deepEqual(results[1], ROADMAP_MD_RESULT);
      assert.deepEqual(structuredOf(result)["notes"], [note]);
      assert.match(textOf(result), new RegExp(`^> Note: ${note.replace(/[.()]/g, "\\$&")}$`, "m"));
      assert.equal(queryString(graph.requestsFor("searchQuery")[0]), `"roadmap" (filetype:md OR filetype:docx) LastModifiedTime>=2026-01-01 path:"${SITE_URL}/Shared Documents"`);
      const drive = graph.requestsFor("searchDrive")[0];
      assert.equal(drive?.url.pathname, `/v1.0/drives/${DOCS_DRIVE.replace("!", "%21")}/root/search(q='roadmap')`);
      assert.deepEqual(drive.pathParams, { "drive-id": DOCS_DRIVE, q: "'roadmap'" });
      assert.equal(drive.query.get("$select"), DRIVE_SELECT);
      assert.equal(drive.query.get("$top"), "4");
    });

    it("searches the site's default library when the index finds nothing in the site", async () => {
      const { graph } = harness();
      const defaultDrive = { "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#drives/$entity", ...DRIVES.value[0] };
      graph
        .on("getSiteByPath", () => ({ body: SITE }))
        .on("searchQuery", () => searchResults([]))
        .on("getSiteDrive", () => ({ body: defaultDrive }))
        .on("searchDrive", () => driveItems([ROADMAP_MD, PLANS_FOLDER]));
      const result = await success({ query: "roadmap", site: SITE_URL });
      const note =
        "The search index found nothing in the site Marketing, so the drive search of the default library (Documents) of the site Marketing was used instead (it matches names, metadata and content; results have no snippet).";
      assert.deepEqual(structuredOf(result)["notes"], [note]);
      const results = structuredOf(result)["results"] as Array<Record<string, unknown>>;
      assert.deepEqual(results[0], ROADMAP_MD_RESULT);
      assert.deepEqual(results[1], {
        name: "Roadmap drafts",
        kind: "folder",
        webUrl: `${SITE_URL}/Shared%20Documents/Plans/Roadmap%20drafts`,
        lastModifiedDateTime: "2026-10-12T12:00:00Z",
        lastModifiedBy: "Alex Wilber",
        siteId: SITE_ID,
        size: 2048,
        foundBy: "driveSearch",
        uri: `m365://drives/${encodeURIComponent(DOCS_DRIVE)}/items/01PLANSFOLDER`,
      });
      assert.equal(graph.requestsFor("getSiteDrive")[0]?.pathParams["site-id"], SITE_ID);
      assert.equal(graph.requestsFor("searchDrive")[0]?.pathParams["drive-id"], DOCS_DRIVE);
      assert.equal(graph.requestsFor("searchDrive")[0]?.query.get("$top"), "10");
    });

    it("applies the requested file types to an empty-index fallback", async () => {
      const { graph } = harness();
      graph
        .on("getSiteByPath", () => ({ body: SITE }))
        .on("listSiteDrives", () => ({ body: DRIVES }))
        .on("searchQuery", () => searchResults([]))
        .on("searchDrive", () => driveItems([ROADMAP_MD, ROADMAP_DOCX, PLANS_FOLDER]));
      const result = await success({ query: "roadmap", site: SITE_URL, library: "Documents", fileTypes: ["docx"] });
      assert.deepEqual((structuredOf(result)["results"] as Array<{ name: string }>).map((r) => r.name), ["roadmap.docx"]);
      assert.match((structuredOf(result)["notes"] as string[])[0] ?? "", /^The search index found nothing in the library Documents, so the drive search of the library Documents was used instead/);
    });

    it("looks for unindexed types in the user's OneDrive when no scope is given", async () => {
      const { graph } = harness();
      const mine = driveItem(MY_DRIVE, "01MINE", "notes.md", "2026-10-01T00:00:00Z", { parentReference: { driveType: "business", driveId: MY_DRIVE, id: "01ROOT", path: "/drive/root:" } });
      graph.on("searchQuery", () => searchResults([])).on("searchMyDrive", () => driveItems([mine]));
      const result = await success({ query: "notes", fileTypes: ["md"] });
      assert.deepEqual(structuredOf(result)["notes"], [
        "Microsoft Search does not index .md files, so they were matched by name and metadata with the drive search of your OneDrive; those results have no snippet. Give `site` or `library` to look for them in SharePoint.",
      ]);
      assert.deepEqual((structuredOf(result)["results"] as Array<{ uri: string }>).map((r) => r.uri), [`m365://drives/${encodeURIComponent(MY_DRIVE)}/items/01MINE`]);
      assert.equal(graph.requestsFor("searchMyDrive")[0]?.url.pathname, "/v1.0/me/drive/root/search(q='notes')");
    });

    it("pages through the fallback with the drive search's next link", async () => {
      const { graph } = harness();
      const nextLink = `${harness().graphEndpoint}/v1.0/drives/${DOCS_DRIVE}/root/search(q='roadmap')?$select=${DRIVE_SELECT}&$top=10&$skiptoken=UGFnZWQ9VFJVRSZwX0lEPTQ`;
      graph
        .on("getSiteByPath", () => ({ body: SITE }))
        .on("listSiteDrives", () => ({ body: DRIVES }))
        .on("searchQuery", () => searchResults([]))
        .on("searchDrive", (request) => (request.query.has("$skiptoken") ? driveItems([OLD_MD, ROADMAP_MD]) : driveItems([ROADMAP_DOCX], nextLink)));
      const first = await success({ query: "roadmap", site: SITE_URL, library: "Documents", fileTypes: ["md"] });
      assert.deepEqual(structuredOf(first)["results"], []);
      const cursor = structuredOf(first)["nextCursor"];
      assert.equal(typeof cursor, "string");
      assert.ok(textOf(first).endsWith(`${MORE}${String(cursor)}\``));
      const second = await success({ query: "roadmap", site: SITE_URL, library: "Documents", fileTypes: ["md"], cursor });
      const oldResult = { ...ROADMAP_MD_RESULT, name: "roadmap-2019.md", webUrl: `${SITE_URL}/Shared%20Documents/Plans/roadmap-2019.md`, lastModifiedDateTime: "2019-01-01T00:00:00Z", uri: `m365://drives/${encodeURIComponent(DOCS_DRIVE)}/items/01OLDMD` };
      assert.deepEqual(structuredOf(second)["results"], [oldResult, ROADMAP_MD_RESULT]);
      assert.equal(structuredOf(second)["nextCursor"], undefined);
      assert.equal(graph.requestsFor("searchQuery").length, 1, "the second page continues the drive search only");
      assert.equal(graph.requestsFor("searchDrive")[1]?.url.href, nextLink);
    });

    it("leaves the fallback to the next page when the index filled this one", async () => {
      const { graph } = harness();
      graph
        .on("getSiteByPath", () => ({ body: SITE }))
        .on("listSiteDrives", () => ({ body: DRIVES }))
        .on("searchQuery", () => searchResults([FILE_HIT]))
        .on("searchDrive", () => driveItems([ROADMAP_MD]));
      const args = { query: "roadmap", site: SITE_URL, library: "Documents", fileTypes: ["xlsx", "md"], limit: 1 };
      const first = await success(args);
      assert.deepEqual(structuredOf(first)["results"], [FILE_RESULT]);
      assert.equal(structuredOf(first)["notes"], undefined);
      assert.equal(graph.requestsFor("searchDrive").length, 0);
      const second = await success({ ...args, cursor: structuredOf(first)["nextCursor"] });
      assert.deepEqual(structuredOf(second)["results"], [ROADMAP_MD_RESULT]);
      assert.equal(graph.requestsFor("searchQuery").length, 1);
      assert.equal(graph.requestsFor("searchDrive")[0]?.query.get("$top"), "1");
    });

    it("escapes the drive search text as an OData string", async () => {
      const { graph } = harness();
      graph.on("searchQuery", () => searchResults([])).on("searchMyDrive", () => driveItems([]));
      await success({ query: "Bob's (draft) OR *", fileTypes: ["md"] });
      assert.deepEqual(graph.requestsFor("searchMyDrive")[0]?.pathParams, { q: "'Bob''s (draft) OR *'" });
      assert.equal(graph.requestsFor("searchMyDrive")[0]?.url.pathname, "/v1.0/me/drive/root/search(q='Bob''s%20(draft)%20OR%20*')");
      assert.equal(queryString(graph.requestsFor("searchQuery")[0]), `"Bob's" "(draft)" "OR" "*" (filetype:md)`);
    });
  });

  describe("Files.Read only", () => {
    const note =
      "Only your own OneDrive was searched (by name, metadata and content), because this tenant grants Files.Read but not Sites.Read.All or Files.Read.All; results have no snippet.";

    it("searches the user's OneDrive, filters types and dates, and pages", async () => {
      const { graph, auth } = harness();
      auth.add("files-read", { ...ALICE, scopes: ["Files.Read"] });
      const mine = (id: string, name: string, modified: string): Record<string, unknown> =>
        driveItem(MY_DRIVE, id, name, modified, { webUrl: `https://contoso-my.sharepoint.com/personal/alice/Documents/${name}`, parentReference: { driveType: "business", driveId: MY_DRIVE, id: "01ROOT", path: "/drive/root:", siteId: undefined } });
      const nextLink = `${harness().graphEndpoint}/v1.0/me/drive/root/search(q='plan')?$top=3&$skiptoken=Mg`;
      graph.on("searchMyDrive", (request) =>
        request.query.has("$skiptoken") ? driveItems([mine("03", "plan-c.pdf", "2026-06-01T00:00:00Z")]) : driveItems([mine("01", "plan-a.pdf", "2026-05-01T00:00:00Z"), mine("02", "plan-b.docx", "2026-05-02T00:00:00Z"), mine("04", "plan-old.pdf", "2025-01-01T00:00:00Z")], nextLink),
      );
      const args = { query: "plan", fileTypes: ["pdf"], modifiedAfter: "2026-01-01", limit: 3 };
      const first = await success(args, "files-read");
      assert.deepEqual(structuredOf(first)["results"], [
        {
          name: "plan-a.pdf",
          kind: "file",
          webUrl: "https://contoso-my.sharepoint.com/personal/alice/Documents/plan-a.pdf",
          lastModifiedDateTime: "2026-05-01T00:00:00Z",
          lastModifiedBy: "Alex Wilber",
          fileType: "pdf",
          size: 2048,
          foundBy: "driveSearch",
          uri: `m365://drives/${encodeURIComponent(MY_DRIVE)}/items/01`,
        },
      ]);
      assert.deepEqual(structuredOf(first)["notes"], [note]);
      assert.match(textOf(first), /^> Note: Only your own OneDrive was searched/m);
      const request = graph.requestsFor("searchMyDrive")[0];
      assert.equal(request?.url.pathname, "/v1.0/me/drive/root/search(q='plan')");
      assert.equal(request.query.get("$top"), "3");
      assert.equal(graph.requestsFor("searchQuery").length, 0);
      const second = await success({ ...args, cursor: structuredOf(first)["nextCursor"] }, "files-read");
      assert.deepEqual((structuredOf(second)["results"] as Array<{ name: string }>).map((r) => r.name), ["plan-c.pdf"]);
      assert.equal(graph.requestsFor("searchMyDrive")[1]?.url.href, nextLink);
    });

    it("refuses a site or library scope", async () => {
      harness().auth.add("files-read", { ...ALICE, scopes: ["Files.Read"] });
      const message =
        "This tenant grants only Files.Read, which cannot search SharePoint sites or libraries: call again without `site` and `library` to search your own OneDrive.";
      assert.equal(await failure({ query: "plan", site: SITE_URL }, "files-read"), message);
      assert.equal(await failure({ query: "plan", library: DOCS_DRIVE }, "files-read"), message);
      assert.equal(harness().graph.requests.length, 0);
    });

    it("uses the index when Files.Read.All is granted", async () => {
      const { graph, auth } = harness();
      auth.add("files-read-all", { ...ALICE, scopes: ["Files.Read.All"] });
      graph.on("searchQuery", () => searchResults([FILE_HIT]));
      const result = await success({ query: "budget" }, "files-read-all");
      assert.deepEqual(result.structuredContent, { results: [FILE_RESULT] });
    });

    it("refuses a caller without any files permission", async () => {
      harness().auth.add("user-read", { ...ALICE, scopes: ["User.Read"] });
      assert.equal(
        await failure({ query: "plan" }, "user-read"),
        "The sharepoint_search tool needs the Microsoft Graph delegated permission Sites.Read.All, Files.Read.All or Files.Read, which has not been granted to this app for you. " +
          "An administrator can grant it in Microsoft Entra ID (API permissions, then admin consent); it applies from your next sign-in.",
      );
      assert.equal(harness().graph.requests.length, 0);
    });
  });

  describe("paging", () => {
    it("continues the index search from the next offset", async () => {
      const { graph } = harness();
      graph.on("searchQuery", (request) => (searchRequest(request).from === 0 ? searchResults([FILE_HIT], true) : searchResults([LIST_HIT]))).on("getListItem", () => LIST_ITEM_FIELDS());
      const first = await success({ query: "budget", limit: 1 });
      const cursor = structuredOf(first)["nextCursor"];
      assert.equal(typeof cursor, "string");
      assert.ok(textOf(first).endsWith(`${MORE}${String(cursor)}\``));
      const second = await success({ query: "budget", limit: 1, cursor });
      assert.deepEqual(second.structuredContent, { results: [LIST_RESULT] });
      assert.deepEqual(graph.requestsFor("searchQuery").map(searchRequest).map((r) => [r.from, r.size]), [[0, 1], [1, 1]]);
    });

    it("rejects a tampered cursor", async () => {
      const cursor = await codec().seal({ operation: "searchQuery", from: 10 });
      assert.equal(await failure({ query: "budget", cursor: tamperedSignature(cursor) }), INVALID_CURSOR);
      assert.equal(harness().graph.requests.length, 0);
    });

    it("rejects cursors of another operation, without an offset, or from another scope", async () => {
      const { graph } = harness();
      graph.on("getSiteByPath", () => ({ body: SITE }));
      const mail = await codec().seal({ operation: "listMessages", nextLink: `${harness().graphEndpoint}/v1.0/me/messages` });
      const noOffset = await codec().seal({ operation: "searchQuery" });
      const myDrive = await codec().seal({ operation: "searchMyDrive", nextLink: `${harness().graphEndpoint}/v1.0/me/drive/root/search(q='x')?$skiptoken=1`, phase: "drive-unindexed" });
      assert.equal(await failure({ query: "budget", cursor: mail }), INVALID_CURSOR);
      assert.equal(await failure({ query: "budget", cursor: noOffset }), INVALID_CURSOR);
      assert.equal(await failure({ query: "budget", site: SITE_URL, fileTypes: ["md"], cursor: myDrive }), INVALID_CURSOR);
      assert.equal(graph.requestsFor("searchQuery").length + graph.requestsFor("searchMyDrive").length, 0);
    });

    it("rejects a drive cursor whose link leaves the Graph host or the drive search", async () => {
      const otherHost = await codec().seal({ operation: "searchMyDrive", nextLink: "https://evil.example.com/v1.0/me/drive/root/search(q='x')?$skiptoken=1", phase: "drive-unindexed" });
      const otherPath = await codec().seal({ operation: "searchMyDrive", nextLink: `${harness().graphEndpoint}/v1.0/me/messages?$skip=10`, phase: "drive-unindexed" });
      assert.equal(await failure({ query: "notes", fileTypes: ["md"], cursor: otherHost }), CURSOR_OUTSIDE);
      assert.equal(await failure({ query: "notes", fileTypes: ["md"], cursor: otherPath }), CURSOR_OUTSIDE);
      assert.equal(harness().graph.requests.length, 0);
    });
  });

  describe("hostile values", () => {
    it("quotes every word so KQL operators, wildcards and quotes stay plain text", async () => {
      const { graph } = harness();
      graph.on("searchQuery", () => searchResults([]));
      await success({ query: 'budget" OR author:"x (secret*) NOT \\ ünïcödé 予算 "a"b' });
      assert.equal(queryString(graph.requestsFor("searchQuery")[0]), '"budget" "OR author:" "x" "(secret*)" "NOT" "ünïcödé" "予算" "a" "b"');
    });

    it("refuses a query with nothing to search for", async () => {
      assert.equal(await failure({ query: '"" \u0000 ""' }), "`query` must contain at least one word to search for.");
      assert.equal(harness().graph.requests.length, 0);
    });

    it("refuses a 10 kB query, site or library before calling Graph", async () => {
      assert.equal(await failure({ query: TEN_KB }), "Invalid arguments: `query` must NOT have more than 500 characters.");
      assert.equal(await failure({ query: "x", site: TEN_KB }), "Invalid arguments: `site` must NOT have more than 500 characters.");
      assert.equal(await failure({ query: "x", library: TEN_KB }), "Invalid arguments: `library` must NOT have more than 500 characters.");
      assert.equal(harness().graph.requests.length, 0);
    });

    it("refuses file types that are not plain extensions", async () => {
      assert.equal(await failure({ query: "x", fileTypes: ["docx OR filetype:exe"] }), 'Invalid arguments: `fileTypes.0` must match pattern "^\\.?[A-Za-z0-9]{1,10}$".');
      assert.equal(await failure({ query: "x", fileTypes: ['pdf"'] }), 'Invalid arguments: `fileTypes.0` must match pattern "^\\.?[A-Za-z0-9]{1,10}$".');
      assert.equal(harness().graph.requests.length, 0);
    });

    it("refuses dates that are not dates", async () => {
      assert.equal(await failure({ query: "x", modifiedAfter: "yesterday" }), '`modifiedAfter` must be a date such as 2026-01-31 (or an ISO 8601 date-time); got "yesterday".');
      assert.equal(await failure({ query: "x", modifiedBefore: "2026-02-30x" }), '`modifiedBefore` must be a date such as 2026-01-31 (or an ISO 8601 date-time); got "2026-02-30x".');
      assert.equal(await failure({ query: "x", modifiedAfter: "2026-13-01" }), '`modifiedAfter` must be a date such as 2026-01-31 (or an ISO 8601 date-time); got "2026-13-01".');
      assert.equal(await failure({ query: "x", modifiedAfter: "2026-03-01", modifiedBefore: "2026-02-01" }), "`modifiedAfter` must not be later than `modifiedBefore`.");
      assert.equal(harness().graph.requests.length, 0);
    });

    it("refuses limits out of range and unknown arguments", async () => {
      assert.equal(await failure({ query: "x", limit: 51 }), "Invalid arguments: `limit` must be <= 50.");
      assert.equal(await failure({ query: "x", limit: 0 }), "Invalid arguments: `limit` must be >= 1.");
      assert.equal(await failure({ query: "x", folder: "/" }), "Invalid arguments: `folder` is not an argument of this tool.");
      assert.equal(await failure({}), "Invalid arguments: `query` is required.");
    });

    it("escapes markdown in names and snippets, and keeps links intact", async () => {
      const { graph } = harness();
      const hit = {
        ...FILE_HIT,
        summary: "<c0>**bold**</c0> [link](javascript:alert(1))",
        resource: { ...FILE_HIT.resource, name: "# Budget (final) `x`.xlsx", webUrl: `${SITE_URL}/Shared Documents/Budget (final).xlsx` },
      };
      graph.on("searchQuery", () => searchResults([hit]));
      const result = await success({ query: "budget <b>" });
      assert.equal(
        textOf(result).split("\n").slice(0, 4).join("\n"),
        [
          '## SharePoint results for "budget \\<b\\>"',
          "",
          `1. [\\# Budget (final) \\\`x\\\`.xlsx](${SITE_URL}/Shared%20Documents/Budget%20%28final%29.xlsx) — xlsx · modified 2026-10-02 by Megan Bowen`,
          "   \\*\\*bold\\*\\* \\[link\\](javascript:alert(1))",
        ].join("\n"),
      );
    });
  });

  describe("Graph errors", () => {
    it("maps a denied search", async () => {
      harness().graph.on("searchQuery", () => graphError(403, "accessDenied", "Access denied."));
      assert.equal(await failure({ query: "budget" }), "Graph denied access to Microsoft Search (403 accessDenied)");
    });

    it("maps an unknown site", async () => {
      harness().graph.on("getSiteByPath", () => graphError(404, "itemNotFound", "Requested site could not be found"));
      assert.equal(await failure({ query: "budget", site: "https://contoso.sharepoint.com/sites/Nope" }), "Graph could not find this SharePoint site (404 itemNotFound)");
      assert.equal(harness().graph.requestsFor("searchQuery").length, 0);
    });

    it("maps a failing drive search fallback", async () => {
      const { graph } = harness();
      graph.on("searchQuery", () => searchResults([])).on("searchMyDrive", () => graphError(400, "invalidRequest", "Invalid search text."));
      assert.equal(await failure({ query: "notes", fileTypes: ["md"] }), "Graph rejected the request for your OneDrive (400 invalidRequest): Invalid search text.");
    });

    it("gives up after the SDK's retries when throttled", async () => {
      const { graph } = harness();
      graph.on("searchQuery", () => throttled("activityLimitReached", "Throttled."));
      assert.equal(await failure({ query: "budget" }), "Graph is throttling requests for Microsoft Search; retry after 0 seconds (429 activityLimitReached)");
      assert.equal(graph.requestsFor("searchQuery").length, 4);
    });

    it("reports a site Graph describes without a web URL", async () => {
      harness().graph.on("getSite", () => ({ body: { id: SITE_ID, displayName: "Marketing" } }));
      assert.equal(await failure({ query: "budget", site: SITE_ID }), "Graph sent a reply that could not be read for this SharePoint site (502 InvalidResponse)");
    });
  });
});
