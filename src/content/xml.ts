// Streams an XML part through a SAX parser (htmlparser2 keeps an explicit stack, so deep nesting cannot overflow ours).
import { Parser } from "htmlparser2";
import { ExtractionError } from "./errors.js";

export interface XmlHandler {
  open?(name: string, attributes: Record<string, string>): void;
  close?(name: string): void;
  text?(text: string): void;
  /** Checked between chunks: true ends parsing early (the output is full, or enough rows were read). */
  done?(): boolean;
}

export interface XmlOptions {
  maxDepth: number;
  /** Names the file and part in errors. */
  where: string;
}

const CHUNK = 64 * 1024;

function xmlParser(handler: XmlHandler, options: XmlOptions): Parser {
  let depth = 0;
  return new Parser(
    {
      onopentag(name, attributes) {
        depth++;
        if (depth > options.maxDepth) throw new ExtractionError(`${options.where} nests XML elements more than ${options.maxDepth} levels deep, which no real document does, so it was not read.`, { code: "nesting_limit", limit: options.maxDepth });
        handler.open?.(name, attributes);
      },
      onclosetag(name) {
        depth--;
        handler.close?.(name);
      },
      ontext(text) {
        handler.text?.(text);
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
}

export function parseXml(bytes: Uint8Array, handler: XmlHandler, options: XmlOptions): void {
  const parser = xmlParser(handler, options);
  const text = new TextDecoder("utf-8").decode(bytes);
  for (let at = 0; at < text.length; at += CHUNK) {
    parser.write(text.slice(at, at + CHUNK));
    if (handler.done?.()) return;
  }
  parser.end();
}

/** As parseXml, on the bytes as they arrive (an inflating ZIP part); stopping early stops the stream too. */
export async function parseXmlStream(chunks: AsyncIterable<Uint8Array>, handler: XmlHandler, options: XmlOptions): Promise<void> {
  const parser = xmlParser(handler, options);
  const decoder = new TextDecoder("utf-8");
  for await (const chunk of chunks) {
    parser.write(decoder.decode(chunk, { stream: true }));
    if (handler.done?.()) return;
  }
  parser.write(decoder.decode());
  parser.end();
}

/** Resolves a relationship target against the folder of the part that names it ("../media/x" from "ppt/slides/"). */
export function resolvePart(fromPart: string, target: string): string {
  if (target.startsWith("/")) return target.slice(1);
  const parts = fromPart.split("/").slice(0, -1);
  for (const piece of target.split("/")) {
    if (piece === "..") parts.pop();
    else if (piece !== ".") parts.push(piece);
  }
  return parts.join("/");
}

export interface Relationship {
  target: string;
  type: string;
}

/** The relationships of a part, by id, from its _rels/<name>.rels file. */
export function relationships(relsBytes: Uint8Array | undefined, part: string, maxDepth: number): Map<string, Relationship> {
  const map = new Map<string, Relationship>();
  if (!relsBytes) return map;
  parseXml(relsBytes, {
    open(name, attributes) {
      const id = attributes["Id"];
      const target = attributes["Target"];
      if (name === "Relationship" && id && target && attributes["TargetMode"] !== "External") {
        map.set(id, { target: resolvePart(part, target), type: attributes["Type"] ?? "" });
      }
    },
  }, { maxDepth, where: `The relationships of '${part}'` });
  return map;
}

export function relsPath(part: string): string {
  const slash = part.lastIndexOf("/");
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}
