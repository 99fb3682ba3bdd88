// SharePoint and OneDrive: sites by id or URL, their libraries, drive items and their bytes (a 302 to a
// pre-authenticated download URL), drive search, links resolved through /shares, list items and modern pages.
import { createHash } from "node:crypto";
import type { GraphRequest, MockReply } from "../../graph.js";
import { mimeTypeOf } from "../content.js";
import { TENANTS, type Person } from "../directory.js";
import { identity, type DriveRecord, type Drives, type ItemRecord, type SiteRecord } from "../drives.js";
import { guid } from "../ids.js";
import { hasTerm } from "../kql.js";
import type { Json } from "../mailboxes.js";
import { asUser } from "./auth.js";
import { accessDenied, collection, entity, notFound, odataStringValue, paged, pick } from "./odata.js";
import type { Register } from "./register.js";
import { router, type Handler } from "../../host.js";

const NO_SITE = (): MockReply => notFound("itemNotFound", "Requested site could not be found");
const NO_ITEM = (): MockReply => notFound("itemNotFound", "The resource could not be found.");

export const siteVisible = (site: SiteRecord, user: Person): boolean => site.tenant === user.tenant;
export const driveVisible = (drive: DriveRecord, user: Person): boolean => (drive.owner ? drive.owner.id === user.id : drive.tenant === user.tenant);

/** Document libraries the user may list (Site Pages is a library too, but not a place for documents). */
const documentLibraries = (drives: Drives, site: SiteRecord): DriveRecord[] => drives.drives.filter((d) => d.site === site && d.seed.urlName !== "SitePages");

function rootSite(host: string): Json {
  const tenant = Object.values(TENANTS).find((t) => t.host === host);
  return { id: `${host},${guid(`root:${host}`)},${guid(`rootweb:${host}`)}`, name: "", displayName: tenant?.name ?? host, webUrl: `https://${host}`, siteCollection: { hostname: host } };
}

function siteOf(drives: Drives, id: string): SiteRecord | undefined {
  return drives.sites.find((s) => s.id.toLowerCase() === id.toLowerCase());
}

/** The drive a request names, or the reply Graph gives when it cannot be read. */
function driveOf(drives: Drives, request: GraphRequest, user: Person): DriveRecord | MockReply {
  const id = request.pathParams["drive-id"] ?? "";
  const drive = drives.drives.find((d) => d.id === id);
  if (!drive || drive.tenant !== user.tenant) return NO_ITEM();
  return driveVisible(drive, user) ? drive : accessDenied("accessDenied", "Access denied");
}

const isDrive = (value: DriveRecord | MockReply): value is DriveRecord => "rootId" in value;

function itemOf(drives: Drives, request: GraphRequest, user: Person): ItemRecord | MockReply {
  const drive = driveOf(drives, request, user);
  if (!isDrive(drive)) return drive;
  return drives.items.find((i) => i.drive === drive && i.id === request.pathParams["driveItem-id"]) ?? NO_ITEM();
}

const isItem = (value: ItemRecord | MockReply): value is ItemRecord => "uniqueId" in value;

/** Drive search matches every word against names and content; pages are not documents and are left out. */
function driveSearch(drives: Drives, drive: DriveRecord, request: GraphRequest): MockReply {
  const words = odataStringValue(request.pathParams["q"] ?? "''").split(/\s+/).filter(Boolean);
  const found = drives.items.filter((i) => i.drive === drive && !i.page && words.length > 0 && words.every((w) => hasTerm(`${i.name}\n${i.text}`, w)));
  const page = paged(request, found, 200, "skiptoken");
  const select = request.query.get("$select");
  return collection("Collection(driveItem)", page.items.map((i) => ({ ...pick(drives.itemJson(i), select), searchResult: {} })), page.nextLink);
}

/** The share id's URL: u! + unpadded base64url. */
function sharedUrl(shareId: string): string | undefined {
  if (!shareId.startsWith("u!")) return undefined;
  return Buffer.from(shareId.slice(2), "base64url").toString("utf8");
}

function normalizedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.host.toLowerCase()}${decodeURIComponent(parsed.pathname).replace(/\/+$/, "").toLowerCase()}`;
  } catch {
    return url.toLowerCase();
  }
}

function sitePageJson(drives: Drives, request: GraphRequest, user: Person): MockReply {
  const site = siteOf(drives, request.pathParams["site-id"] ?? "");
  if (!site || !siteVisible(site, user)) return NO_SITE();
  const page = drives.pages.find((p) => p.site === site && p.item.uniqueId === request.pathParams["baseSitePage-id"]?.toLowerCase());
  if (!page) return notFound("itemNotFound", "The page could not be found.");
  const { seed, item } = page;
  const json: Json = {
    "@odata.type": "#microsoft.graph.sitePage",
    id: item.uniqueId,
    name: seed.name,
    title: seed.title,
    description: seed.description,
    webUrl: item.webUrl,
    pageLayout: "article",
    promotionKind: seed.news ? "newsPost" : "page",
    showComments: true,
    showRecommendedPages: false,
    createdDateTime: item.created.toISOString().replace(/\.\d{3}Z$/, "Z"),
    lastModifiedDateTime: item.modified.toISOString().replace(/\.\d{3}Z$/, "Z"),
    createdBy: identity(item.author),
    lastModifiedBy: identity(item.editor),
    parentReference: { siteId: site.id },
    publishingState: { level: "published", versionId: "3.0" },
  };
  if ((request.query.get("$expand") ?? "").includes("canvasLayout")) {
    json["canvasLayout"] = {
      horizontalSections: seed.sections.map((columns, s) => ({
        id: String(s + 1),
        layout: columns.length === 2 ? "twoColumns" : "oneColumn",
        emphasis: "none",
        columns: columns.map((html, c) => ({
          id: String(c + 1),
          width: 12 / columns.length,
          webparts: [
            { "@odata.type": "#microsoft.graph.textWebPart", id: guid(`webpart:${seed.key}:${s}:${c}`), innerHtml: html },
            ...(seed.withImage && s === 0 && c === 0
              ? [{ "@odata.type": "#microsoft.graph.standardWebPart", id: guid(`image:${seed.key}`), webPartType: "d1d91016-032f-456d-98a4-721247c305e8", data: { dataVersion: "1.9", title: "Image", description: "The Contoso campus", properties: { imageSourceType: 2 } } }]
              : []),
          ],
        })),
      })),
    };
  }
  const select = request.query.get("$select");
  return entity(`sites('${encodeURIComponent(site.id)}')/pages/microsoft.graph.sitePage`, select ? { ...pick(json, select), "@odata.type": "#microsoft.graph.sitePage", ...(json["canvasLayout"] ? { canvasLayout: json["canvasLayout"] } : {}) } : json);
}

/** A pre-authenticated download URL's token: the item's id hashed, so only URLs Graph handed out work. */
const tempauth = (item: ItemRecord): string => createHash("sha256").update(`download:${item.drive.id}:${item.id}`).digest("base64url");

export function registerFiles(register: Register, drives: Drives, downloadOrigin: string): Handler {
  register(
    "getSite",
    asUser((request, user) => {
      const id = request.pathParams["site-id"] ?? "";
      const select = request.query.get("$select");
      const tenant = TENANTS[user.tenant];
      if (id.toLowerCase() === tenant.host) return entity("sites", pick(rootSite(tenant.host), select));
      const site = siteOf(drives, id);
      return site && siteVisible(site, user) ? entity("sites", pick(drives.siteJson(site), select)) : NO_SITE();
    }),
  );
  register(
    "getSiteByPath",
    asUser((request, user) => {
      const { hostname = "", "managed-path": managed = "", "site-name": name = "" } = request.pathParams;
      const site = drives.sites.find((s) => TENANTS[s.tenant].host === hostname.toLowerCase() && managed === "sites" && s.seed.name.toLowerCase() === name.toLowerCase());
      return site && siteVisible(site, user) ? entity("sites", pick(drives.siteJson(site), request.query.get("$select"))) : NO_SITE();
    }),
  );
  register(
    "listSiteDrives",
    asUser((request, user) => {
      const site = siteOf(drives, request.pathParams["site-id"] ?? "");
      if (!site || !siteVisible(site, user)) return NO_SITE();
      const top = Number(request.query.get("$top") ?? 200);
      return collection("drives", documentLibraries(drives, site).slice(0, top).map((d) => pick(drives.driveJson(d), request.query.get("$select"))));
    }),
  );
  register(
    "getSiteDrive",
    asUser((request, user) => {
      const site = siteOf(drives, request.pathParams["site-id"] ?? "");
      if (!site || !siteVisible(site, user)) return NO_SITE();
      const library = documentLibraries(drives, site)[0];
      return library ? entity("drives", pick(drives.driveJson(library), request.query.get("$select"))) : NO_ITEM();
    }),
  );
  register(
    "getDrive",
    asUser((request, user) => {
      const drive = driveOf(drives, request, user);
      return isDrive(drive) ? entity("drives", pick(drives.driveJson(drive), request.query.get("$select"))) : drive;
    }),
  );
  register(
    "searchDrive",
    asUser((request, user) => {
      const drive = driveOf(drives, request, user);
      return isDrive(drive) ? driveSearch(drives, drive, request) : drive;
    }),
  );
  const oneDriveOf = (user: Person): DriveRecord | undefined => drives.drives.find((d) => d.owner?.id === user.id);
  register(
    "searchMyDrive",
    asUser((request, user) => {
      const drive = oneDriveOf(user);
      return drive ? driveSearch(drives, drive, request) : NO_ITEM();
    }),
  );
  register(
    "listMyDriveRootChildren",
    asUser((request, user) => {
      const drive = oneDriveOf(user);
      if (!drive) return NO_ITEM();
      const children = drives.childrenOf({ id: drive.rootId }, drive).sort((a, b) => a.name.localeCompare(b.name));
      const page = paged(request, children, 200, "skiptoken");
      return collection(`users('${user.id}')/drive/root/children`, page.items.map((i) => pick(drives.itemJson(i), request.query.get("$select"))), page.nextLink);
    }),
  );
  register(
    "getDriveItem",
    asUser((request, user) => {
      const item = itemOf(drives, request, user);
      return isItem(item) ? entity(`drives('${encodeURIComponent(item.drive.id)}')/items`, pick(drives.itemJson(item), request.query.get("$select"))) : item;
    }),
  );
  register(
    "getDriveItemContent",
    asUser((request, user) => {
      const item = itemOf(drives, request, user);
      if (!isItem(item)) return item;
      if (item.isFolder || !item.bytes) return notFound("itemNotFound", "The item has no content.");
      return { status: 302, headers: { Location: `${downloadOrigin}/_layouts/15/download.aspx?UniqueId=${item.uniqueId}&Translate=false&tempauth=${tempauth(item)}&ApiVersion=2.0` } };
    }),
  );
  register(
    "getSharedDriveItem",
    asUser((request, user) => {
      const url = sharedUrl(request.pathParams["sharedDriveItem-id"] ?? "");
      if (!url) return notFound("invalidRequest", "The sharing link is not valid.");
      const wanted = normalizedUrl(url);
      const item = drives.items.find((i) => normalizedUrl(i.webUrl) === wanted);
      if (!item || item.drive.tenant !== user.tenant) return NO_ITEM();
      if (!driveVisible(item.drive, user)) return accessDenied("accessDenied", "Access denied");
      return entity("shares/driveItem", pick(drives.itemJson(item), request.query.get("$select")));
    }),
  );
  register(
    "getListItem",
    asUser((request, user) => {
      const site = siteOf(drives, request.pathParams["site-id"] ?? "");
      if (!site || !siteVisible(site, user)) return NO_SITE();
      const list = drives.lists.find((l) => l.site === site && l.id === request.pathParams["list-id"]?.toLowerCase());
      const entry = list?.items.find((i) => i.id === request.pathParams["listItem-id"]);
      if (!entry) return notFound("itemNotFound", "The specified list item was not found.");
      // $expand=fields gives every field; fields($select=A,B) only those.
      const expand = /^fields(?:\(\$select=([^)]*)\))?$/.exec(request.query.get("$expand") ?? "");
      const json = drives.listItemJson(entry, expand ? (expand[1] ?? "") : undefined);
      const select = request.query.get("$select");
      return entity(`sites('${encodeURIComponent(site.id)}')/lists('${list?.id ?? ""}')/items`, select ? { ...pick(json, select), ...(json["fields"] ? { fields: json["fields"] } : {}) } : json);
    }),
  );
  register("getSitePage", asUser((request, user) => sitePageJson(drives, request, user)));

  return router([
    {
      method: "GET",
      path: /^\/_layouts\/15\/download\.aspx$/,
      answer: (_groups, request) => {
        const url = new URL(request.url);
        const item = drives.items.find((i) => i.uniqueId === url.searchParams.get("UniqueId"));
        if (!item?.bytes || url.searchParams.get("tempauth") !== tempauth(item)) return new Response("401 UNAUTHORIZED", { status: 401, headers: { "content-type": "text/plain" } });
        return new Response(item.bytes.slice(), { status: 200, headers: { "content-type": mimeTypeOf(item.name), "content-length": String(item.bytes.length) } });
      },
    },
  ]);
}
