// One page of a read resource's text as the markdown a model reads. Markdown (converted documents, pages, HTML bodies)
// stays markdown; only plain text is fenced. The item's content sits between two delimiter lines that no line of the
// content matches, so nothing in a file can pass for the answer's own metadata or its cursor line; and a page that
// starts or ends inside a code fence reopens or closes it, so a fence cut by paging never swallows what follows.
import { fenced } from "../../content/output.js";
import { documentParts, type ResourceDocument } from "./document.js";

interface Fence {
  char: string;
  length: number;
  /** The opening line, without its indentation, to reopen the fence with. */
  line: string;
}

/** A top-level CommonMark fence line: 3+ backticks or tildes, at most 3 spaces in; a backtick fence's info has no backtick. */
const FENCE_LINE = /^ {0,3}(`{3,}|~{3,})(.*)$/;

/** The code fence open after reading `text` line by line from the state `open` (undefined: outside any fence). */
function fenceAfter(text: string, open: Fence | undefined): Fence | undefined {
  let state = open;
  for (const line of text.split("\n")) {
    const match = FENCE_LINE.exec(line);
    const run = match?.[1];
    if (!run) continue;
    const info = match[2] ?? "";
    if (state) {
      if (run.startsWith(state.char) && run.length >= state.length && info.trim() === "") state = undefined;
    } else if (!(run.startsWith("`") && info.includes("`"))) {
      state = { char: run.charAt(0), length: run.length, line: line.trimStart() };
    }
  }
  return state;
}

/** Markdown from..to of `text`, with a fence open at the start reopened and one open at the end closed. */
function balanced(text: string, from: number, to: number): string {
  const lineStart = text.lastIndexOf("\n", from - 1) + 1;
  const before = from > 0 ? fenceAfter(text.slice(0, lineStart), undefined) : undefined;
  const slice = text.slice(from, to);
  const after = fenceAfter(slice, before);
  return `${before ? `${before.line}\n` : ""}${slice}${after ? `\n${after.char.repeat(after.length)}` : ""}`;
}

/** The delimiters' dashes outnumber those of any content line that looks like one of them. */
function delimiters(content: string): { open: string; close: string } {
  const runs = [...content.matchAll(/^\s*(-+)\s*(?:end of )?content\b/gim)].map((m) => m[1]?.length ?? 0);
  const dashes = "-".repeat(Math.max(3, ...runs.map((n) => n + 1)));
  return { open: `${dashes} content ${dashes}`, close: `${dashes} end of content ${dashes}` };
}

/**
 * The answer for characters start..end of the document's text: the metadata lines of this page, the content between
 * its delimiters, then `position` (the range and the cursor). The text itself is the same characters, unchanged;
 * only fences and delimiters are added around them.
 */
export function renderPage(doc: ResourceDocument, start: number, end: number, heading: string[], position: string): string {
  const meta: string[] = [];
  const content: string[] = [];
  let offset = 0;
  for (const part of documentParts(doc)) {
    const from = Math.max(start, offset) - offset;
    const to = Math.min(end, offset + part.text.length) - offset;
    if (from < to) {
      if (part.role === "metadata") meta.push(part.text.slice(from, to));
      else content.push(part.role === "plain" ? fenced(part.text.slice(from, to), "text") : balanced(part.text, from, to));
    }
    offset += part.text.length + 2;
  }
  const body = content.join("\n\n");
  const { open, close } = delimiters(body);
  return [...heading, ...(meta.length ? ["", ...meta] : []), "", open, ...(body ? ["", body] : []), "", close, position].join("\n");
}
