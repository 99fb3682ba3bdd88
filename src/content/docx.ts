// Word: paragraphs in order, headings from paragraph styles, lists from numbering, tables as markdown tables.
import type { ReadContext } from "./context.js";
import { openOffice } from "./office.js";
import { markdownTable } from "./output.js";
import { parseXml, parseXmlStream } from "./xml.js";

interface StyleInfo {
  name: string;
  basedOn?: string;
  outlineLevel?: number;
  numId?: string;
  ilvl?: number;
}

interface Paragraph {
  text: string;
  style?: string;
  numId?: string;
  ilvl?: number;
  outlineLevel?: number;
}

interface Table {
  rows: string[][];
  row: string[];
  cell: string[];
  span: number;
}

function intAttr(attributes: Record<string, string>): number | undefined {
  const value = Number.parseInt(attributes["w:val"] ?? "", 10);
  return Number.isFinite(value) ? value : undefined;
}

function readStyles(bytes: Uint8Array | undefined, ctx: ReadContext): Map<string, StyleInfo> {
  const styles = new Map<string, StyleInfo>();
  if (!bytes) return styles;
  let current: StyleInfo | undefined;
  parseXml(bytes, {
    open(name, a) {
      if (name === "w:style") {
        current = { name: "" };
        if (a["w:type"] === "paragraph" && a["w:styleId"]) styles.set(a["w:styleId"], current);
      } else if (current) {
        if (name === "w:name") current.name = a["w:val"] ?? "";
        else if (name === "w:basedOn") current.basedOn = a["w:val"];
        else if (name === "w:outlineLvl") current.outlineLevel = intAttr(a);
        else if (name === "w:numId") current.numId = a["w:val"];
        else if (name === "w:ilvl") current.ilvl = intAttr(a);
      }
    },
    close(name) {
      if (name === "w:style") current = undefined;
    },
  }, { maxDepth: ctx.limits.maxXmlDepth, where: `'${ctx.label}' (styles)` });
  return styles;
}

/** numId -> level -> number format ("bullet", "decimal", ...). */
function readNumbering(bytes: Uint8Array | undefined, ctx: ReadContext): Map<string, string[]> {
  const abstract = new Map<string, string[]>();
  const nums = new Map<string, string>();
  if (!bytes) return new Map();
  let currentAbstract: string[] | undefined;
  let level = 0;
  let currentNum: string | undefined;
  parseXml(bytes, {
    open(name, a) {
      if (name === "w:abstractNum") {
        currentAbstract = [];
        abstract.set(a["w:abstractNumId"] ?? "", currentAbstract);
      } else if (name === "w:lvl") level = Number.parseInt(a["w:ilvl"] ?? "0", 10) || 0;
      else if (name === "w:numFmt" && currentAbstract && level < 10) currentAbstract[level] = a["w:val"] ?? "decimal";
      else if (name === "w:num") currentNum = a["w:numId"];
      else if (name === "w:abstractNumId" && currentNum !== undefined) nums.set(currentNum, a["w:val"] ?? "");
    },
    close(name) {
      if (name === "w:abstractNum") currentAbstract = undefined;
      if (name === "w:num") currentNum = undefined;
    },
  }, { maxDepth: ctx.limits.maxXmlDepth, where: `'${ctx.label}' (numbering)` });
  return new Map([...nums].map(([numId, abstractId]) => [numId, abstract.get(abstractId) ?? []]));
}

function headingLevel(paragraph: Paragraph, styles: Map<string, StyleInfo>): number | undefined {
  if (paragraph.outlineLevel !== undefined && paragraph.outlineLevel < 9) return paragraph.outlineLevel + 1;
  let id = paragraph.style;
  for (let hops = 0; id !== undefined && hops < 10; hops++) {
    const style = styles.get(id);
    if (!style) return undefined;
    const named = /^heading\s*(\d)$/i.exec(style.name);
    if (named?.[1]) return Number(named[1]);
    if (/^title$/i.test(style.name)) return 1;
    if (style.outlineLevel !== undefined && style.outlineLevel < 9) return style.outlineLevel + 1;
    id = style.basedOn;
  }
  return undefined;
}

function listNumbering(paragraph: Paragraph, styles: Map<string, StyleInfo>): { numId: string; ilvl: number } | undefined {
  if (paragraph.numId !== undefined) return paragraph.numId === "0" ? undefined : { numId: paragraph.numId, ilvl: paragraph.ilvl ?? 0 };
  let id = paragraph.style;
  for (let hops = 0; id !== undefined && hops < 10; hops++) {
    const style = styles.get(id);
    if (!style) return undefined;
    if (style.numId !== undefined) return style.numId === "0" ? undefined : { numId: style.numId, ilvl: paragraph.ilvl ?? style.ilvl ?? 0 };
    id = style.basedOn;
  }
  return undefined;
}

/** Elements whose text is not document text: deleted runs, field codes, and the duplicate VML fallback of drawings. */
const SKIPPED = new Set(["w:delText", "w:instrText", "mc:Fallback", "w:pPrChange", "w:rPrChange"]);

export async function readDocx(bytes: Uint8Array, ctx: ReadContext): Promise<void> {
  const pkg = await openOffice(bytes, ctx.label, "docx", ctx.limits);
  const document = pkg.stream("word/document.xml");
  if (!document) {
    ctx.out.note("The document has no main text part (word/document.xml); it may be damaged.");
    return;
  }
  const styles = readStyles(await pkg.read("word/styles.xml"), ctx);
  const numbering = readNumbering(await pkg.read("word/numbering.xml"), ctx);
  const counters = new Map<string, number[]>();
  const paragraphs: Paragraph[] = [];
  const tables: Table[] = [];
  let list: string[] = [];
  let skipping = 0;
  let inText = false;
  let inParagraphProperties = 0;

  const flushList = (): void => {
    if (list.length > 0) ctx.out.push(list.join("\n"));
    list = [];
  };

  const emit = (paragraph: Paragraph): void => {
    // Trailing blanks go from every line; the multiline pass is costly, and only a line break makes it needed.
    const text = (paragraph.text.includes("\n") ? paragraph.text.replace(/[ \t]+$/gm, "") : paragraph.text).trim();
    const table = tables.at(-1);
    if (table) {
      if (text !== "") table.cell.push(text);
      return;
    }
    if (text === "") return;
    const level = headingLevel(paragraph, styles);
    if (level !== undefined) {
      flushList();
      ctx.out.push(`${"#".repeat(Math.min(level, 6))} ${text.replace(/\s*\n\s*/g, " ")}`);
      return;
    }
    const numbered = listNumbering(paragraph, styles);
    if (numbered) {
      const format = numbering.get(numbered.numId)?.[numbered.ilvl] ?? "bullet";
      const levels = counters.get(numbered.numId) ?? [];
      counters.set(numbered.numId, levels);
      levels[numbered.ilvl] = (levels[numbered.ilvl] ?? 0) + 1;
      levels.length = numbered.ilvl + 1;
      const marker = format === "bullet" ? "-" : format === "none" ? "" : `${levels[numbered.ilvl] ?? 1}.`;
      list.push(`${"  ".repeat(numbered.ilvl)}${marker ? `${marker} ` : ""}${text.replace(/\n/g, " ")}`);
      return;
    }
    flushList();
    ctx.out.push(text);
  };

  await parseXmlStream(document, {
    open(name, a) {
      if (skipping > 0 || SKIPPED.has(name)) {
        skipping++;
        return;
      }
      const paragraph = paragraphs.at(-1);
      const table = tables.at(-1);
      switch (name) {
        case "w:p": paragraphs.push({ text: "" }); break;
        case "w:pPr": inParagraphProperties++; break;
        case "w:pStyle": if (paragraph && inParagraphProperties) paragraph.style = a["w:val"]; break;
        case "w:numId": if (paragraph && inParagraphProperties) paragraph.numId = a["w:val"]; break;
        case "w:ilvl": if (paragraph && inParagraphProperties) paragraph.ilvl = intAttr(a); break;
        case "w:outlineLvl": if (paragraph && inParagraphProperties) paragraph.outlineLevel = intAttr(a); break;
        case "w:t": inText = true; break;
        case "w:tab": if (paragraph && !inParagraphProperties) paragraph.text += "\t"; break;
        case "w:br": case "w:cr": if (paragraph) paragraph.text += "\n"; break;
        case "w:noBreakHyphen": if (paragraph) paragraph.text += "-"; break;
        case "w:tbl": flushList(); tables.push({ rows: [], row: [], cell: [], span: 1 }); break;
        case "w:tr": if (table) table.row = []; break;
        case "w:tc": if (table) { table.cell = []; table.span = 1; } break;
        case "w:gridSpan": if (table) table.span = Math.min(intAttr(a) ?? 1, ctx.limits.maxSheetColumns); break;
      }
    },
    close(name) {
      if (skipping > 0) {
        skipping--;
        return;
      }
      const table = tables.at(-1);
      switch (name) {
        case "w:p": { const done = paragraphs.pop(); if (done) emit(done); break; }
        case "w:pPr": inParagraphProperties--; break;
        case "w:t": inText = false; break;
        case "w:tc": if (table) table.row.push(table.cell.join(" <br> "), ...Array<string>(Math.max(0, table.span - 1)).fill("")); break;
        case "w:tr": if (table) table.rows.push(table.row); break;
        case "w:tbl": {
          const done = tables.pop();
          if (!done || done.rows.length === 0) break;
          const outer = tables.at(-1);
          // A table inside a table cell becomes lines of that cell; markdown tables cannot nest.
          if (outer) outer.cell.push(done.rows.map((r) => r.filter((c) => c !== "").join("; ")).join(" <br> "));
          else ctx.out.push(markdownTable(done.rows));
          break;
        }
      }
    },
    text(text) {
      const paragraph = paragraphs.at(-1);
      if (inText && skipping === 0 && paragraph) paragraph.text += text;
    },
    done: () => ctx.out.full,
  }, { maxDepth: ctx.limits.maxXmlDepth, where: `'${ctx.label}'` });
  flushList();
}
