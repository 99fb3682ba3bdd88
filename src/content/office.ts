// What every OOXML reader does first: tell encrypted and legacy files from packages, then open the ZIP.
import { ExtractionError } from "./errors.js";
import type { ExtractionLimits } from "./limits.js";
import { ZipPackage } from "./zip.js";

/** `kind` carries its article, for messages like "is not really an Excel workbook". */
export const KINDS: Record<string, { kind: string; app: string }> = {
  docx: { kind: "a Word document", app: "Word" },
  xlsx: { kind: "an Excel workbook", app: "Excel" },
  pptx: { kind: "a PowerPoint presentation", app: "PowerPoint" },
};

const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

/** Encrypted OOXML is an OLE compound file holding an "EncryptedPackage" stream instead of a ZIP. */
function hasEncryptedPackage(bytes: Uint8Array): boolean {
  const name = Buffer.from("EncryptedPackage", "utf16le");
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(name);
}

export async function openOffice(bytes: Uint8Array, label: string, format: string, limits: ExtractionLimits): Promise<ZipPackage> {
  const { kind, app } = KINDS[format] ?? { kind: "an Office file", app: "Office" };
  if (startsWith(bytes, CFB_MAGIC)) {
    if (hasEncryptedPackage(bytes)) {
      throw new ExtractionError(`'${label}' is password-protected (encrypted), so its text cannot be read. Remove the password in ${app} (File > Info > Protect) or open it in the browser.`, { code: "encrypted" });
    }
    throw new ExtractionError(`'${label}' is an older binary Office file (.doc, .xls or .ppt format) despite its name, which cannot be read. Save it again in ${app} (File > Save As, the default format), or open it in the browser.`, { code: "legacy_format" });
  }
  if (!startsWith(bytes, [0x50, 0x4b])) {
    throw new ExtractionError(`'${label}' is not really ${kind}: it is not a ZIP package as .${format} files are. It may be damaged or misnamed; open it in the browser.`, { code: "wrong_format" });
  }
  return ZipPackage.open(bytes, label, kind, limits);
}
