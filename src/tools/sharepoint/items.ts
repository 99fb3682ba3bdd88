// What the SharePoint tools need from a search hit or a drive item, read defensively: Graph leaves out fields
// freely (search hits often carry no size or facets), so every field is optional until a tool requires it.
import { jsonObject, jsonText } from "../../graph/json.js";
import { graphTime, type DriveItem } from "../graph-models.js";
import { resourceUri } from "../resources/uri.js";

export interface ItemFacts {
  kind: "file" | "folder" | "listItem";
  name?: string;
  webUrl?: string;
  snippet?: string;
  lastModifiedDateTime?: string;
  lastModifiedBy?: string;
  siteId?: string;
  size?: number;
  childCount?: number;
  /** The folder path within its drive, e.g. /Projects/Alpha, when Graph gives parentReference.path. */
  path?: string;
  /** True when Graph said this is a file (a file facet); search hits sometimes carry no facet at all. */
  isFile: boolean;
  /** A resource URI read_resource accepts; missing when Graph left out the ids. */
  uri?: string;
}


const count = (value: unknown): number | undefined => (typeof value === "number" && Number.isFinite(value) ? value : undefined);

const driveItemUri = (driveId: string, itemId: string): string => resourceUri({ kind: "file", driveId, itemId });
const listItemUri = (siteId: string, listId: string, itemId: string): string => resourceUri({ kind: "listItem", siteId, listId, itemId });

/** "/drive/root:/Projects" or "/drives/{id}/root:" become "/Projects" and "": the path inside the drive. */
function drivePath(parentPath: string | undefined, name: string | undefined): string | undefined {
  if (parentPath === undefined || name === undefined) return undefined;
  const inside = parentPath.includes("root:") ? parentPath.slice(parentPath.indexOf("root:") + "root:".length) : parentPath;
  let decoded = inside;
  try {
    decoded = decodeURIComponent(inside);
  } catch {
    // Keep Graph's form when it is not valid percent-encoding.
  }
  return `${decoded.replace(/\/+$/, "")}/${name}`;
}

function identityName(identitySet: unknown): string | undefined {
  const set = jsonObject(identitySet);
  return jsonText(jsonObject(set?.["user"])?.["displayName"]) ?? jsonText(jsonObject(set?.["application"])?.["displayName"]);
}

/** A Microsoft Search hit over driveItem or listItem; other resource types give undefined. */
export function factsFromHit(hit: { hitId?: string | null; summary?: string | null; resource?: unknown }, snippet: string): ItemFacts | undefined {
  const resource = jsonObject(hit.resource);
  const type = jsonText(resource?.["@odata.type"])?.replace(/^#/, "");
  if (!resource || (type !== "microsoft.graph.driveItem" && type !== "microsoft.graph.listItem")) return undefined;
  const parent = jsonObject(resource["parentReference"]);
  const ids = jsonObject(resource["sharepointIds"]) ?? jsonObject(parent?.["sharepointIds"]);
  const folder = jsonObject(resource["folder"]);
  const siteId = jsonText(parent?.["siteId"]) ?? jsonText(ids?.["siteId"]);
  const facts: ItemFacts = {
    kind: type === "microsoft.graph.listItem" ? "listItem" : folder ? "folder" : "file",
    name: jsonText(resource["name"]),
    webUrl: jsonText(resource["webUrl"]),
    snippet: snippet || undefined,
    lastModifiedDateTime: jsonText(resource["lastModifiedDateTime"]),
    lastModifiedBy: identityName(resource["lastModifiedBy"]),
    siteId,
    size: count(resource["size"]),
    childCount: count(folder?.["childCount"]),
    path: drivePath(jsonText(parent?.["path"]), jsonText(resource["name"])),
    isFile: jsonObject(resource["file"]) !== undefined,
  };
  if (facts.kind === "listItem") {
    const listId = jsonText(ids?.["listId"]);
    const itemId = jsonText(ids?.["listItemId"]) ?? jsonText(resource["id"]);
    if (siteId && listId && itemId) facts.uri = listItemUri(siteId, listId, itemId);
  } else {
    const driveId = jsonText(parent?.["driveId"]);
    const itemId = jsonText(resource["id"]) ?? jsonText(hit.hitId);
    if (driveId && itemId) facts.uri = driveItemUri(driveId, itemId);
  }
  return facts;
}

/** A drive item from the drive search endpoint. */
export function factsFromDriveItem(item: DriveItem): ItemFacts {
  const driveId = item.parentReference?.driveId ?? undefined;
  return {
    kind: item.folder ? "folder" : "file",
    name: item.name ?? undefined,
    webUrl: item.webUrl ?? undefined,
    lastModifiedDateTime: graphTime(item.lastModifiedDateTime)?.toISOString().replace(/\.000Z$/, "Z"),
    lastModifiedBy: item.lastModifiedBy?.user?.displayName ?? item.lastModifiedBy?.application?.displayName ?? undefined,
    siteId: item.parentReference?.siteId ?? undefined,
    size: item.size ?? undefined,
    childCount: item.folder?.childCount ?? undefined,
    path: drivePath(item.parentReference?.path ?? undefined, item.name ?? undefined),
    isFile: Boolean(item.file),
    ...(driveId && item.id ? { uri: driveItemUri(driveId, item.id) } : {}),
  };
}

/** A markdown link target: only web links, with characters that would end the link escaped. */
export function linkTarget(webUrl: string | undefined): string | undefined {
  if (!webUrl || !/^https?:\/\//i.test(webUrl)) return undefined;
  return webUrl.replace(/[\s()<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
}
