// Writes test/fixtures/files/*: one sample per readable format with known text, plus hostile files (ZIP bombs,
// encrypted and damaged files, huge sheets, deep XML, a PDF with 1,200 pages). Deterministic: run it again and
// the bytes are the same. The builders are exported for scripts/bench-extraction.ts.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { zipSync, type Zippable } from "fflate";
import { PDFDocument, PDFName, StandardFonts } from "pdf-lib";

const OUT = join(dirname(fileURLToPath(import.meta.url)), "..", "test", "fixtures", "files");
/** ZIP timestamps are DOS local time; a fixed instant read in UTC keeps the bytes the same everywhere. */
const MTIME = new Date("2024-01-01T00:00:00Z");
process.env["TZ"] = "UTC";

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const esc = (text: string): string => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export function zip(parts: Record<string, string | Uint8Array>): Uint8Array {
  const files: Zippable = {};
  for (const [name, content] of Object.entries(parts)) files[name] = [typeof content === "string" ? utf8(content) : content, { mtime: MTIME, level: 6 }];
  return zipSync(files);
}

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';

function rels(list: [id: string, type: string, target: string][]): string {
  return `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${list.map(([id, type, target]) => `<Relationship Id="${id}" Type="${REL}/${type}" Target="${target}"/>`).join("")}</Relationships>`;
}

function contentTypes(overrides: Record<string, string>): string {
  return `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>${Object.entries(overrides).map(([part, type]) => `<Override PartName="/${part}" ContentType="${type}"/>`).join("")}</Types>`;
}

// ---------- Word ----------

export const wParagraph = (text: string, props = ""): string => `<w:p>${props ? `<w:pPr>${props}</w:pPr>` : ""}<w:r><w:t xml:space="preserve">${esc(text)}</w:t></w:r></w:p>`;
const wStyle = (id: string): string => `<w:pStyle w:val="${id}"/>`;
const wList = (numId: number, level: number): string => `<w:numPr><w:ilvl w:val="${level}"/><w:numId w:val="${numId}"/></w:numPr>`;
export const wTable = (rows: string[][]): string => `<w:tbl><w:tblPr/>${rows.map((r) => `<w:tr>${r.map((c) => `<w:tc>${wParagraph(c)}</w:tc>`).join("")}</w:tr>`).join("")}</w:tbl>`;

const DOCX_STYLES = `${XML}<w:styles ${W}>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="berschrift2"><w:name w:val="heading 2"/></w:style>
<w:style w:type="paragraph" w:styleId="Quote"><w:name w:val="Quote"/></w:style>
</w:styles>`;

const DOCX_NUMBERING = `${XML}<w:numbering ${W}>
<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/></w:lvl><w:lvl w:ilvl="1"><w:numFmt w:val="bullet"/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
</w:numbering>`;

export function docx(body: string): Uint8Array {
  return zip({
    "[Content_Types].xml": contentTypes({ "word/document.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml" }),
    "_rels/.rels": rels([["rId1", "officeDocument", "word/document.xml"]]),
    "word/_rels/document.xml.rels": rels([["rId1", "styles", "styles.xml"], ["rId2", "numbering", "numbering.xml"]]),
    "word/document.xml": `${XML}<w:document ${W} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>${body}<w:sectPr/></w:body></w:document>`,
    "word/styles.xml": DOCX_STYLES,
    "word/numbering.xml": DOCX_NUMBERING,
  });
}

function sampleDocx(): Uint8Array {
  return docx([
    wParagraph("Project Falcon", wStyle("Title")),
    wParagraph("Overview", wStyle("Heading1")),
    wParagraph("The falcon project delivers secure file reading for the assistant."),
    `<w:p><w:r><w:t>Kept text</w:t></w:r><w:del w:id="1" w:author="A"><w:r><w:delText>DELETED TEXT</w:delText></w:r></w:del><w:r><w:tab/><w:t>after a tab</w:t><w:br/><w:t>and a line break.</w:t></w:r></w:p>`,
    wParagraph("Goals", wStyle("berschrift2")),
    wParagraph("Read Word documents", wList(1, 0)),
    wParagraph("Read Excel workbooks", wList(1, 0)),
    wParagraph("Including hidden sheets", wList(1, 1)),
    wParagraph("First step", wList(2, 0)),
    wParagraph("Second step", wList(2, 0)),
    wTable([["Name", "Role"], ["Ada", "Engineer"], ["Grace", "Rear | Admiral"]]),
    wParagraph("Closing words are quoted.", wStyle("Quote")),
  ].join(""));
}

// ---------- Excel ----------

export function xlsx(sheets: { name: string; xml: string; hidden?: boolean }[], sharedStrings: string[], styles = ""): Uint8Array {
  const parts: Record<string, string> = {
    "[Content_Types].xml": contentTypes({ "xl/workbook.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml" }),
    "_rels/.rels": rels([["rId1", "officeDocument", "xl/workbook.xml"]]),
    "xl/workbook.xml": `${XML}<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${REL}"><sheets>${sheets.map((s, i) => `<sheet name="${esc(s.name)}" sheetId="${i + 1}"${s.hidden ? ' state="hidden"' : ""} r:id="rId${i + 1}"/>`).join("")}</sheets></workbook>`,
    "xl/_rels/workbook.xml.rels": rels([...sheets.map((_, i): [string, string, string] => [`rId${i + 1}`, "worksheet", `worksheets/sheet${i + 1}.xml`]), ["rIdS", "sharedStrings", "sharedStrings.xml"], ["rIdT", "styles", "styles.xml"]]),
    "xl/sharedStrings.xml": `${XML}<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${sharedStrings.length}">${sharedStrings.map((s) => `<si><t xml:space="preserve">${esc(s)}</t></si>`).join("")}</sst>`,
    "xl/styles.xml": `${XML}<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${styles}</styleSheet>`,
  };
  sheets.forEach((s, i) => { parts[`xl/worksheets/sheet${i + 1}.xml`] = `${XML}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${s.xml}</sheetData></worksheet>`; });
  return zip(parts);
}

function sampleXlsx(): Uint8Array {
  const strings = ["Name", "Amount", "Joined", "Active", "Ada", "Grace", "Pipe | inside"];
  const styles = '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/></numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="14"/></cellXfs>';
  const data = [
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>',
    '<row r="2"><c r="A2" t="s"><v>4</v></c><c r="B2"><v>1200.5</v></c><c r="C2" s="1"><v>45292</v></c><c r="D2" t="b"><v>1</v></c></row>',
    '<row r="3"><c r="A3" t="s"><v>5</v></c><c r="B3"><v>0.30000000000000004</v></c><c r="C3" s="2"><v>45337.5</v></c><c r="D3" t="b"><v>0</v></c></row>',
    '<row r="5"><c r="A5" t="inlineStr"><is><t>Inline total</t></is></c><c r="B5"><f>SUM(B2:B3)</f><v>1200.8</v></c><c r="D5" t="s"><v>6</v></c></row>',
  ].join("");
  return xlsx([{ name: "Data", xml: data }, { name: "Secret", xml: '<row r="1"><c r="A1" t="inlineStr"><is><t>Hidden value</t></is></c></row>', hidden: true }], strings, styles);
}

/** 100,000 rows of small random numbers: 4.7 MB of XML in about 120 KB (a ratio near 40, under the bomb limit). */
function hugeXlsx(): Uint8Array {
  let seed = 42;
  const random = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const rows: string[] = [];
  for (let r = 1; r <= 100_000; r++) rows.push(`<row><c><v>${Math.floor(random() * 16)}</v></c><c t="s"><v>0</v></c></row>`);
  const wide = Array.from({ length: 3 }, (_, r) => `<row r="${r + 1}">${Array.from({ length: 60 }, (_, c) => `<c t="inlineStr"><is><t>R${r + 1}C${c + 1}</t></is></c>`).join("")}</row>`).join("");
  return xlsx([{ name: "Big", xml: rows.join("") }, { name: "Wide", xml: wide }], ["Row"]);
}

// ---------- PowerPoint ----------

const P = `xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="${REL}" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"`;

export function pShape(placeholder: string | undefined, paragraphs: { text: string; level?: number }[]): string {
  const ph = placeholder ? `<p:ph type="${placeholder}"/>` : "";
  return `<p:sp><p:nvSpPr><p:cNvPr id="2" name="Shape"/><p:cNvSpPr/><p:nvPr>${ph}</p:nvPr></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/>${paragraphs.map((p) => `<a:p>${p.level ? `<a:pPr lvl="${p.level}"/>` : ""}<a:r><a:t>${esc(p.text)}</a:t></a:r></a:p>`).join("")}</p:txBody></p:sp>`;
}

export function pTable(rows: string[][]): string {
  return `<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="9" name="Table"/><p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr><p:xfrm/><a:graphic><a:graphicData><a:tbl>${rows.map((r) => `<a:tr h="0">${r.map((c) => `<a:tc><a:txBody><a:bodyPr/><a:p><a:r><a:t>${esc(c)}</a:t></a:r></a:p></a:txBody></a:tc>`).join("")}</a:tr>`).join("")}</a:tbl></a:graphicData></a:graphic></p:graphicFrame>`;
}

export function pptx(slides: { shapes: string; notes?: string; hidden?: boolean }[]): Uint8Array {
  const parts: Record<string, string> = {
    "[Content_Types].xml": contentTypes({ "ppt/presentation.xml": "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml" }),
    "_rels/.rels": rels([["rId1", "officeDocument", "ppt/presentation.xml"]]),
    // Listed in reverse part order on purpose: the order of sldIdLst, not the part names, is the slide order.
    "ppt/presentation.xml": `${XML}<p:presentation ${P}><p:sldIdLst>${slides.map((_, i) => `<p:sldId id="${256 + i}" r:id="rId${i + 1}"/>`).join("")}</p:sldIdLst></p:presentation>`,
    "ppt/_rels/presentation.xml.rels": rels(slides.map((_, i): [string, string, string] => [`rId${i + 1}`, "slide", `slides/slide${slides.length - i}.xml`])),
  };
  slides.forEach((slide, i) => {
    const file = `slide${slides.length - i}.xml`;
    parts[`ppt/slides/${file}`] = `${XML}<p:sld ${P}${slide.hidden ? ' show="0"' : ""}><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>${slide.shapes}</p:spTree></p:cSld></p:sld>`;
    if (slide.notes !== undefined) {
      parts[`ppt/slides/_rels/${file}.rels`] = rels([["rId1", "notesSlide", `../notesSlides/notes${file}`]]);
      parts[`ppt/notesSlides/notes${file}`] = `${XML}<p:notes ${P}><p:cSld><p:spTree>${pShape("sldImg", [])}${pShape("body", [{ text: slide.notes }])}${pShape("sldNum", [{ text: "1" }])}</p:spTree></p:cSld></p:notes>`;
    }
  });
  return zip(parts);
}

function samplePptx(): Uint8Array {
  return pptx([
    { shapes: pShape("ctrTitle", [{ text: "Falcon Kickoff" }]) + pShape("subTitle", [{ text: "Secure reading for everyone" }]), notes: "Remember to thank the team." },
    { shapes: pShape("title", [{ text: "Plan" }]) + pShape(undefined, [{ text: "Phase one" }, { text: "Build the readers", level: 1 }, { text: "Phase two" }]) + pTable([["Quarter", "Goal"], ["Q1", "Docx"], ["Q2", "Pdf"]]) + pShape("sldNum", [{ text: "2" }]) },
    { shapes: pShape("title", [{ text: "Backup slide" }]), hidden: true },
  ]);
}

// ---------- PDF ----------

const FIXED_DATE = new Date("2024-01-01T00:00:00Z");

export async function pdf(pages: string[][]): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const lines of pages) {
    const page = doc.addPage([595, 842]);
    lines.forEach((line, i) => { page.drawText(line, { x: 50, y: 780 - i * 18, size: 12, font }); });
  }
  doc.setCreationDate(FIXED_DATE);
  doc.setModificationDate(FIXED_DATE);
  return doc.save();
}

async function samplePdf(): Promise<Uint8Array> {
  return pdf([
    ["Falcon Annual Report", "The first page introduces the report."],
    ["Second page text."],
    ["The third page mentions zebras."],
  ]);
}

/** 1,200 pages sharing one content stream, so the file stays small. */
async function manyPagesPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const first = doc.addPage([200, 200]);
  first.drawText("Same text on every page.", { x: 10, y: 100, size: 10, font });
  const contents = first.node.get(PDFName.of("Contents"));
  const resources = first.node.get(PDFName.of("Resources"));
  for (let i = 1; i < 1200; i++) {
    const page = doc.addPage([200, 200]);
    if (contents) page.node.set(PDFName.of("Contents"), contents);
    if (resources) page.node.set(PDFName.of("Resources"), resources);
  }
  doc.setCreationDate(FIXED_DATE);
  doc.setModificationDate(FIXED_DATE);
  return doc.save({ useObjectStreams: true });
}

/** A minimal PDF whose /Encrypt dictionary needs a user password (the empty one does not match /U). */
function encryptedPdf(): Uint8Array {
  const hex = (seed: number): string => Array.from({ length: 32 }, (_, i) => ((seed * 31 + i * 17) % 256).toString(16).padStart(2, "0")).join("");
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    `<< /Filter /Standard /V 1 /R 2 /O <${hex(3)}> /U <${hex(7)}> /P -44 >>`,
  ];
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Encrypt 4 0 R /ID [<${hex(1).slice(0, 32)}> <${hex(1).slice(0, 32)}>] >>\nstartxref\n${xref}\n%%EOF\n`;
  return utf8(body);
}

// ---------- Hostile containers ----------

/** An OLE compound file (what Office writes for encrypted documents) holding two 4 KiB streams. */
function compoundFile(streamNames: [string, string]): Uint8Array {
  const sector = 512;
  const streamSectors = 8; // 4096 bytes each, at the mini-stream cutoff, so they live in regular sectors
  const total = 2 + 2 * streamSectors;
  const bytes = new Uint8Array(sector * (1 + total));
  const view = new DataView(bytes.buffer);
  const END = 0xfffffffe;
  const FREE = 0xffffffff;
  bytes.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  view.setUint16(0x18, 0x3e, true);
  view.setUint16(0x1a, 3, true);
  view.setUint16(0x1c, 0xfffe, true);
  view.setUint16(0x1e, 9, true);
  view.setUint16(0x20, 6, true);
  view.setUint32(0x2c, 1, true); // FAT sectors
  view.setUint32(0x30, 1, true); // first directory sector
  view.setUint32(0x38, 4096, true);
  view.setUint32(0x3c, END, true);
  view.setUint32(0x44, END, true);
  view.setUint32(0x4c, 0, true); // DIFAT[0]: the FAT is sector 0
  for (let i = 1; i < 109; i++) view.setUint32(0x4c + i * 4, FREE, true);
  const at = (sectorIndex: number): number => sector * (1 + sectorIndex);
  for (let i = 0; i < sector / 4; i++) view.setUint32(at(0) + i * 4, FREE, true);
  view.setUint32(at(0), 0xfffffffd, true);
  view.setUint32(at(0) + 4, END, true);
  for (let s = 0; s < 2; s++) {
    const first = 2 + s * streamSectors;
    for (let k = 0; k < streamSectors; k++) view.setUint32(at(0) + (first + k) * 4, k === streamSectors - 1 ? END : first + k + 1, true);
  }
  const entry = (index: number, name: string, type: number, child: number, right: number, start: number, size: number): void => {
    const base = at(1) + index * 128;
    for (let i = 0; i < name.length; i++) view.setUint16(base + i * 2, name.charCodeAt(i), true);
    view.setUint16(base + 0x40, (name.length + 1) * 2, true);
    bytes[base + 0x42] = type;
    bytes[base + 0x43] = 1;
    view.setUint32(base + 0x44, FREE, true);
    view.setUint32(base + 0x48, right, true);
    view.setUint32(base + 0x4c, child, true);
    view.setUint32(base + 0x74, start, true);
    view.setUint32(base + 0x78, size, true);
  };
  entry(0, "Root Entry", 5, 1, FREE, END, 0);
  entry(1, streamNames[0], 2, FREE, 2, 2, 4096);
  entry(2, streamNames[1], 2, FREE, FREE, 2 + streamSectors, 4096);
  for (let i = at(2); i < bytes.length; i++) bytes[i] = (i * 7919) % 251;
  return bytes;
}

/** A document.xml of 20 MB of one letter: about 20 KB compressed, a ratio near 1,000. */
function bombDocx(): Uint8Array {
  return docx(`<w:p><w:r><w:t>${"a".repeat(20 * 1024 * 1024)}</w:t></w:r></w:p>`);
}

/** Headers claim document.xml inflates to 1,000 bytes; it really inflates to 3 MB. */
function lyingDocx(): Uint8Array {
  const name = utf8("word/document.xml");
  const bytes = docx(`<w:p><w:r><w:t>${"lie ".repeat(750_000)}</w:t></w:r></w:p>`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const matches = (offset: number): boolean => name.every((b, i) => bytes[offset + i] === b);
  for (let i = 0; i + 46 < bytes.length; i++) {
    const signature = view.getUint32(i, true);
    if (signature === 0x04034b50 && matches(i + 30)) view.setUint32(i + 22, 1000, true);
    if (signature === 0x02014b50 && matches(i + 46)) view.setUint32(i + 24, 1000, true);
  }
  return bytes;
}

function deepDocx(): Uint8Array {
  const depth = 20_000; // 880 KB of XML: under the size where the ratio check applies, so the depth check is what stops it
  return docx(`${"<w:sdt><w:sdtContent>".repeat(depth)}${wParagraph("deep")}${"</w:sdtContent></w:sdt>".repeat(depth)}`);
}

// ---------- Text formats ----------

const SAMPLE_HTML = `<!doctype html><html><head><meta charset="utf-8"><title>Falcon page</title><style>p { color: red; }</style><script>alert("no");</script></head>
<body><h1>Falcon Handbook</h1><p>Welcome to the <b>falcon</b> handbook &amp; guide.</p>
<h2>Steps</h2><ul><li>Open the file</li><li>Read the text</li></ul>
<table><thead><tr><th>City</th><th>Team</th></tr></thead><tbody><tr><td>Oslo</td><td>North</td></tr><tr><td>Lima</td><td>South</td></tr></tbody></table>
<p>Visit <a href="https://example.com/falcon">the falcon site</a>.</p></body></html>`;

const SAMPLE_EML = [
  "From: Ada Lovelace <ada@example.com>",
  "To: Grace Hopper <grace@example.com>",
  "Subject: Falcon status =?UTF-8?Q?=E2=9C=93?=",
  "Date: Mon, 01 Jan 2024 09:30:00 +0000",
  "MIME-Version: 1.0",
  'Content-Type: multipart/mixed; boundary="b1"',
  "",
  "--b1",
  'Content-Type: text/plain; charset="utf-8"',
  "Content-Transfer-Encoding: quoted-printable",
  "",
  "Hello Grace,=0A=0AThe falcon readers are done. Caf=C3=A9 at noon?",
  "--b1",
  'Content-Type: text/csv; name="numbers.csv"',
  'Content-Disposition: attachment; filename="numbers.csv"',
  "",
  "a,b",
  "--b1--",
  "",
].join("\r\n");

export async function fixtures(): Promise<Record<string, Uint8Array>> {
  const utf16le = (text: string): Uint8Array => new Uint8Array([0xff, 0xfe, ...Buffer.from(text, "utf16le")]);
  const sample = sampleDocx();
  return {
    "sample.docx": sample,
    "sample.xlsx": sampleXlsx(),
    "sample.pptx": samplePptx(),
    "sample.pdf": await samplePdf(),
    "sample.html": utf8(SAMPLE_HTML),
    "sample.txt": utf8("Plain text about falcons.\r\nSecond line with ümlauts.\n"),
    "sample-utf16.txt": utf16le("UTF-16 text with a BOM: Grüße.\n"),
    "sample-utf16-nobom.txt": Buffer.from("No BOM but UTF-16LE: Grüße.\n", "utf16le"),
    "sample-cp1252.txt": new Uint8Array([...utf8("Caf"), 0xe9, ...utf8(" cr"), 0xe8, ...utf8("me costs 3"), 0x80, 0x0a]),
    "sample.md": utf8("# Falcon notes\n\n- keep *markdown* as it is\n"),
    "sample.csv": utf8('Name,Comment,Score\nAda,"Likes commas, and ""quotes""",10\nGrace,Pipes | here,9\n'),
    "sample-semicolon.csv": utf8("Stadt;Einwohner\nBerlin;3850809\nKöln;1084831\n"),
    "sample.json": utf8('{"project":"falcon","tags":["secure","fast"],"nested":{"level":2}}'),
    "sample.xml": utf8('<?xml version="1.0" encoding="UTF-8"?>\n<catalog><book id="1"><title>Falcon Field Guide</title></book></catalog>\n'),
    "sample.eml": utf8(SAMPLE_EML),
    "bomb.docx": bombDocx(),
    "lying-header.docx": lyingDocx(),
    "deep.docx": deepDocx(),
    "truncated.docx": sample.subarray(0, Math.floor(sample.length / 2)),
    "encrypted.docx": compoundFile(["EncryptionInfo", "EncryptedPackage"]),
    "legacy.docx": compoundFile(["WordDocument", "1Table"]),
    "not-a-zip.xlsx": utf8("Name,Score\nAda,10\n"),
    "huge.xlsx": hugeXlsx(),
    "many-pages.pdf": await manyPagesPdf(),
    "encrypted.pdf": encryptedPdf(),
    "corrupted.pdf": utf8("%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R\n%% the rest of this file was lost in transfer\n\x00\x01\x02garbage"),
    "not-a-pdf.pdf": utf8("<html><body>This is a web page saved with a .pdf name.</body></html>"),
    "bad.json": utf8('{"unterminated": [1, 2'),
  };
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  for (const [name, bytes] of Object.entries(await fixtures())) {
    writeFileSync(join(OUT, name), bytes);
    console.log(`${name.padEnd(24)} ${bytes.length.toLocaleString("en-US").padStart(9)} bytes`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
