// Excel: each sheet as a markdown table of its used cells, bounded in rows and columns with a note when cut.
import type { ReadContext } from "./context.js";
import { openOffice } from "./office.js";
import { markdownTable, plural } from "./output.js";
import { parseXml, parseXmlStream, relationships, relsPath } from "./xml.js";

interface SheetRef {
  name: string;
  part: string;
  hidden: boolean;
}

/** Built-in number formats that show dates or times (ECMA-376 18.8.30). */
const DATE_FORMAT_IDS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

function isDateFormat(code: string): boolean {
  // Quoted literals and [colour]/[locale] tags hold letters that are not date parts.
  const bare = code.replace(/"[^"]*"|\[[^\]]*\]|\\./g, "");
  return /[dmyhs]/i.test(bare) && !/^general$/i.test(bare);
}

function readWorkbook(bytes: Uint8Array, ctx: ReadContext): { sheets: { name: string; rid: string; hidden: boolean }[]; date1904: boolean } {
  const sheets: { name: string; rid: string; hidden: boolean }[] = [];
  let date1904 = false;
  parseXml(bytes, {
    open(name, a) {
      if (name === "sheet" && a["r:id"]) sheets.push({ name: a["name"] ?? `Sheet ${sheets.length + 1}`, rid: a["r:id"], hidden: (a["state"] ?? "visible") !== "visible" });
      if (name === "workbookPr" && (a["date1904"] === "1" || a["date1904"] === "true")) date1904 = true;
    },
  }, { maxDepth: ctx.limits.maxXmlDepth, where: `'${ctx.label}' (workbook)` });
  return { sheets, date1904 };
}

function readSharedStrings(bytes: Uint8Array | undefined, ctx: ReadContext): string[] {
  const strings: string[] = [];
  if (!bytes) return strings;
  let current = "";
  let inText = false;
  let phonetic = 0;
  parseXml(bytes, {
    open(name) {
      if (name === "si") current = "";
      else if (name === "t") inText = true;
      else if (name === "rPh") phonetic++;
    },
    close(name) {
      if (name === "si") strings.push(current);
      else if (name === "t") inText = false;
      else if (name === "rPh") phonetic--;
    },
    text(text) {
      if (inText && phonetic === 0) current += text;
    },
  }, { maxDepth: ctx.limits.maxXmlDepth, where: `'${ctx.label}' (shared strings)` });
  return strings;
}

/** Which cell style indexes (the `s` attribute) format numbers as dates. */
function readDateStyles(bytes: Uint8Array | undefined, ctx: ReadContext): Set<number> {
  const dates = new Set<number>();
  if (!bytes) return dates;
  const custom = new Map<number, string>();
  let inCellXfs = false;
  let index = 0;
  parseXml(bytes, {
    open(name, a) {
      if (name === "numFmt") custom.set(Number(a["numFmtId"]), a["formatCode"] ?? "");
      else if (name === "cellXfs") inCellXfs = true;
      else if (name === "xf" && inCellXfs) {
        const id = Number(a["numFmtId"] ?? 0);
        const code = custom.get(id);
        if (code !== undefined ? isDateFormat(code) : DATE_FORMAT_IDS.has(id)) dates.add(index);
        index++;
      }
    },
    close(name) {
      if (name === "cellXfs") inCellXfs = false;
    },
  }, { maxDepth: ctx.limits.maxXmlDepth, where: `'${ctx.label}' (styles)` });
  return dates;
}

/** The zero-based column of a cell reference ("B7" is 1), from its leading letters; undefined without any. */
function columnIndex(ref: string | undefined): number | undefined {
  if (ref === undefined) return undefined;
  let index = 0;
  let at = 0;
  for (; at < ref.length; at++) {
    // A-Z, or a-z folded to it: the one loop runs for every cell of a sheet.
    const code = ref.charCodeAt(at) & ~0x20;
    if (code < 65 || code > 90) break;
    index = index * 26 + code - 64;
  }
  return at === 0 ? undefined : index - 1;
}

/** A plain decimal of at most 15 digits, not so small that JavaScript would print it with an exponent. */
const PLAIN_DECIMAL = /^-?(?:[1-9]\d*(?:\.\d*[1-9])?|0\.0{0,5}[1-9](?:\d*[1-9])?)$/;

/** A cell's number as Excel shows it at most: 15 significant digits, and no float noise (0.1 + 0.2). */
export function formatNumber(raw: string): string {
  // Most cells hold such a decimal already, which is its own shortest form: skip the float round trip.
  if (raw.length <= 16 && PLAIN_DECIMAL.test(raw) && raw.replace(/[-.]/g, "").replace(/^0+/, "").length <= 15) return raw;
  const value = Number(raw);
  return Number.isFinite(value) ? String(Number(value.toPrecision(15))) : raw;
}

function formatDate(raw: string, date1904: boolean): string {
  const serial = Number(raw);
  if (!Number.isFinite(serial)) return raw;
  // Serial 1 is 1900-01-01 in the 1900 system, which counts a non-existent 1900-02-29 (serial 60).
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, serial < 61 ? 31 : 30);
  const ms = Math.round((serial * 86_400_000) / 1000) * 1000;
  const iso = new Date(epoch + ms).toISOString();
  if (serial < 1) return iso.slice(11, 19);
  return Number.isInteger(serial) ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

interface SheetData {
  rows: string[][];
  totalRows: number;
  totalColumns: number;
}

async function readSheet(part: AsyncIterable<Uint8Array>, sheet: SheetRef, ctx: ReadContext, strings: string[], dateStyles: Set<number>, date1904: boolean): Promise<SheetData> {
  const { maxSheetRows, maxSheetColumns } = ctx.limits;
  const rows: string[][] = [];
  let totalRows = 0;
  let totalColumns = 0;
  let row: string[] = [];
  let rowHasValue = false;
  let nextColumn = 0;
  let cell: { column: number; type: string; style: number; value: string; inline: string } | undefined;
  let capture: "v" | "t" | undefined;
  await parseXmlStream(part, {
    open(name, a) {
      if (name === "row") {
        row = [];
        rowHasValue = false;
        nextColumn = 0;
      } else if (name === "c") {
        const column = columnIndex(a["r"]) ?? nextColumn;
        nextColumn = column + 1;
        cell = { column, type: a["t"] ?? "n", style: Number(a["s"] ?? -1), value: "", inline: "" };
      } else if (cell && name === "v") capture = "v";
      else if (cell && name === "t") capture = "t";
    },
    close(name) {
      if (name === "v" || name === "t") capture = undefined;
      else if (name === "c" && cell) {
        const { column, type, style, value, inline } = cell;
        cell = undefined;
        let text: string;
        if (type === "s") text = strings[Number(value)] ?? "";
        else if (type === "inlineStr") text = inline;
        else if (type === "b") text = value === "1" ? "TRUE" : value === "0" ? "FALSE" : value;
        else if (type === "str" || type === "e") text = value;
        else if (value !== "" && dateStyles.has(style)) text = formatDate(value, date1904);
        else text = value === "" ? "" : formatNumber(value);
        if (text === "") return;
        rowHasValue = true;
        totalColumns = Math.max(totalColumns, column + 1);
        if (column < maxSheetColumns && totalRows < maxSheetRows) row[column] = text;
      } else if (name === "row" && rowHasValue) {
        if (totalRows < maxSheetRows) rows.push(row);
        totalRows++;
      }
    },
    text(text) {
      if (!cell) return;
      if (capture === "v") cell.value += text;
      else if (capture === "t") cell.inline += text;
    },
  }, { maxDepth: ctx.limits.maxXmlDepth, where: `'${ctx.label}' (sheet '${sheet.name}')` });
  return { rows, totalRows, totalColumns };
}

export async function readXlsx(bytes: Uint8Array, ctx: ReadContext): Promise<void> {
  const pkg = await openOffice(bytes, ctx.label, "xlsx", ctx.limits);
  const workbookBytes = await pkg.read("xl/workbook.xml");
  if (!workbookBytes) {
    ctx.out.note("The workbook has no sheet list (xl/workbook.xml); it may be damaged.");
    return;
  }
  const workbook = readWorkbook(workbookBytes, ctx);
  const rels = relationships(await pkg.read(relsPath("xl/workbook.xml")), "xl/workbook.xml", ctx.limits.maxXmlDepth);
  const strings = readSharedStrings(await pkg.read("xl/sharedStrings.xml"), ctx);
  const dateStyles = readDateStyles(await pkg.read("xl/styles.xml"), ctx);
  const sheets = workbook.sheets.flatMap((s): SheetRef[] => {
    const rel = rels.get(s.rid);
    return rel && /\/worksheet$/.test(rel.type) ? [{ name: s.name, part: rel.target, hidden: s.hidden }] : [];
  });
  if (sheets.length > ctx.limits.maxSheets) {
    ctx.out.note(`Only the first ${ctx.limits.maxSheets} of ${sheets.length} sheets are shown.`);
  }
  for (const sheet of sheets.slice(0, ctx.limits.maxSheets)) {
    const part = pkg.stream(sheet.part);
    const heading = `## Sheet: ${sheet.name}${sheet.hidden ? " (hidden)" : ""}`;
    if (!part) {
      ctx.out.push(`${heading}\n\n(The sheet's data is missing from the file.)`);
      continue;
    }
    const data = await readSheet(part, sheet, ctx, strings, dateStyles, workbook.date1904);
    const columns = Math.min(data.totalColumns, ctx.limits.maxSheetColumns);
    const body = data.rows.length === 0 ? "(empty sheet)" : markdownTable(data.rows, columns);
    if (!ctx.out.push(`${heading}\n\n${body}`)) return;
    if (data.totalRows > ctx.limits.maxSheetRows) ctx.out.note(`Sheet '${sheet.name}' was truncated to the first ${plural(ctx.limits.maxSheetRows, "row")} of ${data.totalRows.toLocaleString("en-US")}.`);
    if (data.totalColumns > ctx.limits.maxSheetColumns) ctx.out.note(`Sheet '${sheet.name}' was truncated to the first ${plural(ctx.limits.maxSheetColumns, "column")} of ${data.totalColumns.toLocaleString("en-US")}.`);
  }
}
