// Just enough KQL for the simulated searches: free terms and "phrases" (ANDed), property restrictions
// (name:value, name>=value, ...), and parenthesised groups of alternatives joined by OR. Matching is
// case-insensitive and by word start, which is how Microsoft Search treats plain words.

export interface Restriction {
  /** Undefined for a free term. */
  property?: string;
  op: ":" | "=" | ">=" | "<=" | ">" | "<" | "<>";
  value: string;
}

/** One condition: any of its restrictions may hold (a group with OR, or a single restriction). */
export type Clause = Restriction[];

const PROPERTY = /^([A-Za-z][\w.]*)(>=|<=|<>|:|=|>|<)/;

class Reader {
  private at = 0;
  constructor(private readonly text: string) {}

  atEnd(): boolean {
    this.skipSpace();
    return this.at >= this.text.length;
  }

  peek(): string {
    this.skipSpace();
    return this.text[this.at] ?? "";
  }

  take(): string {
    return this.text[this.at++] ?? "";
  }

  private skipSpace(): void {
    while (/\s/.test(this.text[this.at] ?? "")) this.at++;
  }

  value(): string {
    if (this.text[this.at] === '"') {
      const end = this.text.indexOf('"', this.at + 1);
      const stop = end < 0 ? this.text.length : end;
      const phrase = this.text.slice(this.at + 1, stop);
      this.at = stop + 1;
      return phrase;
    }
    const start = this.at;
    while (this.at < this.text.length && !/[\s()]/.test(this.text[this.at] ?? "")) this.at++;
    return this.text.slice(start, this.at);
  }

  restriction(): Restriction {
    this.skipSpace();
    const match = PROPERTY.exec(this.text.slice(this.at));
    if (match?.[1] && match[2]) {
      this.at += match[0].length;
      return { property: match[1].toLowerCase(), op: match[2] as Restriction["op"], value: this.value() };
    }
    return { op: ":", value: this.value() };
  }
}

export function parseKql(query: string): Clause[] {
  const reader = new Reader(query);
  const clauses: Clause[] = [];
  let orNext = false;
  while (!reader.atEnd()) {
    let clause: Clause;
    if (reader.peek() === "(") {
      reader.take();
      clause = [];
      while (!reader.atEnd() && reader.peek() !== ")") {
        const r = reader.restriction();
        if (!(r.property === undefined && r.value === "OR")) clause.push(r);
      }
      reader.take();
    } else {
      const r = reader.restriction();
      if (r.property === undefined && (r.value === "OR" || r.value === "AND")) {
        orNext = r.value === "OR";
        continue;
      }
      clause = [r];
    }
    const previous = clauses[clauses.length - 1];
    if (orNext && previous) previous.push(...clause);
    else if (clause.length) clauses.push(clause);
    orNext = false;
  }
  return clauses.filter((c) => c.some((r) => r.value !== ""));
}

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function wordStart(term: string): RegExp {
  const words = term.trim().split(/\s+/).map(escapeRegex).join("\\s+");
  return new RegExp(`(^|[^\\p{L}\\p{N}])(${words})`, "giu");
}

/** Whether the text holds the term (a word or phrase) at the start of a word, ignoring case. */
export function hasTerm(text: string, term: string): boolean {
  return term.trim() !== "" && wordStart(term).test(text);
}

/** Whether a text contains a value, ignoring case (for names and addresses in from:/to:). */
export const containsText = (text: string | undefined, value: string): boolean => (text ?? "").toLowerCase().includes(value.trim().toLowerCase());

const SNIPPET_BEFORE = 60;
const SNIPPET_LENGTH = 200;

/** A Microsoft Search summary: text around the first match, terms wrapped in <c0>, cuts marked with <ddd/>. */
export function snippet(text: string, terms: readonly string[]): string {
  const flat = text.replace(/\s+/g, " ").trim();
  const positions = terms.map((t) => wordStart(t).exec(flat)).filter((m): m is RegExpExecArray => m !== null).map((m) => m.index + (m[1]?.length ?? 0));
  const first = positions.length ? Math.min(...positions) : 0;
  let start = Math.max(0, first - SNIPPET_BEFORE);
  if (start > 0) start = flat.indexOf(" ", start) + 1 || start;
  let end = Math.min(flat.length, start + SNIPPET_LENGTH);
  if (end < flat.length) end = flat.lastIndexOf(" ", end) > start ? flat.lastIndexOf(" ", end) : end;
  let body = flat.slice(start, end).replace(/</g, " ").replace(/>/g, " ");
  for (const term of terms.filter((t) => t.trim() !== "")) body = body.replace(wordStart(term), (_, lead: string, hit: string) => `${lead}<c0>${hit}</c0>`);
  return `${start > 0 ? "<ddd/>" : ""}${body}${end < flat.length ? "<ddd/>" : ""}`;
}

/** Plain text of HTML, for matching and previews. */
export function textOfHtml(html: string): string {
  return html
    .replace(/<(head|script|style)[^>]*>[\s\S]*?<\/\1>/gi, " ")
    .replace(/<\/(p|div|li|h\d|tr)>|<br\s*\/?>/gi, "\n")
    .replace(/<[^>]+>/g, " ")
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/[ \t]+/g, " ")
    .replace(/\s*\n\s*/g, "\n")
    .trim();
}
