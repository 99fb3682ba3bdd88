// CSV and TSV as a markdown table (the first row as the header), bounded like a sheet; the separator is guessed.
import { parse } from "csv-parse/sync";
import type { ReadContext } from "./context.js";
import { fenced, markdownTable, plural } from "./output.js";
import { decodeInto } from "./plain.js";

/** The candidate that occurs most on the first line, outside quotes; Excel in many locales writes ";". */
function guessDelimiter(text: string): string {
  const firstLine = (text.split("\n", 1)[0] ?? "").replace(/"[^"]*"/g, "");
  let best = ",";
  let bestCount = 0;
  for (const candidate of [",", ";", "\t", "|"]) {
    const count = firstLine.split(candidate).length - 1;
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}

export function readCsv(bytes: Uint8Array, ctx: ReadContext): Promise<void> {
  const text = decodeInto(bytes, ctx);
  const { maxSheetRows, maxSheetColumns } = ctx.limits;
  let totalRows = 0;
  let totalColumns = 0;
  let rows: string[][];
  try {
    rows = parse(text, {
      delimiter: guessDelimiter(text),
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      // Counts every record but keeps only the ones shown, so a huge file costs time, not memory.
      on_record: (record: string[]) => {
        totalRows++;
        totalColumns = Math.max(totalColumns, record.length);
        return totalRows <= maxSheetRows ? record.slice(0, maxSheetColumns) : null;
      },
    });
  } catch {
    ctx.out.note("The file is not well-formed CSV (for example, a quote is never closed), so it is shown as plain text.");
    ctx.out.push(fenced(ctx.out.clip(text, 40), "csv"));
    return Promise.resolve();
  }
  ctx.out.push(rows.length === 0 ? "(empty file)" : markdownTable(rows));
  if (totalRows > maxSheetRows) ctx.out.note(`The table was truncated to the first ${plural(maxSheetRows, "row")} of ${totalRows.toLocaleString("en-US")}.`);
  if (totalColumns > maxSheetColumns) ctx.out.note(`The table was truncated to the first ${plural(maxSheetColumns, "column")} of ${totalColumns.toLocaleString("en-US")}.`);
  return Promise.resolve();
}
