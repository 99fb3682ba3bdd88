// Search snippets as plain text; HTML bodies go through content/extract.ts's htmlText.

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
