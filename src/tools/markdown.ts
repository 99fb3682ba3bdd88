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

export function fieldLines(record: Record<string, unknown>, schema: Schema, skip: ReadonlySet<string> = new Set()): string[] {
  const lines: string[] = [];
  for (const [name, value] of Object.entries(record)) {
    if (skip.has(name) || value === undefined || value === null || value === "") continue;
    const label = schema.properties?.[name]?.title ?? name;
    lines.push(`- **${label}**: ${escapeMarkdown(formatValue(value))}`);
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
