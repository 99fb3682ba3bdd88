// The one HTML-to-text converter: html-to-text with markdown headings, list markers and tables; scripts, styles and
// images are dropped. Files, mail, event and chat bodies and SharePoint pages all go through it (extract.ts's htmlText).
import { compile, type DomNode, type FormatCallback } from "html-to-text";
import type { ReadContext } from "./context.js";
import { declaredCharset } from "./decode.js";
import { markdownTable } from "./output.js";
import { decodeInto } from "./plain.js";

function heading(level: number): FormatCallback {
  return (elem, walk, builder) => {
    builder.openBlock({ leadingLineBreaks: 2 });
    builder.addInline(`${"#".repeat(level)} `);
    walk(elem.children, builder);
    builder.closeBlock({ trailingLineBreaks: 2 });
  };
}

const tagChildren = (node: DomNode, names: readonly string[]): DomNode[] => node.children.filter((c) => c.type === "tag" && names.includes(c.name ?? ""));

function colspan(cell: DomNode): number {
  const attributes = cell.attribs as Record<string, string> | undefined;
  return Math.min(Number(attributes?.["colspan"] ?? 1) || 1, 50);
}

/** Cells through html-to-text (so inline markup renders), rows printed as a markdown table. */
const table: FormatCallback = (elem, walk, builder) => {
  builder.openTable();
  const rows = [elem, ...tagChildren(elem, ["thead", "tbody", "tfoot"])].flatMap((group) => tagChildren(group, ["tr"]));
  for (const row of rows) {
    builder.openTableRow();
    for (const cell of tagChildren(row, ["td", "th"])) {
      builder.openTableCell();
      walk(cell.children, builder);
      builder.closeTableCell({ colspan: colspan(cell) });
    }
    builder.closeTableRow();
  }
  builder.closeTable({
    tableToString: (printed) => markdownTable(printed.map((cells) => cells.flatMap((c) => [c.text, ...Array<string>(c.colspan - 1).fill("")]))),
    leadingLineBreaks: 2,
    trailingLineBreaks: 2,
  });
};

const LEVELS = [1, 2, 3, 4, 5, 6];

// html-to-text walks the DOM recursively, so markup nested a few thousand levels (a mail anyone can send)
// overflowed the stack. Deeper markup is cut to an ellipsis instead.
const LIMITS = { maxDepth: 100, ellipsis: "…" } as const;

// Compiled once: convert() compiles these options (selectors into a decision tree) on every call, which was about a
// twentieth of everything the server allocated under mixed load, for mail bodies as much as for files.
const toText = compile({
  wordwrap: false,
  limits: LIMITS,
  formatters: { ...Object.fromEntries(LEVELS.map((level) => [`h${level}`, heading(level)])), markdownTable: table },
  selectors: [
    { selector: "img", format: "skip" },
    { selector: "a", options: { hideLinkHrefIfSameAsText: true } },
    { selector: "ul", options: { itemPrefix: "- " } },
    { selector: "table", format: "markdownTable" },
    ...LEVELS.map((level) => ({ selector: `h${level}`, format: `h${level}` })),
  ],
});

export function htmlToMarkdown(html: string): string {
  return toText(html).replace(/\u00a0/g, " ").trim();
}

/** An HTML file: its bytes in the charset it declares. */
export function readHtml(bytes: Uint8Array, ctx: ReadContext): Promise<void> {
  ctx.out.push(htmlToMarkdown(decodeInto(bytes, ctx, declaredCharset(bytes))));
  return Promise.resolve();
}

/** HTML Graph sent as a JSON string (a body, a web part), here UTF-8: a <meta charset> in it says nothing any more. */
export function readHtmlText(bytes: Uint8Array, ctx: ReadContext): Promise<void> {
  ctx.out.push(htmlToMarkdown(new TextDecoder().decode(bytes)));
  return Promise.resolve();
}
