// Collects markdown blocks up to the output bound, so extractors can stop early instead of building text nobody reads.

export class Output {
  private readonly blocks: string[] = [];
  private length = 0;
  private cut = false;
  private clipped = false;
  readonly notes: string[] = [];

  constructor(private readonly maxChars: number) {}

  /** Adds a block; false once the bound is reached, which tells the caller to stop. */
  push(block: string): boolean {
    if (this.cut) return false;
    const text = block.trim();
    if (text === "") return true;
    const room = this.maxChars - this.length;
    if (text.length > room) {
      this.blocks.push(text.slice(0, Math.max(0, room)));
      this.length = this.maxChars;
      this.cut = true;
      return false;
    }
    this.blocks.push(text);
    this.length += text.length + 2;
    return true;
  }

  get full(): boolean {
    return this.cut;
  }

  /** Cuts one text that is about to be wrapped (fenced, say) to fit with `reserve` characters to spare. */
  clip(text: string, reserve: number): string {
    const room = this.maxChars - this.length - reserve;
    if (text.length <= room) return text;
    this.clipped = true;
    return text.slice(0, Math.max(0, room));
  }

  note(text: string): void {
    this.notes.push(text);
  }

  /** The markdown, with a note when the bound cut it. */
  text(): string {
    if (this.cut || this.clipped) this.notes.push(`The text was cut at ${this.maxChars.toLocaleString("en-US")} characters; the rest of the file is not shown.`);
    return this.blocks.join("\n\n");
  }
}

/** A markdown fence longer than any backtick run inside the text, so the text cannot close it. */
export function fenced(text: string, language: string): string {
  let longest = 2;
  for (const run of text.matchAll(/`+/g)) longest = Math.max(longest, run[0].length);
  const fence = "`".repeat(longest + 1);
  return `${fence}${language}\n${text.replace(/\n$/, "")}\n${fence}`;
}

const NEEDS_ESCAPING = /[\\|\r\n]/;

function cell(text: string): string {
  // Most cells hold nothing to escape: one test instead of three replacements per cell of a long sheet.
  if (!NEEDS_ESCAPING.test(text)) return text.trim();
  return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\s*[\r\n]+\s*/g, " <br> ").trim();
}

/** A markdown table; the first row is the header, short rows are padded to `width` (by default the widest row's). */
export function markdownTable(rows: readonly (readonly string[])[], width?: number): string {
  // A loop, not Math.max(...rows): a spread of a long sheet's rows overflows the stack.
  let widest = 1;
  if (width === undefined) for (const r of rows) widest = Math.max(widest, r.length);
  const columns = width ?? widest;
  const line = (r: readonly string[]): string => `| ${Array.from({ length: columns }, (_, i) => cell(r[i] ?? "")).join(" | ")} |`;
  const [head = [], ...body] = rows;
  return [line(head), `|${" --- |".repeat(columns)}`, ...body.map(line)].join("\n");
}

export function plural(count: number, word: string): string {
  return `${count.toLocaleString("en-US")} ${word}${count === 1 ? "" : "s"}`;
}
