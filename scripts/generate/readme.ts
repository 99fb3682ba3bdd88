// Keeps the README's generated sections in step with the spec and the settings schema.
import { SETTINGS } from "../../src/config/schema.js";
import type { ToolSpec } from "./spec.js";

const firstSentence = (text: string): string => (/^[^.]*\./.exec(text.replace(/\s+/g, " ").trim())?.[0] ?? text).trim();

export function toolsTable(tools: ToolSpec[]): string {
  const rows = tools.map((t) => `| \`${t.name}\` | ${firstSentence(t.description)} | ${t.scopes.map((set) => set.join(" + ")).join(" or ")} |`);
  return ["| Tool | What it does | Delegated permissions (any of) |", "| --- | --- | --- |", ...rows].join("\n");
}

/** Every delegated Graph permission the tools use, with the tools that use it. */
export function permissionsTable(tools: ToolSpec[]): string {
  const users = new Map<string, Set<string>>();
  for (const tool of tools) for (const scope of tool.scopes.flat()) users.set(scope, (users.get(scope) ?? new Set()).add(tool.name));
  const rows = [...users.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([scope, names]) => `| ${scope} | ${[...names].map((n) => `\`${n}\``).join(", ")} |`);
  return ["| Permission | Used by |", "| --- | --- |", ...rows].join("\n");
}

const SECRETS = new Set(["M365_MCP_CLIENT_SECRET", "M365_MCP_CLIENT_CERTIFICATE", "M365_MCP_CACHE_KEY", "M365_MCP_CURSOR_KEY"]);

export function configTable(): string {
  const rows = Object.entries(SETTINGS).map(([name, schema]) => {
    const fallback = "default" in schema && schema.default !== "" ? `\`${String(schema.default)}\`` : "(unset)";
    return `| \`${name}\` | ${fallback} | ${schema.description}${SECRETS.has(name) ? " Secret: never logged." : ""} |`;
  });
  return ["| Variable | Default | Meaning |", "| --- | --- | --- |", ...rows].join("\n");
}

export function replaceSection(readme: string, name: string, body: string): string {
  const start = `<!-- BEGIN GENERATED: ${name} -->`;
  const end = `<!-- END GENERATED: ${name} -->`;
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md has no ${start} … ${end} section`);
  return `${readme.slice(0, from + start.length)}\n${body}\n${readme.slice(to)}`;
}
