// Small Word, Excel and PowerPoint packages (OOXML) built from plain content, for the sandbox's files.
import { zip } from "./zip.js";

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const P = `xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="${REL}" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"`;

export const escapeXml = (text: string): string => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function rels(list: Array<[id: string, type: string, target: string]>): string {
  const items = list.map(([id, type, target]) => `<Relationship Id="${id}" Type="${REL}/${type}" Target="${target}"/>`).join("");
  return `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${items}</Relationships>`;
}

function contentTypes(overrides: Record<string, string>): string {
  const items = Object.entries(overrides).map(([part, type]) => `<Override PartName="/${part}" ContentType="${type}"/>`).join("");
  return `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>${items}</Types>`;
}

// ---------- Word ----------

export type DocBlock =
  | { title: string }
  | { heading: string; level?: 1 | 2 | 3 }
  | { text: string }
  | { bullet: string; level?: number }
  | { numbered: string }
  | { table: string[][] };

const wParagraph = (text: string, props = ""): string =>
  `<w:p>${props ? `<w:pPr>${props}</w:pPr>` : ""}<w:r><w:t xml:space="preserve">${escapeXml(text)}</w:t></w:r></w:p>`;
const wStyle = (id: string): string => `<w:pStyle w:val="${id}"/>`;
const wList = (numId: number, level: number): string => `<w:numPr><w:ilvl w:val="${level}"/><w:numId w:val="${numId}"/></w:numPr>`;

function wBlock(block: DocBlock): string {
  if ("title" in block) return wParagraph(block.title, wStyle("Title"));
  if ("heading" in block) return wParagraph(block.heading, wStyle(`Heading${block.level ?? 1}`));
  if ("bullet" in block) return wParagraph(block.bullet, wList(1, block.level ?? 0));
  if ("numbered" in block) return wParagraph(block.numbered, wList(2, 0));
  if ("table" in block) return `<w:tbl><w:tblPr/>${block.table.map((r) => `<w:tr>${r.map((c) => `<w:tc>${wParagraph(c)}</w:tc>`).join("")}</w:tr>`).join("")}</w:tbl>`;
  return wParagraph(block.text);
}

const DOCX_STYLES = `${XML}<w:styles ${W}><w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>${[1, 2, 3]
  .map((n) => `<w:style w:type="paragraph" w:styleId="Heading${n}"><w:name w:val="heading ${n}"/><w:pPr><w:outlineLvl w:val="${n - 1}"/></w:pPr></w:style>`)
  .join("")}</w:styles>`;

const DOCX_NUMBERING = `${XML}<w:numbering ${W}><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/></w:lvl><w:lvl w:ilvl="1"><w:numFmt w:val="bullet"/></w:lvl></w:abstractNum><w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num></w:numbering>`;

export function docx(blocks: readonly DocBlock[]): Uint8Array {
  return zip({
    "[Content_Types].xml": contentTypes({ "word/document.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml" }),
    "_rels/.rels": rels([["rId1", "officeDocument", "word/document.xml"]]),
    "word/_rels/document.xml.rels": rels([["rId1", "styles", "styles.xml"], ["rId2", "numbering", "numbering.xml"]]),
    "word/document.xml": `${XML}<w:document ${W}><w:body>${blocks.map(wBlock).join("")}<w:sectPr/></w:body></w:document>`,
    "word/styles.xml": DOCX_STYLES,
    "word/numbering.xml": DOCX_NUMBERING,
  });
}

// ---------- Excel ----------

export interface Sheet {
  name: string;
  rows: ReadonlyArray<ReadonlyArray<string | number>>;
}

const column = (index: number): string => {
  let name = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
};

export function xlsx(sheets: readonly Sheet[]): Uint8Array {
  const strings: string[] = [];
  const stringIndex = (text: string): number => {
    const found = strings.indexOf(text);
    return found >= 0 ? found : strings.push(text) - 1;
  };
  const sheetXml = (sheet: Sheet): string =>
    sheet.rows
      .map((row, r) => {
        const cells = row.map((value, c) => {
          const ref = `${column(c)}${r + 1}`;
          return typeof value === "number" ? `<c r="${ref}"><v>${value}</v></c>` : `<c r="${ref}" t="s"><v>${stringIndex(value)}</v></c>`;
        });
        return `<row r="${r + 1}">${cells.join("")}</row>`;
      })
      .join("");
  const parts: Record<string, string> = {
    "[Content_Types].xml": contentTypes({ "xl/workbook.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml" }),
    "_rels/.rels": rels([["rId1", "officeDocument", "xl/workbook.xml"]]),
    "xl/workbook.xml": `${XML}<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${REL}"><sheets>${sheets.map((s, i) => `<sheet name="${escapeXml(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join("")}</sheets></workbook>`,
    "xl/_rels/workbook.xml.rels": rels([...sheets.map((_, i): [string, string, string] => [`rId${i + 1}`, "worksheet", `worksheets/sheet${i + 1}.xml`]), ["rIdS", "sharedStrings", "sharedStrings.xml"]]),
  };
  sheets.forEach((sheet, i) => {
    parts[`xl/worksheets/sheet${i + 1}.xml`] = `${XML}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${sheetXml(sheet)}</sheetData></worksheet>`;
  });
  parts["xl/sharedStrings.xml"] = `${XML}<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${strings.length}">${strings.map((s) => `<si><t xml:space="preserve">${escapeXml(s)}</t></si>`).join("")}</sst>`;
  return zip(parts);
}

// ---------- PowerPoint ----------

export interface Slide {
  title: string;
  bullets?: ReadonlyArray<string | { text: string; level: number }>;
  notes?: string;
}

function pShape(placeholder: string | undefined, paragraphs: ReadonlyArray<{ text: string; level?: number }>): string {
  const ph = placeholder ? `<p:ph type="${placeholder}"/>` : "";
  const body = paragraphs.map((p) => `<a:p>${p.level ? `<a:pPr lvl="${p.level}"/>` : ""}<a:r><a:t>${escapeXml(p.text)}</a:t></a:r></a:p>`).join("");
  return `<p:sp><p:nvSpPr><p:cNvPr id="2" name="Shape"/><p:cNvSpPr/><p:nvPr>${ph}</p:nvPr></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/>${body}</p:txBody></p:sp>`;
}

export function pptx(slides: readonly Slide[]): Uint8Array {
  const parts: Record<string, string> = {
    "[Content_Types].xml": contentTypes({ "ppt/presentation.xml": "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml" }),
    "_rels/.rels": rels([["rId1", "officeDocument", "ppt/presentation.xml"]]),
    "ppt/presentation.xml": `${XML}<p:presentation ${P}><p:sldIdLst>${slides.map((_, i) => `<p:sldId id="${256 + i}" r:id="rId${i + 1}"/>`).join("")}</p:sldIdLst></p:presentation>`,
    "ppt/_rels/presentation.xml.rels": rels(slides.map((_, i): [string, string, string] => [`rId${i + 1}`, "slide", `slides/slide${i + 1}.xml`])),
  };
  slides.forEach((slide, i) => {
    const file = `slide${i + 1}.xml`;
    const bullets = (slide.bullets ?? []).map((b) => (typeof b === "string" ? { text: b } : b));
    const shapes = pShape(i === 0 ? "ctrTitle" : "title", [{ text: slide.title }]) + (bullets.length ? pShape("body", bullets) : "");
    parts[`ppt/slides/${file}`] = `${XML}<p:sld ${P}><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>${shapes}</p:spTree></p:cSld></p:sld>`;
    if (slide.notes !== undefined) {
      parts[`ppt/slides/_rels/${file}.rels`] = rels([["rId1", "notesSlide", `../notesSlides/notes${file}`]]);
      parts[`ppt/notesSlides/notes${file}`] = `${XML}<p:notes ${P}><p:cSld><p:spTree>${pShape("body", [{ text: slide.notes }])}</p:spTree></p:cSld></p:notes>`;
    }
  });
  return zip(parts);
}
