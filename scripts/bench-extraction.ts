// Text extraction throughput and peak memory per format, on a ~5 MB generated file of each.
// Each format runs in its own child process, so peak RSS (worker threads included) belongs to that format alone;
// the parent makes the sample and the child only reads it from a file, so the peak is the extraction's, not the
// making of the sample's.
// The machine is shared and noisy, so every row also carries a baseline measured in the same process: UTF-8
// decoding the same bytes. Limits are raised so whole files are read rather than their first pages or rows.
//   npm run bench:extraction            all formats
//   npm run bench:extraction -- pdf     one format
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { closeExtractionWorkers, extractText } from "../src/content/extract.js";
import { docx, pdf, pptx, pShape, pTable, wParagraph, wTable, xlsx } from "./make-fixtures.js";

const TARGET = 5 * 1024 * 1024;
const FORMATS = ["txt", "md", "csv", "json", "xml", "html", "eml", "docx", "xlsx", "pptx", "pdf"] as const;
type Format = (typeof FORMATS)[number];
const UNBOUNDED = { timeoutMs: 300_000, maxSheetRows: 10_000_000, maxSheets: 1000, maxPages: 100_000, maxSlides: 100_000, maxOutputChars: 1_000_000_000 };

let seed = 7;
function random(): number {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
}
const WORDS = ["falcon", "report", "quarter", "budget", "team", "secure", "reading", "sheet", "slide", "page", "north", "south"];
function sentence(words = 12): string {
  return Array.from({ length: words }, () => WORDS[Math.floor(random() * WORDS.length)]).join(" ") + ".";
}
/** Repeats a generator until the joined text reaches the target size. */
function fill(make: (i: number) => string, target = TARGET): string[] {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < target; i++) {
    const part = make(i);
    parts.push(part);
    size += part.length;
  }
  return parts;
}
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

async function build(format: Format): Promise<Uint8Array> {
  switch (format) {
    case "txt": return utf8(fill(() => `${sentence()}\n`).join(""));
    case "md": return utf8(fill((i) => (i % 20 === 0 ? `## Section ${i}\n\n` : `- ${sentence()}\n`)).join(""));
    case "csv": return utf8(fill((i) => `${i},${sentence(4)},${Math.floor(random() * 1e6)}\n`).join(""));
    case "json": return utf8(JSON.stringify(fill((i) => JSON.stringify({ id: i, text: sentence(), score: random() })).map((s) => JSON.parse(s) as unknown)));
    case "xml": return utf8(`<items>${fill((i) => `<item id="${i}"><text>${sentence()}</text></item>`).join("")}</items>`);
    case "html": return utf8(`<html><body>${fill((i) => (i % 10 === 0 ? `<h2>Part ${i}</h2><table><tr><td>${sentence(3)}</td><td>${i}</td></tr></table>` : `<p>${sentence()}</p>`)).join("")}</body></html>`);
    case "eml": return utf8(`From: a@example.com\r\nTo: b@example.com\r\nSubject: Big\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${fill(() => `${sentence()}\r\n`).join("")}`);
    case "docx": return docx(fill((i) => (i % 50 === 49 ? wTable([["a", sentence(2)], ["b", sentence(2)]]) : wParagraph(sentence())), TARGET * 12).join(""));
    case "xlsx": {
      const rows = fill((r) => `<row r="${r + 1}"><c r="A${r + 1}"><v>${Math.floor(random() * 1e6)}</v></c><c r="B${r + 1}" t="inlineStr"><is><t>${sentence(3)}</t></is></c><c r="C${r + 1}"><v>${random().toFixed(6)}</v></c></row>`, TARGET * 6);
      return xlsx([{ name: "Data", xml: rows.join("") }], []);
    }
    case "pptx": {
      const slides = fill(() => pShape("title", [{ text: sentence(4) }]) + pShape(undefined, Array.from({ length: 60 }, () => ({ text: sentence() }))) + pTable([["a", "b"], [sentence(2), sentence(2)]]), TARGET * 3.3);
      return pptx(slides.map((shapes) => ({ shapes, notes: sentence() })));
    }
    case "pdf": return pdf(Array.from({ length: 3400 }, () => Array.from({ length: 40 }, () => sentence(10))));
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

const rssMb = (): number => Math.round(Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"))?.[1]) / 1024);

async function measure(format: Format, path: string): Promise<Record<string, number | string>> {
  const bytes = new Uint8Array(readFileSync(path));
  const startRssMb = rssMb();
  const mb = bytes.byteLength / (1024 * 1024);
  const file = { name: `bench.${format}` };
  await extractText(bytes, file, { limits: UNBOUNDED }); // warms the worker and the readers' modules
  const runs: number[] = [];
  let chars = 0;
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    chars = (await extractText(bytes, file, { limits: UNBOUNDED })).text.length;
    runs.push(performance.now() - start);
  }
  const baselineRuns: number[] = [];
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    new TextDecoder("utf-8").decode(Buffer.from(bytes));
    baselineRuns.push(performance.now() - start);
  }
  await closeExtractionWorkers();
  const ms = median(runs);
  const baselineMs = Math.max(median(baselineRuns), 0.01);
  return { format, sizeMb: Number(mb.toFixed(2)), ms: Math.round(ms), mbPerS: Number((mb / (ms / 1000)).toFixed(1)), baselineMbPerS: Math.round(mb / (baselineMs / 1000)), slowerThanBaseline: Math.round(ms / baselineMs), outputChars: chars, startRssMb, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) };
}

const only = process.argv[2];
if (process.env["BENCH_CHILD"]) {
  console.log(JSON.stringify(await measure(only as Format, process.env["BENCH_CHILD"])));
} else {
  const selected = only ? FORMATS.filter((f) => f === only) : FORMATS;
  const rows: Record<string, number | string>[] = [];
  const dir = mkdtempSync(join(tmpdir(), "m365-bench-extraction-"));
  for (const format of selected) {
    const path = join(dir, `bench.${format}`);
    writeFileSync(path, await build(format));
    const output = execFileSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), format], { env: { ...process.env, BENCH_CHILD: path }, encoding: "utf8", maxBuffer: 1 << 20 });
    const row = JSON.parse(output.trim().split("\n").at(-1) ?? "{}") as Record<string, number | string>;
    rows.push(row);
    console.error(`${format}: done`);
  }
  rmSync(dir, { recursive: true, force: true });
  console.table(rows);
}
