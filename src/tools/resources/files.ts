// Files and SharePoint items for read_resource: metadata only until text extraction exists.
import type { DriveItem, ListItem } from "@microsoft/msgraph-sdk/models/index.js";
import { getDriveItem, getListItem } from "../../../generated/graph-client.js";
import type { ToolContext } from "../types.js";
import { byteSize, header, stamp, type ResourceDocument } from "./document.js";

const ITEM_FIELDS = "id,name,size,webUrl,createdDateTime,lastModifiedDateTime,createdBy,lastModifiedBy,parentReference,file,folder,package,sharepointIds";
const LIST_ITEM_FIELDS = "id,webUrl,createdDateTime,lastModifiedDateTime,createdBy,lastModifiedBy,contentType,parentReference,sharepointIds";

export const FILE_NOTE = "Only the file's metadata is shown: reading the text of files is not supported yet and comes in a later version. Open the web link to see the content.";
export const LIST_ITEM_NOTE = "Only the item's metadata is shown: reading the text of SharePoint pages and list items is not supported yet and comes in a later version. Open the web link to see the content.";

/** parentReference.path reads /drives/{id}/root:/Folder/Sub; people know the part after root:. */
function itemPath(item: DriveItem | undefined): string | undefined {
  const parent = item?.parentReference?.path;
  if (!parent || !item.name) return undefined;
  const folder = parent.includes("root:") ? parent.slice(parent.indexOf("root:") + "root:".length) : parent;
  return `${folder.replace(/\/$/, "")}/${item.name}`;
}

function itemType(item: DriveItem | undefined): string | undefined {
  if (item?.folder) return `folder (${item.folder.childCount ?? 0} items)`;
  if (item?.packageEscaped?.type) return `package (${item.packageEscaped.type})`;
  return item?.file?.mimeType ?? undefined;
}

export async function readDriveItem(driveId: string, itemId: string, ctx: ToolContext): Promise<ResourceDocument> {
  const item = await getDriveItem(ctx.graph, { path: { "drive-id": driveId, "driveItem-id": itemId }, query: { $select: ITEM_FIELDS } });
  return {
    title: item?.name ?? "(unnamed file)",
    headers: [
      header("name", "Name", item?.name),
      header("path", "Path", itemPath(item)),
      header("site", "Site", item?.sharepointIds?.siteUrl ?? item?.parentReference?.siteId),
      header("type", "Type", itemType(item)),
      header("size", "Size", item?.folder ? undefined : byteSize(item?.size)),
      header("modified", "Modified", stamp(item?.lastModifiedDateTime, item?.lastModifiedBy)),
      header("created", "Created", stamp(item?.createdDateTime, item?.createdBy)),
      header("webUrl", "Web link", item?.webUrl),
    ],
    body: FILE_NOTE,
    sections: [],
  };
}

/** A list item's title lives in its fields; site pages fall back to the file name. */
function listItemTitle(item: ListItem | undefined): string | undefined {
  const fields = item?.fields?.additionalData ?? {};
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

export async function readListItem(siteId: string, listId: string, itemId: string, ctx: ToolContext): Promise<ResourceDocument> {
  const item = await getListItem(ctx.graph, {
    path: { "site-id": siteId, "list-id": listId, "listItem-id": itemId },
    query: { $select: LIST_ITEM_FIELDS, $expand: "fields($select=Title,FileLeafRef)" },
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
    body: LIST_ITEM_NOTE,
    sections: [],
  };
}
