// Keeps the README's generated sections in step with the spec.
import type { ToolSpec } from "./spec.js";

const firstSentence = (text: string): string => (/^[^.]*\./.exec(text.replace(/\s+/g, " ").trim())?.[0] ?? text).trim();

export function toolsTable(tools: ToolSpec[]): string {
  const rows = tools.map((t) => `| \`${t.name}\` | ${firstSentence(t.description)} | ${t.scopes.map((set) => set.join(" + ")).join(" or ")} |`);
  return ["| Tool | What it does | Delegated permissions (any of) |", "| --- | --- | --- |", ...rows].join("\n");
}

export function replaceSection(readme: string, name: string, body: string): string {
  const start = `<!-- BEGIN GENERATED: ${name} -->`;
  const end = `<!-- END GENERATED: ${name} -->`;
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md has no ${start} … ${end} section`);
  return `${readme.slice(0, from + start.length)}\n${body}\n${readme.slice(to)}`;
}
