// A read resource as one plain-text document (key headers, then the body, then context), and the pieces
// the readers share to build it from Graph's JSON.
import { ExtractionError, htmlText } from "../../content/extract.js";
import { GraphError } from "../../graph/errors.js";
import { graphTime, type EmailAddress, type IdentitySet, type ItemBody } from "../graph-models.js";
import type { ToolContext } from "../types.js";

export interface Header {
  /** The metadata key, e.g. "from". */
  key: string;
  /** The label the text shows, e.g. "From". */
  label: string;
  value: string | undefined;
}

export interface ResourceDocument {
  title: string;
  /** Key headers in display order; they open the text and fill the metadata. */
  headers: Header[];
  body: string;
  /** The body is plain text, shown fenced; by default it is markdown, shown as it is. */
  plainBody?: boolean;
  /** Context after the body, as markdown: the conversation, replies, or notes. */
  sections: string[];
}

/** A part of the text: the metadata lines, then the body and sections as markdown or plain text. */
export interface DocumentPart {
  role: "metadata" | "markdown" | "plain";
  text: string;
}

export const header = (key: string, label: string, value: string | null | undefined): Header => ({ key, label, value: value ?? undefined });

/** The parts of the text in order, empty ones left out; the text is them joined by blank lines. */
export function documentParts(doc: ResourceDocument): DocumentPart[] {
  const lines = doc.headers.filter((h) => h.value).map((h) => `${h.label}: ${oneLine(h.value ?? "")}`);
  const parts: DocumentPart[] = [
    { role: "metadata", text: lines.join("\n") },
    { role: doc.plainBody ? "plain" : "markdown", text: doc.body },
    ...doc.sections.map((text): DocumentPart => ({ role: "markdown", text })),
  ];
  return parts.filter((part) => part.text !== "");
}

export function documentText(doc: ResourceDocument): string {
  return documentParts(doc).map((part) => part.text).join("\n\n");
}

export function documentMetadata(doc: ResourceDocument): Record<string, string> {
  return Object.fromEntries(doc.headers.filter((h) => h.value).map((h) => [h.key, h.value ?? ""]));
}

/** Header values come from users' content: a newline in a subject must not start a fake header line. */
export const oneLine = (value: string): string => value.replace(/\s+/g, " ").trim();

/**
 * An HTML or text body as text with Unix line ends and plain spaces (Teams bodies are full of &nbsp;), HTML through
 * the one bounded converter. A body that cannot be converted is named in place of its text: the headers still answer.
 */
export async function bodyText(body: ItemBody | null | undefined, ctx: ToolContext): Promise<string> {
  const content = body?.content ?? "";
  let text = content;
  if (body?.contentType === "html") {
    try {
      text = (await htmlText(content, "this body", { signal: ctx.signal })).text;
    } catch (error) {
      if (!(error instanceof ExtractionError) || error.kind === "cancelled" || error.kind === "internal") throw error;
      ctx.logger.warn({ errorKind: error.kind, errorCode: error.details.code, chars: content.length }, "an HTML body was not converted to text");
      return `(The body is not shown: ${error.message})`;
    }
  }
  return text.replace(/\r\n?/g, "\n").replace(/\u00a0/g, " ").trim();
}

/** A Graph date-time as an instant in UTC, to the second: 2026-11-27T09:30:00Z; undefined when it names no instant. */
export const isoTime = (value: string | null | undefined): string | undefined => graphTime(value)?.toISOString().replace(/\.\d{3}Z$/, "Z");

export function mailbox(address: EmailAddress | null | undefined): string | undefined {
  const name = address?.name?.trim();
  const email = address?.address?.trim();
  if (name && email && name !== email) return `${name} <${email}>`;
  return name || email || undefined;
}

export function list(values: ReadonlyArray<string | undefined>): string | undefined {
  const present = values.filter((v): v is string => Boolean(v));
  return present.length ? present.join("; ") : undefined;
}

/** Who an identity set names: a user, else an application or device. */
export const identityName = (identity: IdentitySet | null | undefined): string | undefined =>
  identity?.user?.displayName ?? identity?.application?.displayName ?? identity?.device?.displayName ?? undefined;

export function byteSize(bytes: number | null | undefined): string | undefined {
  if (bytes === null || bytes === undefined) return undefined;
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** "when" by "who", for created/modified headers. */
export function stamp(when: string | null | undefined, who: IdentitySet | null | undefined): string | undefined {
  const time = isoTime(when);
  const name = identityName(who);
  if (time && name) return `${time} by ${name}`;
  return time ?? name;
}

/**
 * For context, not content (a thread, replies, a chat topic): a Graph failure leaves it out instead of failing the
 * read, and is logged by its kind and code (issue 12: no failure is swallowed unseen) with `message`, saying what was
 * left out.
 */
export async function optional<T>(call: Promise<T>, ctx: Pick<ToolContext, "logger">, message: string): Promise<T | undefined> {
  try {
    return await call;
  } catch (error) {
    if (!(error instanceof GraphError)) throw error;
    ctx.logger.warn({ errorKind: error.kind, errorCode: error.details.code }, message);
    return undefined;
  }
}
