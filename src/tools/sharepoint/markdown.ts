// Markdown shared by the SharePoint tools: a numbered list of linked items, notes first, the cursor last.
import { escapeMarkdown, nextPageLine, verbatim } from "../markdown.js";
import { linkTarget } from "./items.js";

export interface MarkdownEntry {
  name: string;
  webUrl?: string;
  /** Short facts after the title, e.g. "docx", "modified 2026-01-31 by Alice". */
  details: string[];
  /** A second line of user content (a snippet or a folder path). */
  excerpt?: string;
  uri: string;
}

export function renderList(title: string, entries: readonly MarkdownEntry[], notes: readonly string[], nextCursor: string | undefined, empty: string): string {
  const lines = [`## ${title}`, ""];
  for (const note of notes) lines.push(`> Note: ${escapeMarkdown(note)}`, "");
  if (entries.length === 0) lines.push(empty);
  entries.forEach((entry, index) => {
    const target = linkTarget(entry.webUrl);
    const name = escapeMarkdown(entry.name);
    const details = entry.details.map(escapeMarkdown).filter(Boolean).join(" · ");
    lines.push(`${index + 1}. ${target ? `[${name}](${target})` : name}${details ? ` — ${details}` : ""}`);
    if (entry.excerpt) lines.push(`   ${escapeMarkdown(entry.excerpt)}`);
    lines.push(`   ${verbatim(entry.uri)}`);
  });
  if (nextCursor) lines.push("", nextPageLine("More results", nextCursor));
  return lines.join("\n");
}

/** "2026-01-31T10:00:00Z" → "2026-01-31". */
export function day(dateTime: string | undefined): string | undefined {
  return dateTime?.slice(0, 10);
}
