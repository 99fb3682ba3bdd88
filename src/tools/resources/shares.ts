// SharePoint and OneDrive links (web URLs and sharing links) for read_resource, resolved by Graph's /shares.
// No Prefer: redeemSharingLink(IfNecessary) header: redeeming accepts the link as the user would in a browser,
// which can grant them access they do not have yet. A read-only server reads only what the user can already open.
import { getSharedDriveItem } from "../../../generated/graph-client.js";
import { Failure, PermissionMissing } from "../../failure.js";
import { GraphError } from "../../graph/errors.js";
import type { DriveItem } from "../graph-models.js";
import { type ToolContext } from "../types.js";
import type { ResourceDocument } from "./document.js";
import { readDriveItem } from "./files.js";
import { shareIdOf } from "./links.js";
import { readSitePage, uniqueIdOf } from "./pages.js";

const SHARED_FIELDS = "id,name,eTag,parentReference,sharepointIds,file,folder";

export interface SharedItem {
  kind: "file" | "listItem";
  doc: ResourceDocument;
  /** True when the link named a SharePoint page, read as one. */
  page: boolean;
}

/** Says what to do when the link is one the user has not opened yet, besides Graph's own reason. */
function linkFailure(error: GraphError): GraphError {
  if (error.status !== 403 && error.status !== 404) return error;
  return new GraphError({
    status: error.status,
    code: error.code,
    message: error.graphMessage,
    resource: "the item this link points to (if it is a sharing link you have not opened yet, open it once in the browser, then read it again)",
    ...(error.requestId ? { requestId: error.requestId } : {}),
  });
}

function resolveLink(url: string, ctx: ToolContext): Promise<DriveItem | undefined> {
  return getSharedDriveItem(ctx.graph, { path: { "sharedDriveItem-id": shareIdOf(url) }, query: { $select: SHARED_FIELDS } }).catch((error: unknown) => {
    throw error instanceof GraphError ? linkFailure(error) : error;
  });
}

export async function readSharedItem(url: string, ctx: ToolContext): Promise<SharedItem> {
  const item = await resolveLink(url, ctx);
  const driveId = item?.parentReference?.driveId;
  if (!item?.id || !driveId) {
    throw new Failure("unavailable", "Graph resolved the link but did not say which drive item it is; open the link in the browser instead.", { code: "incomplete_reply" });
  }
  // A page is an .aspx file in the Site Pages library; its list item's unique id is its page id.
  const siteId = item.parentReference?.siteId ?? item.sharepointIds?.siteId;
  const pageId = uniqueIdOf(item);
  if (item.file && item.name?.toLowerCase().endsWith(".aspx") && siteId && pageId) {
    if (!ctx.grantedScopes.has("Sites.Read.All")) {
      throw new PermissionMissing(
        "This link is a SharePoint page; reading pages needs the Sites.Read.All permission, which has not been granted to this app for you; ask an administrator to grant it.",
        "Sites.Read.All",
      );
    }
    return { kind: "listItem", doc: await readSitePage(siteId, pageId, ctx), page: true };
  }
  return { kind: "file", doc: await readDriveItem(driveId, item.id, ctx), page: false };
}
