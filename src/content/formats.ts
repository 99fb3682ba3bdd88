// Which files have readable text, by extension first (Graph's mimeType is often generic) and MIME type second.

const BY_EXTENSION: Record<string, string> = {
  docx: "docx", docm: "docx", dotx: "docx", dotm: "docx",
  xlsx: "xlsx", xlsm: "xlsx", xltx: "xlsx", xltm: "xlsx",
  pptx: "pptx", pptm: "pptx", ppsx: "pptx", ppsm: "pptx", potx: "pptx",
  pdf: "pdf",
  html: "html", htm: "html", xhtml: "html",
  txt: "txt", text: "txt", log: "txt",
  md: "md", markdown: "md",
  csv: "csv", tsv: "csv",
  json: "json",
  xml: "xml",
  eml: "eml",
};

/** The usual media type of each readable format. */
export const MEDIA_TYPES: Readonly<Record<string, string>> = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  pdf: "application/pdf",
  html: "text/html",
  txt: "text/plain",
  md: "text/markdown",
  csv: "text/csv",
  json: "application/json",
  xml: "application/xml",
  eml: "message/rfc822",
};

const BY_MIME: Record<string, string> = {
  ...Object.fromEntries(Object.entries(MEDIA_TYPES).map(([format, type]) => [type, format])),
  "application/xhtml+xml": "html",
  "text/tab-separated-values": "csv",
  "text/xml": "xml",
};

export const SUPPORTED_EXTENSIONS: readonly string[] = Object.keys(BY_EXTENSION);

export function extensionOf(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot < 0 ? "" : name.slice(dot + 1).toLowerCase();
}

export function extractableFormat(file: { name: string; mimeType?: string }): string | undefined {
  const byExtension = BY_EXTENSION[extensionOf(file.name)];
  if (byExtension) return byExtension;
  const mime = file.mimeType?.split(";")[0]?.trim().toLowerCase();
  return mime ? BY_MIME[mime] : undefined;
}
