// sharepoint_folder_search: folders by name across SharePoint and OneDrive (Microsoft Search, folders only).
import type { SharepointFolderSearchInput, SharepointFolderSearchOutput } from "../../generated/tool-types.js";
import type { ItemFacts } from "./sharepoint/items.js";
import { escapeMarkdown } from "./markdown.js";
import { day, renderList } from "./sharepoint/markdown.js";
import { kqlTerms, pathClause, queryTerms } from "./sharepoint/query.js";
import { resolveSite } from "./sharepoint/scope.js";
import { invalidCursor, searchIndex } from "./sharepoint/search.js";
import type { ToolHandler } from "./types.js";

type Folder = SharepointFolderSearchOutput["folders"][number];

// Folders are document library items that are containers; sites and libraries are containers too, hence both.
const FOLDERS_ONLY = "contentclass:STS_ListItem_DocumentLibrary IsContainer:true";

/** Search hits do not always carry facets: a file facet rules a hit out, a folder facet or none keeps it. */
function isFolder(item: ItemFacts): item is ItemFacts & { uri: string } {
  return item.kind !== "listItem" && !item.isFile && item.uri !== undefined;
}

function serverPath(webUrl: string | undefined): string | undefined {
  if (!webUrl) return undefined;
  try {
    return decodeURIComponent(new URL(webUrl).pathname);
  } catch {
    return undefined;
  }
}

function toFolder(item: ItemFacts & { uri: string }): Folder {
  const path = item.path ?? serverPath(item.webUrl);
  return {
    name: item.name ?? "(untitled)",
    ...(path ? { path } : {}),
    ...(item.webUrl ? { webUrl: item.webUrl } : {}),
    ...(item.childCount !== undefined ? { childCount: item.childCount } : {}),
    ...(item.siteId ? { siteId: item.siteId } : {}),
    ...(item.lastModifiedDateTime ? { lastModifiedDateTime: item.lastModifiedDateTime } : {}),
    uri: item.uri,
  };
}

function details(folder: Folder): string[] {
  const modified = day(folder.lastModifiedDateTime);
  return [folder.childCount !== undefined ? `${folder.childCount} items` : "", modified ? `modified ${modified}` : ""].filter(Boolean);
}

const handler: ToolHandler<SharepointFolderSearchInput, SharepointFolderSearchOutput> = async (input, ctx) => {
  const terms = queryTerms(input.name, "name");
  const limit = input.limit;
  const cursor = input.cursor === undefined ? undefined : await ctx.cursors.open(input.cursor, ["searchQuery"]);
  if (cursor && cursor.from === undefined) throw invalidCursor();
  const site = input.site === undefined ? undefined : await resolveSite(ctx.graph, input.site);
  const queryString = [kqlTerms(terms), FOLDERS_ONLY, site ? pathClause(site.webUrl) : undefined].filter(Boolean).join(" ");
  const from = cursor?.from ?? 0;
  const page = await searchIndex(ctx.graph, { entityTypes: ["driveItem"], queryString, from, size: limit });
  const folders = page.items.filter(isFolder).map(toFolder);
  const nextCursor = page.more ? await ctx.cursors.seal({ operation: "searchQuery", from: from + limit }) : undefined;
  const structured: SharepointFolderSearchOutput = { folders, ...(nextCursor ? { nextCursor } : {}) };
  const entries = folders.map((f) => ({ name: f.name, webUrl: f.webUrl, details: details(f), excerpt: f.path, uri: f.uri }));
  const title = `Folders named "${escapeMarkdown(input.name)}"${site ? ` in ${escapeMarkdown(site.name)}` : ""}`;
  return { structured, markdown: renderList(title, entries, [], nextCursor, "No matching folders.") };
};

export default handler;
