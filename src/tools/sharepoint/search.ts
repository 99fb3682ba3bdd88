// Microsoft Search (POST /search/query) and drive search (GET …/root/search(q=…)) pages, as ItemFacts.
import { searchDrive, searchMyDrive, searchQuery } from "../../../generated/graph-client.js";
import { InvalidInput } from "../../failure.js";
import type { GraphClient } from "../../graph/client.js";
import { INVALID_CURSOR, type CursorState } from "../../graph/cursor.js";
import { odataString } from "../../graph/query-syntax.js";
import { cleanSnippet } from "../../graph/search-text.js";
import type { DriveItemCollectionResponse } from "../graph-models.js";
import { factsFromDriveItem, factsFromHit, type ItemFacts } from "./items.js";

export interface IndexPage {
  items: ItemFacts[];
  /** Hits Graph sent that could not be used (another resource type, or no ids to build a URI from). */
  skipped: number;
  more: boolean;
}

export async function searchIndex(
  graph: GraphClient,
  request: { entityTypes: Array<"driveItem" | "listItem">; queryString: string; from: number; size: number },
): Promise<IndexPage> {
  const response = await searchQuery(graph, {
    body: { requests: [{ entityTypes: request.entityTypes, query: { queryString: request.queryString }, from: request.from, size: request.size }] },
  });
  const page: IndexPage = { items: [], skipped: 0, more: false };
  for (const container of (response?.value ?? []).flatMap((r) => r.hitsContainers ?? [])) {
    if (container.moreResultsAvailable) page.more = true;
    for (const hit of container.hits ?? []) {
      const facts = factsFromHit(hit, cleanSnippet(hit.summary));
      if (facts?.uri) page.items.push(facts);
      else page.skipped++;
    }
  }
  return page;
}

export const DRIVE_ITEM_SELECT = "id,name,webUrl,size,lastModifiedDateTime,lastModifiedBy,parentReference,file,folder";

/** Where a drive search runs: a library by drive id, or the signed-in user's OneDrive. */
export type DriveTarget = { driveId: string } | { myDrive: true };

export interface DrivePage {
  items: ItemFacts[];
  nextLink?: string;
}

const operationOf = (target: DriveTarget): "searchDrive" | "searchMyDrive" => ("driveId" in target ? "searchDrive" : "searchMyDrive");

/** One page of a drive search: the first from the query text, later ones from the page link a cursor holds. */
export async function searchDriveItems(graph: GraphClient, target: DriveTarget, text: string, top: number, nextLink?: string): Promise<DrivePage> {
  const query = { $select: DRIVE_ITEM_SELECT, $top: top };
  const q = odataString(text);
  const response: DriveItemCollectionResponse | undefined =
    "driveId" in target
      ? await searchDrive(graph, { path: { "drive-id": target.driveId, q }, query }, nextLink)
      : await searchMyDrive(graph, { path: { q }, query }, nextLink);
  const items = (response?.value ?? []).map(factsFromDriveItem).filter((f) => f.uri !== undefined);
  const nextPage = response?.["@odata.nextLink"];
  return { items, ...(nextPage ? { nextLink: nextPage } : {}) };
}

/** The cursor that continues a drive search, or undefined on its last page. */
export function driveCursor(target: DriveTarget, page: DrivePage, phase: string): CursorState | undefined {
  return page.nextLink ? { operation: operationOf(target), nextLink: page.nextLink, phase } : undefined;
}

export function invalidCursor(): InvalidInput {
  return new InvalidInput(INVALID_CURSOR);
}
