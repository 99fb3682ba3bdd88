// PowerPoint: slide by slide in presentation order, the title as a heading, then body text, tables and speaker notes.
import type { ReadContext } from "./context.js";
import { openOffice } from "./office.js";
import { markdownTable, plural } from "./output.js";
import { parseXml, relationships, relsPath } from "./xml.js";

interface SlideText {
  title: string[];
  blocks: string[];
}

/** Placeholders that repeat on every slide and say nothing about it. */
const BOILERPLATE = new Set(["sldNum", "dt", "ftr", "hdr", "sldImg"]);

function readShapes(bytes: Uint8Array, ctx: ReadContext, where: string, notes: boolean): SlideText {
  const result: SlideText = { title: [], blocks: [] };
  // Shapes nest in groups, so the placeholder type is tracked per open shape.
  const shapes: { kind: "title" | "body" | "skip"; paragraphs: string[] }[] = [];
  let paragraph: { text: string; level: number } | undefined;
  let inText = false;
  let table: { rows: string[][]; row: string[]; cell: string[] } | undefined;
  parseXml(bytes, {
    open(name, a) {
      if (name === "p:sp") shapes.push({ kind: "body", paragraphs: [] });
      else if (name === "p:ph") {
        const shape = shapes.at(-1);
        const type = a["type"] ?? "body";
        if (shape) shape.kind = type === "title" || type === "ctrTitle" ? "title" : BOILERPLATE.has(type) || (notes && type !== "body") ? "skip" : "body";
      } else if (name === "a:tbl") table = { rows: [], row: [], cell: [] };
      else if (name === "a:tr" && table) table.row = [];
      else if (name === "a:tc" && table) table.cell = [];
      else if (name === "a:p") paragraph = { text: "", level: 0 };
      else if (name === "a:pPr" && paragraph) paragraph.level = Math.min(Number(a["lvl"] ?? 0) || 0, 8);
      else if (name === "a:t") inText = true;
      else if (name === "a:br" && paragraph) paragraph.text += "\n";
    },
    close(name) {
      if (name === "a:t") inText = false;
      else if (name === "a:p" && paragraph) {
        const text = paragraph.text.trim();
        const level = paragraph.level;
        paragraph = undefined;
        if (text === "") return;
        if (table) table.cell.push(text);
        else shapes.at(-1)?.paragraphs.push(level > 0 ? `${"  ".repeat(level - 1)}- ${text}` : text);
      } else if (name === "a:tc" && table) table.row.push(table.cell.join(" <br> "));
      else if (name === "a:tr" && table) table.rows.push(table.row);
      else if (name === "a:tbl" && table) {
        if (table.rows.length > 0) result.blocks.push(markdownTable(table.rows));
        table = undefined;
      } else if (name === "p:sp") {
        const shape = shapes.pop();
        if (!shape || shape.paragraphs.length === 0 || shape.kind === "skip") return;
        if (shape.kind === "title") result.title.push(shape.paragraphs.join(" "));
        else result.blocks.push(shape.paragraphs.join("\n"));
      }
    },
    text(text) {
      if (inText && paragraph) paragraph.text += text;
    },
  }, { maxDepth: ctx.limits.maxXmlDepth, where });
  return result;
}

export async function readPptx(bytes: Uint8Array, ctx: ReadContext): Promise<void> {
  const pkg = await openOffice(bytes, ctx.label, "pptx", ctx.limits);
  const presentation = await pkg.read("ppt/presentation.xml");
  if (!presentation) {
    ctx.out.note("The presentation has no slide list (ppt/presentation.xml); it may be damaged.");
    return;
  }
  const rels = relationships(await pkg.read(relsPath("ppt/presentation.xml")), "ppt/presentation.xml", ctx.limits.maxXmlDepth);
  const slideIds: string[] = [];
  parseXml(presentation, {
    open(name, a) {
      if (name === "p:sldId" && a["r:id"]) slideIds.push(a["r:id"]);
    },
  }, { maxDepth: ctx.limits.maxXmlDepth, where: `'${ctx.label}' (presentation)` });
  const slides = slideIds.flatMap((id) => rels.get(id)?.target ?? []);
  if (slides.length > ctx.limits.maxSlides) ctx.out.note(`Only the first ${plural(ctx.limits.maxSlides, "slide")} of ${slides.length.toLocaleString("en-US")} are shown.`);
  for (const [index, part] of slides.slice(0, ctx.limits.maxSlides).entries()) {
    const number = index + 1;
    const slideBytes = await pkg.read(part);
    if (!slideBytes) continue;
    const hidden = /<p:sld\b[^>]*\bshow="(0|false)"/.test(new TextDecoder().decode(slideBytes.subarray(0, 2048)));
    const slide = readShapes(slideBytes, ctx, `'${ctx.label}' (slide ${number})`, false);
    const lines = [`## Slide ${number}${slide.title.length > 0 ? `: ${slide.title.join(" / ").replace(/\s*\n\s*/g, " ")}` : ""}${hidden ? " (hidden)" : ""}`, ...slide.blocks];
    const notesPart = [...relationships(await pkg.read(relsPath(part)), part, ctx.limits.maxXmlDepth).values()].find((r) => r.type.endsWith("/notesSlide"));
    const notesBytes = notesPart ? await pkg.read(notesPart.target) : undefined;
    if (notesBytes) {
      const notes = readShapes(notesBytes, ctx, `'${ctx.label}' (notes of slide ${number})`, true);
      if (notes.blocks.length > 0) lines.push(`### Notes\n\n${notes.blocks.join("\n\n")}`);
    }
    if (!ctx.out.push(lines.join("\n\n"))) return;
  }
}
