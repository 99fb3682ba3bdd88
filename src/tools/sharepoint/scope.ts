// Resolves the `site` and `library` arguments to Graph ids and the web URLs that scope a KQL search.
import { getDrive, getSite, getSiteByPath, getSiteDrive, listSiteDrives } from "../../../generated/graph-client.js";
import { InvalidInput } from "../../failure.js";
import type { GraphClient } from "../../graph/client.js";
import { GraphError } from "../../graph/errors.js";
import type { Drive, Site } from "../graph-models.js";

export interface SiteRef {
  id: string;
  name: string;
  webUrl: string;
}

export interface LibraryRef {
  id: string;
  name: string;
  webUrl: string;
}

const SITE_ID = /^[A-Za-z0-9.-]+,[0-9A-Fa-f-]{36},[0-9A-Fa-f-]{36}$/;
const DRIVE_ID = /^b![A-Za-z0-9_-]+$/;
const MANAGED_PATHS = ["sites", "teams", "personal"] as const;
const SITE_SELECT = "id,displayName,name,webUrl";
const DRIVE_SELECT = "id,name,webUrl,driveType";
const LISTED_LIBRARIES = 20;

const BAD_SITE =
  "`site` must be a SharePoint site URL such as https://contoso.sharepoint.com/sites/Marketing, or a site id (hostname,guid,guid).";

function incomplete(resource: string): GraphError {
  return new GraphError({ status: 502, code: "InvalidResponse", message: "Graph left out the id or web URL", resource });
}

function siteRef(site: Site | undefined): SiteRef {
  if (!site?.id || !site.webUrl) throw incomplete("this SharePoint site");
  return { id: site.id, name: site.displayName ?? site.name ?? site.webUrl, webUrl: site.webUrl };
}

function libraryRef(drive: Drive | undefined): LibraryRef {
  if (!drive?.id || !drive.webUrl) throw incomplete("this document library");
  return { id: drive.id, name: drive.name ?? drive.webUrl, webUrl: drive.webUrl };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new InvalidInput(BAD_SITE);
  }
}

/** A site id, or a site URL: the root site, or /sites|/teams|/personal/{name} (anything after the name is ignored). */
export async function resolveSite(graph: GraphClient, site: string): Promise<SiteRef> {
  const value = site.trim();
  if (SITE_ID.test(value)) return siteRef(await getSite(graph, { path: { "site-id": value }, query: { $select: SITE_SELECT } }));
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidInput(BAD_SITE);
  }
  if (url.protocol !== "https:" || url.username || url.password) throw new InvalidInput(BAD_SITE);
  const [managedPath, name] = url.pathname.split("/").filter(Boolean).map(decodeSegment);
  if (managedPath === undefined) {
    return siteRef(await getSite(graph, { path: { "site-id": url.hostname }, query: { $select: SITE_SELECT } }));
  }
  const managed = MANAGED_PATHS.find((p) => p === managedPath.toLowerCase());
  if (!managed || !name) throw new InvalidInput(BAD_SITE);
  const found = await getSiteByPath(graph, {
    path: { hostname: url.hostname, "managed-path": managed, "site-name": name },
    query: { $select: SITE_SELECT },
  });
  return siteRef(found);
}

function lastSegment(webUrl: string | null | undefined): string | undefined {
  try {
    return webUrl ? decodeURIComponent(new URL(webUrl).pathname.split("/").filter(Boolean).pop() ?? "") : undefined;
  } catch {
    return undefined;
  }
}

/** A library of the site by drive id, display name or URL name; without a site, only a drive id. */
export async function resolveLibrary(graph: GraphClient, site: SiteRef | undefined, library: string): Promise<LibraryRef> {
  const value = library.trim();
  if (!site) {
    if (!DRIVE_ID.test(value)) throw new InvalidInput("`library` needs `site` as well, unless it is a drive id (b!…).");
    return libraryRef(await getDrive(graph, { path: { "drive-id": value }, query: { $select: DRIVE_SELECT } }));
  }
  const drives = (await listSiteDrives(graph, { path: { "site-id": site.id }, query: { $select: DRIVE_SELECT } }))?.value ?? [];
  const wanted = value.toLowerCase();
  const match =
    drives.find((d) => d.id === value) ??
    drives.find((d) => d.name?.toLowerCase() === wanted) ??
    drives.find((d) => lastSegment(d.webUrl)?.toLowerCase() === wanted);
  if (!match) {
    const names = drives.map((d) => d.name).filter((n): n is string => Boolean(n)).slice(0, LISTED_LIBRARIES);
    const known = names.length ? `its libraries are: ${names.join(", ")}` : "it has no document libraries you can read";
    throw new InvalidInput(`The site ${site.name} has no document library "${value.slice(0, 100)}"; ${known}.`);
  }
  return libraryRef(match);
}

export async function siteDefaultLibrary(graph: GraphClient, site: SiteRef): Promise<LibraryRef> {
  return libraryRef(await getSiteDrive(graph, { path: { "site-id": site.id }, query: { $select: DRIVE_SELECT } }));
}
