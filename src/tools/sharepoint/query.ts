// The search request a SharePoint tool builds from its arguments: KQL for Microsoft Search and plain text for
// the drive search endpoint. Every user value is quoted by src/graph/query-syntax.ts, never spliced in raw.
import { InvalidInput } from "../../failure.js";
import { kqlPhrase, kqlProperty } from "../../graph/query-syntax.js";

/**
 * Extensions Microsoft Search does not crawl by default (they are missing from SharePoint's default crawled
 * file name extensions; .txt, .csv, .html and Office/PDF files are crawled), so name matching stands in for them.
 */
export const UNINDEXED_FILE_TYPES: ReadonlySet<string> = new Set(["md", "markdown", "json", "yaml", "yml"]);

/** The words and "quoted phrases" of a query, with the quote characters removed. */
export function queryTerms(query: string, field: string): string[] {
  const terms: string[] = [];
  for (const match of query.matchAll(/"([^"]*)"|[^\s"]+/gu)) {
    const term = (match[1] ?? match[0]).replace(/[\\\p{Cc}]/gu, " ").replace(/\s+/g, " ").trim();
    if (term) terms.push(term);
  }
  if (terms.length === 0) throw new InvalidInput(`\`${field}\` must contain at least one word to search for.`);
  return terms;
}

/** Each term as its own KQL phrase: terms are ANDed, and operators such as OR or NOT stay plain words. */
export function kqlTerms(terms: readonly string[]): string {
  return terms.map(kqlPhrase).join(" ");
}

/** Lower-case extensions without a leading dot, deduplicated (the input schema has checked their characters). */
export function normalizeFileTypes(fileTypes: readonly string[] | undefined): string[] {
  return [...new Set((fileTypes ?? []).map((t) => t.replace(/^\./, "").toLowerCase()))];
}

export function fileTypeClause(fileTypes: readonly string[]): string | undefined {
  if (fileTypes.length === 0) return undefined;
  return `(${fileTypes.map((t) => `filetype:${t}`).join(" OR ")})`;
}

/** Restricts a search to a site, library or folder by its URL (SharePoint indexes paths unencoded). */
export function pathClause(webUrl: string): string {
  let url = webUrl;
  try {
    url = decodeURI(webUrl);
  } catch {
    // A malformed escape: keep the URL as Graph gave it.
  }
  return kqlProperty("path", url.replace(/\/+$/, ""));
}

export interface DateRange {
  /** Inclusive UTC days, YYYY-MM-DD. */
  after?: string;
  before?: string;
}

function utcDay(value: string, field: string): string {
  const time = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(time)) {
    throw new InvalidInput(`\`${field}\` must be a date such as 2026-01-31 (or an ISO 8601 date-time); got "${value.slice(0, 40)}".`);
  }
  return new Date(time).toISOString().slice(0, 10);
}

export function dateRange(modifiedAfter: string | undefined, modifiedBefore: string | undefined): DateRange {
  const range: DateRange = {};
  if (modifiedAfter !== undefined) range.after = utcDay(modifiedAfter, "modifiedAfter");
  if (modifiedBefore !== undefined) range.before = utcDay(modifiedBefore, "modifiedBefore");
  if (range.after && range.before && range.after > range.before) {
    throw new InvalidInput("`modifiedAfter` must not be later than `modifiedBefore`.");
  }
  return range;
}

export function dateClauses(range: DateRange): string[] {
  const clauses: string[] = [];
  if (range.after) clauses.push(`LastModifiedTime>=${range.after}`);
  if (range.before) clauses.push(`LastModifiedTime<=${range.before}`);
  return clauses;
}

/** Whether a modification time (ISO 8601) falls in the range, compared by UTC day like the KQL restriction. */
export function inDateRange(modified: string | undefined, range: DateRange): boolean {
  if (!range.after && !range.before) return true;
  if (!modified) return false;
  const day = modified.slice(0, 10);
  return (!range.after || day >= range.after) && (!range.before || day <= range.before);
}

/** The extension of a file name, lower case, when it has one. */
export function fileExtension(name: string | undefined): string | undefined {
  const match = name ? /\.([A-Za-z0-9]{1,10})$/.exec(name) : null;
  return match?.[1]?.toLowerCase();
}
