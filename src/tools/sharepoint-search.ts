// sharepoint_search: Microsoft Search over SharePoint and OneDrive files, pages and list items, with drive-search
// fallbacks for file types the index skips, for scopes where the index finds nothing, and for Files.Read-only tenants.
import type { SharepointSearchInput, SharepointSearchOutput } from "../../generated/tool-types.js";
import { PermissionMissing } from "../failure.js";
import type { CursorState } from "../graph/cursor.js";
import { openCursor } from "../graph/paging.js";
import { code, escapeMarkdown } from "./markdown.js";
import { optional } from "./resources/document.js";
import { listItemColumns } from "./resources/files.js";
import { parseResourceUri, type ResourceRef } from "./resources/uri.js";
import type { ItemFacts } from "./sharepoint/items.js";
import { day, renderList } from "./sharepoint/markdown.js";
import {
  UNINDEXED_FILE_TYPES,
  dateClauses,
  dateRange,
  fileExtension,
  fileTypeClause,
  inDateRange,
  kqlTerms,
  normalizeFileTypes,
  pathClause,
  queryTerms,
  type DateRange,
} from "./sharepoint/query.js";
import { resolveLibrary, resolveSite, siteDefaultLibrary, type LibraryRef, type SiteRef } from "./sharepoint/scope.js";
import { driveCursor, invalidCursor, searchDriveItems, searchIndex, type DriveTarget } from "./sharepoint/search.js";
import { type ToolContext, type ToolHandler } from "./types.js";

type Result = SharepointSearchOutput["results"][number];
type FoundBy = Result["foundBy"];
type DrivePhase = "drive-all" | "drive-unindexed";

const OPERATIONS = ["searchQuery", "searchDrive", "searchMyDrive"] as const;

const NO_ACCESS =
  "sharepoint_search needs the Sites.Read.All, Files.Read.All or Files.Read permission; ask an administrator to grant one of them.";
const ONE_DRIVE_ONLY =
  "This tenant grants only Files.Read, which cannot search SharePoint sites or libraries: call again without `site` and `library` to search your own OneDrive.";
const ONE_DRIVE_NOTE =
  "Only your own OneDrive was searched (by name, metadata and content), because this tenant grants Files.Read but not Sites.Read.All or Files.Read.All; results have no snippet.";

interface Plan {
  terms: string[];
  fileTypes: string[];
  range: DateRange;
  limit: number;
}

interface Scope {
  site?: SiteRef;
  library?: LibraryRef;
}

interface Found extends ItemFacts {
  uri: string;
  foundBy: FoundBy;
}

interface Page {
  items: Found[];
  notes: string[];
  next?: CursorState;
  /** The KQL the index was asked, shown when a search of several words finds nothing. */
  sent?: string;
}

function planOf(input: SharepointSearchInput): Plan {
  return {
    terms: queryTerms(input.query, "query"),
    fileTypes: normalizeFileTypes(input.fileTypes),
    range: dateRange(input.modifiedAfter, input.modifiedBefore),
    limit: input.limit,
  };
}

function found(items: readonly ItemFacts[], foundBy: FoundBy): Found[] {
  return items.flatMap((item) => (item.uri ? [{ ...item, uri: item.uri, foundBy }] : []));
}

/** Drive search has no filters: file types and dates apply here, by extension and by UTC day. */
function matchesFilters(item: ItemFacts, fileTypes: readonly string[], range: DateRange): boolean {
  const extension = fileExtension(item.name);
  const typeOk = fileTypes.length === 0 || (item.isFile && extension !== undefined && fileTypes.includes(extension));
  return typeOk && inDateRange(item.lastModifiedDateTime, range);
}

async function resolveScope(ctx: ToolContext, input: SharepointSearchInput): Promise<Scope> {
  const site = input.site === undefined ? undefined : await resolveSite(ctx.graph, input.site);
  const library = input.library === undefined ? undefined : await resolveLibrary(ctx.graph, site, input.library);
  return { ...(site ? { site } : {}), ...(library ? { library } : {}) };
}

function kqlFor(plan: Plan, scope: Scope): string {
  const scopeUrl = scope.library?.webUrl ?? scope.site?.webUrl;
  return [kqlTerms(plan.terms), fileTypeClause(plan.fileTypes), ...dateClauses(plan.range), scopeUrl ? pathClause(scopeUrl) : undefined]
    .filter((part): part is string => part !== undefined)
    .join(" ");
}

const scopedOperation = (scope: Scope): "searchDrive" | "searchMyDrive" => (scope.library || scope.site ? "searchDrive" : "searchMyDrive");

/** The drive a fallback searches and how the note names it. */
async function driveTarget(ctx: ToolContext, scope: Scope): Promise<{ target: DriveTarget; where: string }> {
  if (scope.library) return { target: { driveId: scope.library.id }, where: `the library ${scope.library.name}` };
  if (scope.site) {
    const library = await siteDefaultLibrary(ctx.graph, scope.site);
    return { target: { driveId: library.id }, where: `the default library (${library.name}) of the site ${scope.site.name}` };
  }
  return { target: { myDrive: true }, where: "your OneDrive" };
}

function fallbackNote(phase: DrivePhase, plan: Plan, scope: Scope, where: string): string {
  if (phase === "drive-all") {
    const scopeName = scope.library ? `the library ${scope.library.name}` : `the site ${scope.site?.name ?? ""}`;
    return `The search index found nothing in ${scopeName}, so the drive search of ${where} was used instead (it matches names, metadata and content; results have no snippet).`;
  }
  const types = plan.fileTypes.filter((t) => UNINDEXED_FILE_TYPES.has(t)).map((t) => `.${t}`).join(", ");
  const hint = scopedOperation(scope) === "searchMyDrive" ? " Give `site` or `library` to look for them in SharePoint." : "";
  return `Microsoft Search does not index ${types} files, so they were matched by name and metadata with the drive search of ${where}; those results have no snippet.${hint}`;
}

/** One page of a drive-search fallback, appended to what the index found on this page. */
async function drivePage(ctx: ToolContext, plan: Plan, scope: Scope, phase: DrivePhase, top: number, page: Page, nextLink?: string): Promise<Page> {
  const { target, where } = await driveTarget(ctx, scope);
  const drive = await searchDriveItems(ctx.graph, target, plan.terms.join(" "), top, nextLink);
  const fileTypes = phase === "drive-all" ? plan.fileTypes : plan.fileTypes.filter((t) => UNINDEXED_FILE_TYPES.has(t));
  const seen = new Set(page.items.map((item) => item.uri));
  const extra = found(drive.items, "driveSearch").filter((item) => !seen.has(item.uri) && matchesFilters(item, fileTypes, plan.range));
  const next = driveCursor(target, drive, phase);
  return { items: [...page.items, ...extra], notes: [...page.notes, fallbackNote(phase, plan, scope, where)], ...(next ? { next } : {}) };
}

function isDrivePhase(phase: string | undefined): phase is DrivePhase {
  return phase === "drive-all" || phase === "drive-unindexed";
}

async function searchSharePoint(ctx: ToolContext, input: SharepointSearchInput, plan: Plan, cursor: CursorState | undefined): Promise<Page> {
  const scope = await resolveScope(ctx, input);
  if (cursor && isDrivePhase(cursor.phase)) {
    if (cursor.operation !== scopedOperation(scope)) throw invalidCursor();
    return drivePage(ctx, plan, scope, cursor.phase, plan.limit, { items: [], notes: [] }, cursor.nextLink);
  }
  if (cursor && (cursor.operation !== "searchQuery" || cursor.from === undefined)) throw invalidCursor();
  const from = cursor?.from ?? 0;
  const queryString = kqlFor(plan, scope);
  const index = await searchIndex(ctx.graph, { entityTypes: ["driveItem", "listItem"], queryString, from, size: plan.limit });
  const page: Page = { items: found(index.items, "searchIndex"), notes: [], sent: queryString };
  if (index.skipped > 0) page.notes.push(`${index.skipped} search hits of other kinds or without ids were left out.`);
  if (index.more) return { ...page, next: { operation: "searchQuery", from: from + plan.limit, phase: "index" } };
  const nothingInScope = from === 0 && index.items.length === 0 && index.skipped === 0 && Boolean(scope.site ?? scope.library);
  const unindexed = plan.fileTypes.some((t) => UNINDEXED_FILE_TYPES.has(t));
  const phase: DrivePhase | undefined = nothingInScope ? "drive-all" : unindexed ? "drive-unindexed" : undefined;
  if (!phase) return page;
  const room = plan.limit - page.items.length;
  // A full page leaves the fallback to the next call, so no page holds more than `limit` results.
  if (room <= 0) return { ...page, next: { operation: scopedOperation(scope), phase } };
  return drivePage(ctx, plan, scope, phase, room, page);
}

async function searchOneDrive(ctx: ToolContext, input: SharepointSearchInput, plan: Plan, cursor: CursorState | undefined): Promise<Page> {
  if (input.site !== undefined || input.library !== undefined) throw new PermissionMissing(ONE_DRIVE_ONLY, "Sites.Read.All or Files.Read.All");
  if (cursor && (cursor.operation !== "searchMyDrive" || cursor.phase !== "oneDrive" || !cursor.nextLink)) throw invalidCursor();
  const target: DriveTarget = { myDrive: true };
  const drive = await searchDriveItems(ctx.graph, target, plan.terms.join(" "), plan.limit, cursor?.nextLink);
  const items = found(drive.items, "driveSearch").filter((item) => matchesFilters(item, plan.fileTypes, plan.range));
  const next = driveCursor(target, drive, "oneDrive");
  return { items, notes: [ONE_DRIVE_NOTE], ...(next ? { next } : {}) };
}

function toResult(item: Found): Result {
  const fileType = item.kind === "file" ? fileExtension(item.name) : undefined;
  return {
    name: item.name ?? "(untitled)",
    kind: item.kind,
    ...(item.webUrl ? { webUrl: item.webUrl } : {}),
    ...(item.snippet ? { snippet: item.snippet } : {}),
    ...(item.lastModifiedDateTime ? { lastModifiedDateTime: item.lastModifiedDateTime } : {}),
    ...(item.lastModifiedBy ? { lastModifiedBy: item.lastModifiedBy } : {}),
    ...(item.siteId ? { siteId: item.siteId } : {}),
    ...(fileType ? { fileType } : {}),
    ...(item.size !== undefined ? { size: item.size } : {}),
    foundBy: item.foundBy,
    uri: item.uri,
  };
}

const NOTHING = "No matching files, pages or list items.";

/** Nothing found for several words: every word had to match, so say so, with the query sent and one word to try alone. */
function emptyText(plan: Plan, page: Page): string {
  if (plan.terms.length < 2 || page.items.length > 0) return NOTHING;
  const sent = page.sent ? `; the search sent was ${code(page.sent)}` : "";
  const [first] = plan.terms;
  return `${NOTHING} All the words must match${sent}. Try fewer words, e.g. ${code(`sharepoint_search {"query": ${JSON.stringify(first)}}`)}, or another word for one of them.`;
}

function details(result: Result): string[] {
  const modified = day(result.lastModifiedDateTime);
  const by = result.lastModifiedBy ? ` by ${result.lastModifiedBy}` : "";
  return [result.fileType ?? (result.kind === "file" ? "" : result.kind), modified ? `modified ${modified}${by}` : ""].filter(Boolean);
}

const COLUMNS_PER_HIT = 5;
const COLUMN_CHARS = 80;

const cut = (text: string): string => (Array.from(text).length > COLUMN_CHARS ? `${Array.from(text).slice(0, COLUMN_CHARS - 1).join("")}…` : text);

/** A list item's first columns as one line, "Severity: High · Status: Open"; undefined when it has none or its read failed. */
async function columnsLine(ref: Extract<ResourceRef, { kind: "listItem" }>, ctx: ToolContext): Promise<{ line?: string; failed?: true }> {
  const columns = await optional(listItemColumns(ref.siteId, ref.listId, ref.itemId, ctx), ctx, "a list item's columns were not read");
  if (!columns) return { failed: true };
  const line = columns.slice(0, COLUMNS_PER_HIT).map(([name, value]) => `${name}: ${cut(value)}`).join(" · ");
  return line ? { line } : {};
}

/**
 * Site pages are list items too, of the Site Pages library, but their snippet is their text, which their columns
 * would not improve: a page's link is the .aspx page itself, a list item's a form with its ID (DispForm.aspx?ID=7).
 */
function isSitePage(webUrl: string | undefined): boolean {
  if (!webUrl || !URL.canParse(webUrl)) return false;
  const url = new URL(webUrl);
  return url.pathname.toLowerCase().endsWith(".aspx") && !url.searchParams.has("ID");
}

/**
 * A list item hit's snippet is its values without their columns ("… customs High Open"): each list item of the page is
 * read for its columns instead, in parallel; a hit whose read fails keeps its snippet, and a note counts them.
 */
async function listItemLines(items: readonly Found[], ctx: ToolContext): Promise<{ lines: Map<string, string>; failed: number }> {
  const read = await Promise.all(
    items.flatMap((item) => {
      const ref = parseResourceUri(item.uri);
      return ref.kind === "listItem" && !isSitePage(item.webUrl) ? [columnsLine(ref, ctx).then((r) => ({ uri: item.uri, ...r }))] : [];
    }),
  );
  const lines = new Map(read.flatMap((r) => (r.line ? [[r.uri, r.line] as const] : [])));
  return { lines, failed: read.filter((r) => r.failed).length };
}

const unreadColumnsNote = (failed: number): string =>
  failed === 1 ? "The columns of 1 list item could not be read, so it shows its search snippet." : `The columns of ${failed} list items could not be read, so they show their search snippets.`;

const handler: ToolHandler<SharepointSearchInput, SharepointSearchOutput> = async (input, ctx) => {
  const plan = planOf(input);
  const cursor = input.cursor === undefined ? undefined : await openCursor(ctx, input.cursor, OPERATIONS);
  let page: Page;
  if (ctx.strategy === "search") page = await searchSharePoint(ctx, input, plan, cursor);
  else if (ctx.strategy === "oneDrive") page = await searchOneDrive(ctx, input, plan, cursor);
  else throw new PermissionMissing(NO_ACCESS, "Sites.Read.All, Files.Read.All or Files.Read");
  const results = page.items.map(toResult);
  const [nextCursor, columns] = await Promise.all([page.next ? ctx.cursors.seal(page.next) : undefined, listItemLines(page.items, ctx)]);
  const notes = columns.failed ? [...page.notes, unreadColumnsNote(columns.failed)] : page.notes;
  const structured: SharepointSearchOutput = {
    results,
    ...(notes.length ? { notes } : {}),
    ...(nextCursor ? { nextCursor } : {}),
  };
  const entries = results.map((r) => ({ name: r.name, webUrl: r.webUrl, details: details(r), excerpt: columns.lines.get(r.uri) ?? r.snippet, uri: r.uri }));
  const markdown = renderList(`SharePoint results for "${escapeMarkdown(input.query)}"`, entries, notes, nextCursor, emptyText(plan, page));
  return { structured, markdown };
};

export default handler;
