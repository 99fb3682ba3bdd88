// The bound every HTML-to-text conversion applies: html-to-text walks the DOM recursively, so markup nested a few
// thousand levels (a mail anyone can send) overflowed the stack. Deeper markup is cut to an ellipsis instead.
export const HTML_LIMITS = { maxDepth: 100, ellipsis: "…" } as const;
