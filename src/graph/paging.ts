// Guards for Graph page links that come back to us inside client-held cursors.
import { graphOperations, type OperationId } from "../../generated/graph-client.js";
import { InvalidInput } from "../failure.js";
import { type ToolContext } from "../tools/types.js";
import type { CursorState } from "./cursor.js";

/** A cursor's next link must stay on the configured Graph host and within its operation's path family. */
export function checkNextLink(nextLink: string, pathPattern: RegExp, graphBaseUrl: string): void {
  let url: URL;
  try {
    url = new URL(nextLink);
  } catch {
    throw new InvalidInput("The cursor does not hold a valid Graph page link; run the search again without a cursor.");
  }
  const base = new URL(graphBaseUrl);
  if (url.origin !== base.origin || !pathPattern.test(url.pathname) || url.username || url.password) {
    throw new InvalidInput("The cursor points outside this tool's Graph resource; run the search again without a cursor.");
  }
}

/** Opens a cursor issued for one of `operations`; a page link it holds must stay within its operation's Graph paths. */
export async function openCursor(ctx: Pick<ToolContext, "cursors" | "graph">, cursor: string, operations: readonly OperationId[]): Promise<CursorState> {
  const state = await ctx.cursors.open(cursor, operations);
  if (state.nextLink) checkNextLink(state.nextLink, graphOperations[state.operation as OperationId].pathPattern, ctx.graph.baseUrl);
  return state;
}
