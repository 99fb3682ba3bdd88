// Files and SharePoint list items for read_resource: a file's metadata and the text extracted from its bytes; a list
// item's metadata and the columns people fill in.
import { getDriveItem, getListItem } from "../../../generated/graph-client.js";
import { extractText, type Extracted } from "../../content/extract.js";
import { extensionOf, extractableFormat } from "../../content/formats.js";
import { Cancelled } from "../../failure.js";
import type { DriveItem, ListItem } from "../graph-models.js";
import type { ToolContext } from "../types.js";
import { escapeMarkdown } from "../markdown.js";
import { bodyText, byteSize, header, oneLine, stamp, type Header, type ResourceDocument } from "./document.js";
import { DOWNLOAD_SHARE, withDownload, type DownloadTarget } from "./download.js";

const ITEM_FIELDS = "id,name,size,webUrl,createdDateTime,lastModifiedDateTime,createdBy,lastModifiedBy,parentReference,file,folder,package,sharepointIds";
const LIST_ITEM_FIELDS = "id,webUrl,createdDateTime,lastModifiedDateTime,createdBy,lastModifiedBy,contentType,parentReference,sharepointIds";

export const FOLDER_NOTE =
  "This is a folder: read_resource reads files, not folder listings. To find files in it, use sharepoint_search (with its site and library), or sharepoint_folder_search to find folders by name.";
export const PACKAGE_NOTE = "This item is a package (such as a OneNote notebook), not a single file: its text cannot be read here. Open the web link to see it.";
export const NO_CONTENT_NOTE = "This item has no file content to read. Open the web link to see it.";
export const NO_FIELDS_NOTE = "(This item has no columns besides its title.)";

/** parentReference.path reads /drives/{id}/root:/Folder/Sub; people know the part after root:. */
function itemPath(item: DriveItem | undefined): string | undefined {
  const parent = item?.parentReference?.path;
  if (!parent || !item.name) return undefined;
  const folder = parent.includes("root:") ? parent.slice(parent.indexOf("root:") + "root:".length) : parent;
  return `${folder.replace(/\/$/, "")}/${item.name}`;
}

function itemType(item: DriveItem | undefined): string | undefined {
  if (item?.folder) return `folder (${item.folder.childCount ?? 0} items)`;
  if (item?.package?.type) return `package (${item.package.type})`;
  return item?.file?.mimeType ?? undefined;
}

function unsupportedNote(name: string, mimeType: string | undefined): string {
  const extension = extensionOf(name);
  const what = extension ? `.${extension} files` : mimeType ? `files of type ${mimeType}` : "files without an extension";
  return `Text extraction is not supported for ${what}, so only the file's metadata is shown. Open the web link to see the content.`;
}

function notesSection(notes: readonly string[]): string[] {
  return notes.length ? [["Notes:", ...notes.map((note) => `- ${oneLine(note)}`)].join("\n")] : [];
}

/** Downloads and extracts a supported file's text; a file that cannot be read is a tool error saying why. */
function fileText(target: DownloadTarget, file: { name: string; mimeType?: string }, ctx: ToolContext): Promise<Extracted> {
  const { name } = target;
  return withDownload(target, ctx, async (bytes) => {
    await ctx.progress(DOWNLOAD_SHARE, 100, `Extracting text from ${name}`);
    try {
      // The download is used for nothing else, so it moves to the worker instead of being copied.
      const extracted = await extractText(bytes, file, { signal: ctx.signal, transfer: true });
      await ctx.progress(100, 100, `Extracted ${extracted.text.length.toLocaleString("en-US")} characters from ${name}`);
      return extracted;
    } catch (error) {
      if (ctx.signal.aborted) throw new Cancelled("The read was cancelled.");
      throw error;
    }
  });
}

export async function readDriveItem(driveId: string, itemId: string, ctx: ToolContext): Promise<ResourceDocument> {
  const item = await getDriveItem(ctx.graph, { path: { "drive-id": driveId, "driveItem-id": itemId }, query: { $select: ITEM_FIELDS } });
  const name = oneLine(item?.name ?? "") || "(unnamed file)";
  const headers: Header[] = [
    header("name", "Name", item?.name),
    header("path", "Path", itemPath(item)),
    header("site", "Site", item?.sharepointIds?.siteUrl ?? item?.parentReference?.siteId),
    header("type", "Type", itemType(item)),
    header("size", "Size", item?.folder ? undefined : byteSize(item?.size)),
    header("modified", "Modified", stamp(item?.lastModifiedDateTime, item?.lastModifiedBy)),
    header("created", "Created", stamp(item?.createdDateTime, item?.createdBy)),
    header("webUrl", "Web link", item?.webUrl),
  ];
  const doc = (body: string, sections: string[] = [], plainBody = false): ResourceDocument => ({ title: item?.name ?? name, headers, body, plainBody, sections });
  // Folders, packages and unsupported types are answered from metadata alone: nothing is downloaded.
  if (item?.folder) return doc(FOLDER_NOTE);
  if (item?.package) return doc(PACKAGE_NOTE);
  if (!item?.file) return doc(NO_CONTENT_NOTE);
  const mimeType = item.file.mimeType ?? undefined;
  const file = { name, ...(mimeType ? { mimeType } : {}) };
  if (!extractableFormat(file)) return doc(unsupportedNote(name, mimeType));
  const { format, text, notes } = await fileText({ driveId, itemId, name, size: item.size ?? undefined }, file, ctx);
  if (text.trim() === "") return doc("(The file holds no text.)", notesSection(notes));
  // Every reader writes markdown except plain text's, which is shown as it is.
  return doc(text, notesSection(notes), format === "txt");
}

/** A list item's title lives in its fields; site pages fall back to the file name. */
function listItemTitle(item: ListItem | undefined): string | undefined {
  const fields = item?.fields ?? {};
  const title = [fields["Title"], fields["FileLeafRef"]].find((v): v is string => typeof v === "string" && v.trim() !== "");
  if (title) return title;
  const last = item?.webUrl?.split("/").pop();
  if (!last) return undefined;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/**
 * Columns SharePoint adds to every list item, which say nothing a person wrote: the title and dates (shown as
 * headers), the content type, version, attachments flag, edit and title links, child counts, compliance data, and
 * the ids behind person and lookup columns. Together with any name starting with `_` or `@` (or `OData__`, Graph's
 * escape of a leading `_`), or ending in `LookupId`, they are left out; every other field is a column of the list.
 */
const SYSTEM_FIELDS = new Set([
  "id", "Title", "Created", "Modified", "ContentType", "ContentTypeId", "Attachments", "Edit", "LinkTitle", "LinkTitleNoMenu", "LinkTitle2",
  "DocIcon", "ItemChildCount", "FolderChildCount", "ComplianceAssetId", "FileLeafRef", "FileRef", "FileDirRef", "FSObjType", "UniqueId", "GUID", "Version",
]);

const isSystemField = (name: string): boolean =>
  SYSTEM_FIELDS.has(name) || /^(@|OData__)/.test(name) || /^_(?!x[0-9a-f]{4}_)/i.test(name) || name.endsWith("LookupId");

/** An internal column name as people named it: SharePoint writes a space as _x0020_ and other characters alike. */
const columnLabel = (name: string): string => name.replace(/_x([0-9a-f]{4})_/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

/** A field's value as one line: text (rich text columns hold HTML), numbers, yes/no, choices, links. */
async function fieldValue(value: unknown, ctx: ToolContext): Promise<string | undefined> {
  if (value === null || value === undefined || value === "") return undefined;
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return oneLine(/<\/?[a-z][^>]*>/i.test(value) ? await bodyText({ contentType: "html", content: value }, ctx) : value) || undefined;
  if (Array.isArray(value)) {
    const parts = (await Promise.all(value.map((v) => fieldValue(v, ctx)))).filter((v): v is string => v !== undefined);
    return parts.length ? parts.join(", ") : undefined;
  }
  if (typeof value === "object") {
    const record = value as Record<string, unknown>;
    // A hyperlink column is { Description, Url }; a location or other complex column is shown as its JSON.
    const url = record["Url"];
    if (typeof url === "string") {
      const description = typeof record["Description"] === "string" ? record["Description"] : "";
      return description && description !== url ? `${description} (${url})` : url;
    }
    return JSON.stringify(value);
  }
  return undefined;
}

/** The columns people fill in, as [column name, value] in Graph's order; SharePoint's own fields are left out. */
async function columnsOf(fields: Record<string, unknown>, ctx: ToolContext): Promise<Array<[string, string]>> {
  const columns = await Promise.all(
    Object.entries(fields)
      .filter(([name]) => !isSystemField(name))
      .map(async ([name, raw]): Promise<[string, string] | undefined> => {
        const value = await fieldValue(raw, ctx);
        return value === undefined ? undefined : [columnLabel(name), value];
      }),
  );
  return columns.filter((column): column is [string, string] => column !== undefined);
}

async function fieldLines(fields: Record<string, unknown>, ctx: ToolContext): Promise<string> {
  const shown = (await columnsOf(fields, ctx)).map(([name, value]) => `- **${escapeMarkdown(name)}**: ${escapeMarkdown(value)}`);
  return shown.length ? shown.join("\n") : NO_FIELDS_NOTE;
}

/** Only a list item's columns (GET …/items/{id}?$select=id&$expand=fields), as read_resource lists them. */
export async function listItemColumns(siteId: string, listId: string, itemId: string, ctx: ToolContext): Promise<Array<[string, string]>> {
  const item = await getListItem(ctx.graph, { path: { "site-id": siteId, "list-id": listId, "listItem-id": itemId }, query: { $select: "id", $expand: "fields" } });
  return columnsOf(item?.fields ?? {}, ctx);
}

/** A list item with all its fields (GET …/items/{id}?$expand=fields), the columns people fill in as the body. */
export async function readListItem(siteId: string, listId: string, itemId: string, ctx: ToolContext): Promise<ResourceDocument> {
  const item = await getListItem(ctx.graph, {
    path: { "site-id": siteId, "list-id": listId, "listItem-id": itemId },
    query: { $select: LIST_ITEM_FIELDS, $expand: "fields" },
  });
  const title = listItemTitle(item);
  return {
    title: title ?? "(untitled SharePoint item)",
    headers: [
      header("title", "Title", title),
      header("contentType", "Content type", item?.contentType?.name),
      header("site", "Site", item?.sharepointIds?.siteUrl ?? item?.parentReference?.siteId),
      header("modified", "Modified", stamp(item?.lastModifiedDateTime, item?.lastModifiedBy)),
      header("created", "Created", stamp(item?.createdDateTime, item?.createdBy)),
      header("webUrl", "Web link", item?.webUrl),
    ],
    body: await fieldLines(item?.fields ?? {}, ctx),
    sections: [],
  };
}
