// Modern SharePoint pages (site pages, news posts) for read_resource: the page's text web parts, in reading order.
// Search finds a page as a list item of the Site Pages library; the pages API names it by the item's unique id.
import { getListItem, getSitePage } from "../../../generated/graph-client.js";
import type { BaseItem, CanvasLayout, SitePage, TextWebPart, WebPart } from "../graph-models.js";
import type { ToolContext } from "../types.js";
import { bodyText, header, oneLine, stamp, type ResourceDocument } from "./document.js";
import { readListItem } from "./files.js";

/** The "Site Page" content type; news posts and pages built from templates derive from it. */
const SITE_PAGE_CONTENT_TYPE = "0x0101009d1cb255da76424f860d91f20e6c4118";
const PAGE_FIELDS = "id,name,title,description,webUrl,pageLayout,promotionKind,createdDateTime,lastModifiedDateTime,createdBy,lastModifiedBy,parentReference";
const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** Only a part Graph types as a text web part holds page text; an innerHtml on any other kind is not read. */
const isTextWebPart = (part: WebPart): part is TextWebPart & { innerHtml: string } =>
  part["@odata.type"] === "#microsoft.graph.textWebPart" && typeof part["innerHtml"] === "string";

/**
 * The web parts in reading order: horizontal sections top to bottom, each column left to right, each column's
 * parts top to bottom; then the vertical section, which the page shows beside the sections, read last.
 */
export function webPartsInReadingOrder(canvas: CanvasLayout | null | undefined): WebPart[] {
  const horizontal = (canvas?.horizontalSections ?? []).flatMap((section) => (section.columns ?? []).flatMap((column) => column.webparts ?? []));
  return [...horizontal, ...(canvas?.verticalSection?.webparts ?? [])];
}

async function pageBody(page: SitePage | undefined, title: string, ctx: ToolContext): Promise<string> {
  const parts = webPartsInReadingOrder(page?.canvasLayout);
  const texts = (await Promise.all(parts.filter(isTextWebPart).map((part) => bodyText({ contentType: "html", content: part.innerHtml }, ctx)))).filter(Boolean);
  const others = parts.length - parts.filter(isTextWebPart).length;
  const note = others ? `(${others} other web part${others === 1 ? "" : "s"}, such as images, lists or embeds, ${others === 1 ? "is" : "are"} not shown: only text web parts are read.)` : "";
  const content = texts.length ? texts.join("\n\n") : "(This page has no text web parts.)";
  return [`# ${oneLine(title)}`, content, note].filter(Boolean).join("\n\n");
}

const PAGE_KINDS: Record<string, string> = { newsPost: "News post", page: "Page" };

/** A modern page by its site id and page id (its list item's unique id). */
export async function readSitePage(siteId: string, pageId: string, ctx: ToolContext): Promise<ResourceDocument> {
  const page = await getSitePage(ctx.graph, { path: { "site-id": siteId, "baseSitePage-id": pageId }, query: { $select: PAGE_FIELDS, $expand: "canvasLayout" } });
  const title = page?.title?.trim() || page?.name || "(untitled page)";
  return {
    title,
    headers: [
      header("title", "Title", title),
      header("pageType", "Type", PAGE_KINDS[page?.promotionKind ?? ""] ?? "Page"),
      header("description", "Description", page?.description),
      header("site", "Site", page?.parentReference?.siteId),
      header("modified", "Modified", stamp(page?.lastModifiedDateTime, page?.lastModifiedBy)),
      header("created", "Created", stamp(page?.createdDateTime, page?.createdBy)),
      header("webUrl", "Web link", page?.webUrl),
    ],
    body: await pageBody(page, title, ctx),
    sections: [],
  };
}

/** The page id of an item: its unique id, which Graph also carries in the eTag ("{GUID},version"). */
export function uniqueIdOf(item: Pick<BaseItem, "eTag"> & { sharepointIds?: { listItemUniqueId?: string | null } | null }): string | undefined {
  return (item.sharepointIds?.listItemUniqueId ?? GUID.exec(item.eTag ?? "")?.[0])?.toLowerCase();
}

/** A list item reads as a page when it is one (the Site Page content type); any other item keeps its metadata read. */
export async function readListItemOrPage(siteId: string, listId: string, itemId: string, ctx: ToolContext): Promise<{ doc: ResourceDocument; page: boolean }> {
  const item = await getListItem(ctx.graph, { path: { "site-id": siteId, "list-id": listId, "listItem-id": itemId }, query: { $select: "id,eTag,contentType,sharepointIds" } });
  const pageId = item ? uniqueIdOf(item) : undefined;
  const isPage = item?.contentType?.id?.toLowerCase().startsWith(SITE_PAGE_CONTENT_TYPE) === true;
  if (isPage && pageId) return { doc: await readSitePage(siteId, pageId, ctx), page: true };
  return { doc: await readListItem(siteId, listId, itemId, ctx), page: false };
}
