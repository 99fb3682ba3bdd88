// Text that Graph hands back for display: search snippets and HTML bodies, as plain text.
import { convert } from "html-to-text";
import { HTML_LIMITS } from "../content/html-limits.js";

/** Microsoft Search highlights hits with <c0>…</c0> and elides with <ddd/>. */
export function cleanSnippet(summary: string | null | undefined): string {
  if (!summary) return "";
  return summary
    .replace(/<\/?c0>/g, "")
    .replace(/<ddd\/>/g, " … ")
    .replace(/<[^>]*>/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

/** An HTML mail, event or chat body as readable plain text (links kept, images dropped). */
export function htmlToText(html: string): string {
  return convert(html, {
    wordwrap: false,
    limits: HTML_LIMITS,
    selectors: [
      { selector: "img", format: "skip" },
      { selector: "a", options: { hideLinkHrefIfSameAsText: true } },
    ],
  }).trim();
}
