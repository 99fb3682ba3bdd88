// Concise markdown for tool results, labelled by the output schema's titles.

type Schema = { properties?: Record<string, { title?: string }> };

export function formatValue(value: unknown): string {
  if (Array.isArray(value)) return value.map(formatValue).join(", ");
  if (value && typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** Escapes text that would otherwise be read as markdown (titles and snippets come from users' content). */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>#|])/g, "\\$1").replace(/\s+/g, " ").trim();
}

/**
 * A uri or link as code, exactly as read_resource takes it back: never markdown-escaped, which would put
 * backslashes into ids. A backtick cannot end the span: it is written %60, which a uri's ids decode back to it.
 */
export function verbatim(uri: string): string {
  return `\`${uri.replace(/`/g, "%60").replace(/\s/g, encodeURIComponent)}\``;
}

/** Text shown exactly, as a code span whose fence no backtick run in the text can close (one line). */
export function code(text: string): string {
  const line = text.replace(/\s+/g, " ");
  const fence = "`".repeat(Math.max(0, ...[...line.matchAll(/`+/g)].map((m) => m[0].length)) + 1);
  const pad = line.startsWith("`") || line.endsWith("`") ? " " : "";
  return `${fence}${pad}${line}${pad}${fence}`;
}

/**
 * For a search of several words that found nothing: the words went as one phrase (together, in this order), which a
 * model would not guess, so say so and show what was sent. Undefined for a single word or when something was found.
 */
export function phraseHint(query: string | undefined, sent: string, found: number): string | undefined {
  if (found > 0 || query === undefined || query.trim().split(/\s+/).length < 2) return undefined;
  return `The words of \`query\` were searched as one phrase, together and in this order (sent as ${code(sent)}); fewer words, or one of them, may find more.`;
}

const isLink = (value: unknown): value is string => typeof value === "string" && /^(m365|https?):\/\/\S+$/i.test(value);

export function fieldLines(record: Record<string, unknown>, schema: Schema, skip: ReadonlySet<string> = new Set()): string[] {
  const lines: string[] = [];
  for (const [name, value] of Object.entries(record)) {
    if (skip.has(name) || value === undefined || value === null || value === "") continue;
    const label = schema.properties?.[name]?.title ?? name;
    lines.push(`- **${label}**: ${isLink(value) ? verbatim(value) : escapeMarkdown(formatValue(value))}`);
  }
  return lines;
}

/**
 * The last line of a page with more to come: the cursor itself, verbatim, since the model often reads only the text.
 * `how` says what else the next call needs (the same arguments, or nothing).
 */
export function nextPageLine(what: string, nextCursor: string, how = "call again with the same arguments and"): string {
  return `${what}: ${how} \`cursor\`: \`${nextCursor}\``;
}

export function interpolate(template: string, values: Record<string, unknown>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => escapeMarkdown(formatValue(values[name] ?? "")));
}
