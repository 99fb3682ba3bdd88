// A seeded file's bytes (built once, on first download) and its plain text (what search matches).
import { extensionOf, MEDIA_TYPES } from "../../content/formats.js";
import type { FileContent } from "./documents.js";
import { docx, pptx, xlsx } from "./formats/office.js";
import { pdf } from "./formats/pdf.js";
import { textOfHtml } from "./kql.js";

const MIME: Record<string, string> = { ...MEDIA_TYPES, png: "image/png", aspx: "application/octet-stream" };

export const mimeTypeOf = (name: string): string => MIME[extensionOf(name)] ?? "application/octet-stream";

export function bytesOf(content: FileContent): Uint8Array {
  if ("docx" in content) return docx(content.docx);
  if ("xlsx" in content) return xlsx(content.xlsx);
  if ("pptx" in content) return pptx(content.pptx);
  if ("pdf" in content) return pdf(content.pdf);
  if ("base64" in content) return new Uint8Array(Buffer.from(content.base64, "base64"));
  return new Uint8Array(Buffer.from(content.text, "utf8"));
}

export function textOf(content: FileContent, name: string): string {
  if ("docx" in content) return content.docx.map((b) => ("table" in b ? b.table.flat().join(" ") : Object.values(b).filter((v) => typeof v === "string").join(" "))).join("\n");
  if ("xlsx" in content) return content.xlsx.map((s) => [s.name, ...s.rows.map((r) => r.join(" "))].join("\n")).join("\n");
  if ("pptx" in content) return content.pptx.map((s) => [s.title, ...(s.bullets ?? []).map((b) => (typeof b === "string" ? b : b.text)), s.notes ?? ""].join("\n")).join("\n");
  if ("pdf" in content) return content.pdf.flat().join("\n");
  if ("base64" in content) return "";
  return ["html", "xml"].includes(extensionOf(name)) ? textOfHtml(content.text) : content.text;
}
