import assert from "node:assert/strict";
import { searchReplies } from "../support/fixtures.js";
import { ALICE, textOf, useHarness } from "../support/harness.js";
import type { GraphRequest } from "../support/mock-graph.js";
import { structuredOf, toolCalls } from "../support/tool-calls.js";

type Json = Record<string, unknown>;

const SITE_ID = "contoso.sharepoint.com,2c712604-1370-44e7-a1f5-426573fda80a,2d2244c3-251a-49ea-93a8-39e1c3a060fe";
const SITE_URL = "https://contoso.sharepoint.com/sites/Intranet";
const PAGES_LIST = "9c5a3e1b-6d2f-4e8a-b7c4-1f0e9d8c7b6a";
const PAGE_GUID = "f45354cb-d634-45df-8b88-2b4e96a1dc45";
const PAGES_DRIVE = "b!UGFnZXMtbGlicmFyeS0wMTIzNDU2Nzg5YWJjZGVmZ2hpamtsbW5vcHFyc3Q";
const PAGE_URL = `${SITE_URL}/SitePages/Travel-policy.aspx`;
const PAGE_URI = `m365://sites/${encodeURIComponent(SITE_ID)}/lists/${PAGES_LIST}/items/12`;
const PAGE_PATH = `/v1.0/sites/${encodeURIComponent(SITE_ID)}/pages/${PAGE_GUID}/microsoft.graph.sitePage`;
const SITE_PAGE_CT = "0x0101009D1CB255DA76424F860D91F20E6C4118";

/** A Microsoft Search hit for a page of the Site Pages library, as Graph returns list item hits. */
const PAGE_HIT = {
  hitId: PAGE_GUID,
  rank: 1,
  summary: "Book <c0>travel</c0> through the portal <ddd/>",
  resource: {
    "@odata.type": "#microsoft.graph.listItem",
    id: PAGE_GUID,
    name: "Travel-policy.aspx",
    webUrl: PAGE_URL,
    lastModifiedDateTime: "2026-11-02T12:30:00Z",
    lastModifiedBy: { user: { displayName: "Evan Example" } },
    parentReference: { siteId: SITE_ID },
    sharepointIds: { listId: PAGES_LIST, listItemId: "12" },
  },
};

function pageListItem(contentTypeId = `${SITE_PAGE_CT}00A1B2C3D4E5F6`, contentTypeName = "Site Page"): Json {
  return {
    "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#sites('x')/lists('y')/items(id,eTag,contentType,sharepointIds)/$entity",
    "@odata.etag": `"{${PAGE_GUID.toUpperCase()}},8"`,
    id: "12",
    eTag: `"{${PAGE_GUID.toUpperCase()}},8"`,
    contentType: { id: contentTypeId, name: contentTypeName },
    sharepointIds: { listId: PAGES_LIST, listItemId: "12", listItemUniqueId: PAGE_GUID, siteId: "2c712604-1370-44e7-a1f5-426573fda80a", siteUrl: SITE_URL, webId: "2d2244c3-251a-49ea-93a8-39e1c3a060fe" },
  };
}

const text = (id: string, innerHtml: string): Json => ({ "@odata.type": "#microsoft.graph.textWebPart", id, innerHtml });
const image = (id: string): Json => ({
  "@odata.type": "#microsoft.graph.standardWebPart",
  id,
  webPartType: "d1d91016-032f-456d-98a4-721247c305e8",
  data: { dataVersion: "1.9", title: "Image", description: "A photo", properties: { imageSourceType: 2 } },
});

/** Two horizontal sections (the first with two columns) and a vertical section, listed out of reading order nowhere. */
function sitePage(overrides: Json = {}): Json {
  return {
    "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#sites('x')/pages/microsoft.graph.sitePage(canvasLayout())/$entity",
    "@odata.type": "#microsoft.graph.sitePage",
    id: PAGE_GUID,
    name: "Travel-policy.aspx",
    title: "Travel policy",
    description: "How to book and claim business travel.",
    webUrl: PAGE_URL,
    pageLayout: "article",
    promotionKind: "page",
    createdDateTime: "2026-09-01T08:00:00Z",
    lastModifiedDateTime: "2026-11-02T12:30:00Z",
    createdBy: { user: { displayName: "Dana Example", email: "dana@contoso.com" } },
    lastModifiedBy: { user: { displayName: "Evan Example", email: "evan@contoso.com" } },
    parentReference: { siteId: SITE_ID },
    canvasLayout: {
      horizontalSections: [
        {
          id: "1",
          layout: "twoColumns",
          emphasis: "none",
          columns: [
            { id: "1", width: 6, webparts: [text("a1", "<h2>Booking</h2><p>Book all trips through the <b>travel portal</b>.</p>"), image("a2")] },
            { id: "2", width: 6, webparts: [text("b1", "<h3>Who approves</h3><ul><li>Your manager</li><li>Finance, above 5&nbsp;000 EUR</li></ul>")] },
          ],
        },
        {
          id: "2",
          layout: "oneColumn",
          emphasis: "soft",
          columns: [{ id: "1", width: 12, webparts: [text("c1", "<h2>Claims</h2><p>Claim within 30 days.</p>")] }],
        },
      ],
      verticalSection: { id: "1", emphasis: "none", webparts: [text("v1", "<h4>Contacts</h4><p>travel@contoso.com</p>")] },
    },
    ...overrides,
  };
}

const PAGE_TEXT = [
  "Title: Travel policy",
  "Type: Page",
  "Description: How to book and claim business travel.",
  `Site: ${SITE_ID}`,
  "Modified: 2026-11-02T12:30:00Z by Evan Example",
  "Created: 2026-09-01T08:00:00Z by Dana Example",
  `Web link: ${PAGE_URL}`,
  "",
  "# Travel policy",
  "",
  "## Booking",
  "",
  "Book all trips through the travel portal.",
  "",
  "### Who approves",
  "",
  "- Your manager",
  "- Finance, above 5 000 EUR",
  "",
  "## Claims",
  "",
  "Claim within 30 days.",
  "",
  "#### Contacts",
  "",
  "travel@contoso.com",
  "",
  "(1 other web part, such as images, lists or embeds, is not shown: only text web parts are read.)",
].join("\n");

describe("read_resource: SharePoint pages", () => {
  const harness = useHarness();
  const { call, success } = toolCalls(harness, "read_resource");
  const search = toolCalls(harness, "sharepoint_search");

  const only = (op: string): GraphRequest => {
    const requests = harness().graph.requestsFor(op);
    assert.equal(requests.length, 1, `one ${op} request`);
    return requests[0] as GraphRequest;
  };

  it("reads a page that sharepoint_search found: its text web parts in reading order, headings kept", async () => {
    const { graph } = harness();
    graph
      .on("searchQuery", () => searchReplies("travel")([PAGE_HIT]))
      .on("getListItem", () => ({ body: pageListItem() }))
      .on("getSitePage", () => ({ body: sitePage() }));
    const found = structuredOf(await search.success({ query: "travel" }));
    const uri = (found["results"] as Json[])[0]?.["uri"];
    assert.equal(uri, PAGE_URI);

    const result = await success({ uri });
    const out = structuredOf(result);
    assert.equal(out["kind"], "listItem");
    assert.equal(out["title"], "Travel policy");
    assert.equal(out["text"], PAGE_TEXT);
    assert.deepEqual(out["metadata"], {
      title: "Travel policy",
      pageType: "Page",
      description: "How to book and claim business travel.",
      site: SITE_ID,
      modified: "2026-11-02T12:30:00Z by Evan Example",
      created: "2026-09-01T08:00:00Z by Dana Example",
      webUrl: PAGE_URL,
    });
    assert.ok(textOf(result).startsWith(`## Travel policy\nSharePoint page · \`${PAGE_URI}\``), textOf(result));

    const item = only("getListItem");
    assert.equal(item.url.pathname, `/v1.0/sites/${encodeURIComponent(SITE_ID)}/lists/${PAGES_LIST}/items/12`);
    assert.deepEqual(Object.fromEntries(item.query), { $select: "id,eTag,contentType,sharepointIds" });
    const page = only("getSitePage");
    assert.equal(page.url.pathname, PAGE_PATH);
    assert.equal(page.query.get("$expand"), "canvasLayout");
    assert.equal(page.query.get("$select"), "id,name,title,description,webUrl,pageLayout,promotionKind,createdDateTime,lastModifiedDateTime,createdBy,lastModifiedBy,parentReference");
  });

  it("reads a news post, finding the page id in the eTag when sharepointIds leaves it out, and says when a page has no text", async () => {
    const item = pageListItem();
    harness()
      .graph.on("getListItem", () => ({ body: { ...item, sharepointIds: { listId: PAGES_LIST, listItemId: "12" } } }))
      .on("getSitePage", () => ({ body: sitePage({ title: "Offsite recap", description: null, promotionKind: "newsPost", canvasLayout: { horizontalSections: [{ id: "1", columns: [{ id: "1", webparts: [image("i1"), image("i2")] }] }] } }) }));
    const out = structuredOf(await success({ uri: PAGE_URI }));
    assert.equal(only("getSitePage").url.pathname, PAGE_PATH);
    assert.equal(
      out["text"],
      [
        "Title: Offsite recap",
        "Type: News post",
        `Site: ${SITE_ID}`,
        "Modified: 2026-11-02T12:30:00Z by Evan Example",
        "Created: 2026-09-01T08:00:00Z by Dana Example",
        `Web link: ${PAGE_URL}`,
        "",
        "# Offsite recap",
        "",
        "(This page has no text web parts.)",
        "",
        "(2 other web parts, such as images, lists or embeds, are not shown: only text web parts are read.)",
      ].join("\n"),
    );
  });

  it("keeps reading other list items as metadata, without calling the pages API", async () => {
    const { graph } = harness();
    const metadataItem = {
      "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#sites('x')/lists('y')/items/$entity",
      id: "7",
      webUrl: `${SITE_URL}/Lists/Issues/DispForm.aspx?ID=7`,
      createdDateTime: "2026-09-01T08:00:00Z",
      lastModifiedDateTime: "2026-10-05T14:00:00Z",
      createdBy: { user: { displayName: "Dana Example" } },
      lastModifiedBy: { user: { displayName: "Alex Wilber" } },
      contentType: { id: "0x0100A1B2C3", name: "Item" },
      parentReference: { id: "parent", siteId: SITE_ID },
      sharepointIds: { siteUrl: SITE_URL },
      fields: { "@odata.etag": '"x,1"', Title: "Budget review" },
    };
    graph.on("getListItem", (request) => ({ body: request.query.get("$expand") ? metadataItem : pageListItem("0x0100A1B2C3", "Item") }));
    const uri = `m365://sites/${encodeURIComponent(SITE_ID)}/lists/${PAGES_LIST}/items/7`;
    const result = await success({ uri });
    const out = structuredOf(result);
    assert.equal(out["kind"], "listItem");
    assert.equal(out["title"], "Budget review");
    assert.ok((out["text"] as string).startsWith("Title: Budget review\nContent type: Item\n"), out["text"] as string);
    assert.ok(textOf(result).includes(`SharePoint item · \`${uri}\``), textOf(result));
    assert.deepEqual(
      graph.requestsFor("getListItem").map((r) => r.query.get("$select")),
      ["id,eTag,contentType,sharepointIds", "id,webUrl,createdDateTime,lastModifiedDateTime,createdBy,lastModifiedBy,contentType,parentReference,sharepointIds"],
    );
    assert.equal(graph.requestsFor("getSitePage").length, 0);
  });

  it("reads a pasted SitePages link as the page, through /shares and the pages API", async () => {
    const { graph } = harness();
    graph
      .on("getSharedDriveItem", () => ({
        body: {
          "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#shares('u%21x')/driveItem/$entity",
          id: "01PAGEITEMID",
          name: "Travel-policy.aspx",
          eTag: `"{${PAGE_GUID.toUpperCase()}},8"`,
          file: { mimeType: "application/octet-stream" },
          parentReference: { driveType: "documentLibrary", driveId: PAGES_DRIVE, id: "01PAGESROOT", siteId: SITE_ID },
          sharepointIds: { listId: PAGES_LIST, listItemId: "12", listItemUniqueId: PAGE_GUID, siteUrl: SITE_URL },
        },
      }))
      .on("getSitePage", () => ({ body: sitePage() }));
    const result = await success({ uri: PAGE_URL });
    const out = structuredOf(result);
    assert.equal(out["kind"], "listItem");
    assert.equal(out["text"], PAGE_TEXT);
    assert.ok(textOf(result).startsWith(`## Travel policy\nSharePoint page · \`${PAGE_URL}\``), textOf(result));
    const shareId = `u!${Buffer.from(PAGE_URL).toString("base64").replace(/=+$/, "").replace(/\//g, "_").replace(/\+/g, "-")}`;
    assert.equal(only("getSharedDriveItem").pathParams["sharedDriveItem-id"], shareId);
    assert.equal(only("getSitePage").url.pathname, PAGE_PATH);
    assert.equal(graph.requestsFor("getDriveItem").length, 0);
  });

  it("names Sites.Read.All when a pasted page link is read with file permissions only", async () => {
    harness().auth.add("files-all", { ...ALICE, scopes: ["User.Read", "Files.Read.All"] });
    harness().graph.on("getSharedDriveItem", () => ({
      body: {
        id: "01PAGEITEMID",
        name: "Travel-policy.aspx",
        file: { mimeType: "application/octet-stream" },
        parentReference: { driveId: PAGES_DRIVE, siteId: SITE_ID },
        sharepointIds: { listItemUniqueId: PAGE_GUID },
      },
    }));
    const result = await call({ uri: PAGE_URL }, "files-all");
    assert.equal(result.isError, true);
    assert.equal(textOf(result), "This link is a SharePoint page; reading pages needs the Sites.Read.All permission, which has not been granted to this app for you; ask an administrator to grant it.");
    assert.equal(harness().graph.requestsFor("getSitePage").length, 0);
  });
});
