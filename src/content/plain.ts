// Text-like formats: plain text and markdown as they are, JSON pretty-printed, XML as a fenced block.
import type { ReadContext } from "./context.js";
import { declaredCharset, decodeText } from "./decode.js";
import { fenced } from "./output.js";

export function decodeInto(bytes: Uint8Array, ctx: ReadContext, declared?: string): string {
  const decoded = decodeText(bytes, declared);
  if (decoded.note) ctx.out.note(decoded.note);
  return decoded.text.replace(/\r\n?/g, "\n");
}

export function readPlain(bytes: Uint8Array, ctx: ReadContext): Promise<void> {
  ctx.out.push(decodeInto(bytes, ctx));
  return Promise.resolve();
}

export function readJson(bytes: Uint8Array, ctx: ReadContext): Promise<void> {
  const text = decodeInto(bytes, ctx);
  let pretty: string;
  try {
    pretty = JSON.stringify(JSON.parse(text), null, 2);
  } catch (error) {
    // Deep nesting overflows JSON.stringify's recursion (RangeError); either way the text is still worth showing.
    ctx.out.note(error instanceof SyntaxError ? "The file is not valid JSON, so it is shown as it is." : "The JSON is nested too deeply to reformat, so it is shown as it is.");
    pretty = text;
  }
  ctx.out.push(fenced(ctx.out.clip(pretty, 40), "json"));
  return Promise.resolve();
}

export function readXmlFile(bytes: Uint8Array, ctx: ReadContext): Promise<void> {
  ctx.out.push(fenced(ctx.out.clip(decodeInto(bytes, ctx, declaredCharset(bytes)), 40), "xml"));
  return Promise.resolve();
}
