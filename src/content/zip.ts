// Reads parts of an Office (OOXML) package with the inflation bounded: declared sizes and ratio are checked before
// inflating, and yauzl's size validation stops a stream that inflates past what its header declared.
import { inflateRawSync } from "node:zlib";
import yauzl from "yauzl";
import { ExtractionError } from "./errors.js";
import type { ExtractionLimits } from "./limits.js";

const MAX_ENTRIES = 20_000;
/** ZIP's compression method 8; 0 is stored as is. */
const DEFLATE = 8;
/** Parts up to this size inflate in one call instead of through a stream. */
const SMALL_PART_BYTES = 1024 * 1024;
/** Small parts may compress extremely well (runs of spaces); only big ones matter for a bomb. */
const RATIO_FLOOR_BYTES = 1024 * 1024;

export function byteSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}

export class ZipPackage {
  private inflated = 0;

  private constructor(
    private readonly zip: yauzl.ZipFile,
    private readonly entries: ReadonlyMap<string, yauzl.Entry>,
    private readonly label: string,
    private readonly limits: ExtractionLimits,
  ) {}

  static async open(bytes: Uint8Array, label: string, kind: string, limits: ExtractionLimits): Promise<ZipPackage> {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const damaged = (): ExtractionError => new ExtractionError(`'${label}' is damaged or is not really ${kind}: its ZIP structure cannot be read. Open it in the browser, or save it again from the Office app.`, { code: "damaged" });
    const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => {
      yauzl.fromBuffer(buffer, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false }, (error, file) => {
        if (error) reject(damaged());
        else resolve(file);
      });
    });
    if (zip.entryCount > MAX_ENTRIES) throw new ExtractionError(`'${label}' holds ${zip.entryCount.toLocaleString("en-US")} ZIP entries, more than the ${MAX_ENTRIES.toLocaleString("en-US")} that ${kind} plausibly has, so it was not read.`, { kind: "too_large", code: "zip_entries", size: zip.entryCount, limit: MAX_ENTRIES });
    const entries = new Map<string, yauzl.Entry>();
    await new Promise<void>((resolve, reject) => {
      zip.on("entry", (entry: yauzl.Entry) => {
        entries.set(entry.fileName.replace(/^\/+/, ""), entry);
        zip.readEntry();
      });
      zip.on("end", () => { resolve(); });
      zip.on("error", () => { reject(damaged()); });
      zip.readEntry();
    });
    return new ZipPackage(zip, entries, label, limits);
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  get names(): string[] {
    return [...this.entries.keys()];
  }

  /** The part's bytes, or undefined when the package has no such part. */
  async read(name: string): Promise<Uint8Array | undefined> {
    const entry = this.entries.get(name);
    if (!entry) return undefined;
    const { room, lied } = this.admit(entry, name);
    if (entry.compressionMethod !== DEFLATE || entry.isEncrypted() || entry.uncompressedSize > SMALL_PART_BYTES) {
      const parts: Buffer[] = [];
      for await (const chunk of this.inflate(entry, room, lied)) parts.push(chunk);
      return Buffer.concat(parts);
    }
    // A small part (a slide, its relationships) inflates in one call: a zlib stream per part cost more than
    // the inflating. The output bound is the declared size, and anything but exactly that size is a lie.
    const compressed: Buffer[] = [];
    try {
      for await (const chunk of await this.open(entry, { decodeFileData: false }, lied)) compressed.push(chunk);
    } catch {
      throw lied();
    }
    let bytes: Buffer;
    try {
      bytes = inflateRawSync(Buffer.concat(compressed), { maxOutputLength: Math.max(1, entry.uncompressedSize) });
    } catch {
      throw lied();
    }
    if (bytes.length !== entry.uncompressedSize) throw lied();
    this.inflated += bytes.length;
    return bytes;
  }

  /**
   * The part's bytes as they inflate, so a big part (a long document, a large sheet) is parsed without ever being
   * whole in memory; undefined when the package has no such part. Every bound of `read` applies as the bytes come.
   */
  stream(name: string): AsyncIterable<Buffer> | undefined {
    const entry = this.entries.get(name);
    if (!entry) return undefined;
    const { room, lied } = this.admit(entry, name);
    return this.inflate(entry, room, lied);
  }

  /** The bounds checked before a part inflates: the package's total, and the part's compression ratio. */
  private admit(entry: yauzl.Entry, name: string): { room: number; lied: () => ExtractionError } {
    const declared = entry.uncompressedSize;
    const room = this.limits.maxUncompressedBytes - this.inflated;
    if (declared > room) {
      throw new ExtractionError(`'${this.label}' expands to more than ${byteSize(this.limits.maxUncompressedBytes)} when unpacked (the part '${name}' alone is ${byteSize(declared)}), which is more than can be read. Open it in the browser instead.`, { kind: "too_large", code: "uncompressed_size", size: declared, limit: this.limits.maxUncompressedBytes });
    }
    const ratio = declared / Math.max(1, entry.compressedSize);
    if (declared > RATIO_FLOOR_BYTES && ratio > this.limits.maxCompressionRatio) {
      throw new ExtractionError(`'${this.label}' looks like a ZIP bomb: the part '${name}' would expand ${Math.round(ratio).toLocaleString("en-US")} times (from ${byteSize(entry.compressedSize)} to ${byteSize(declared)}; at most ${this.limits.maxCompressionRatio} times is accepted), so it was not read.`, { kind: "too_large", code: "compression_ratio", size: Math.round(ratio), limit: this.limits.maxCompressionRatio });
    }
    const lied = (): ExtractionError => new ExtractionError(`'${this.label}' is damaged: the part '${name}' does not match its ZIP header (it may be a ZIP bomb or a corrupted upload), so it was not read.`, { code: "damaged" });
    return { room, lied };
  }

  private open(entry: yauzl.Entry, options: yauzl.ZipFileOptions, lied: () => ExtractionError): Promise<AsyncIterable<Buffer>> {
    return new Promise((resolve, reject) => {
      this.zip.openReadStream(entry, options, (error, readable) => {
        if (error) reject(lied());
        else resolve(readable);
      });
    });
  }

  /** Opened only when read: a stream left waiting would fail with nobody listening. */
  private async *inflate(entry: yauzl.Entry, room: number, lied: () => ExtractionError): AsyncIterable<Buffer> {
    const stream = await this.open(entry, {}, lied);
    let size = 0;
    try {
      for await (const chunk of stream) {
        size += chunk.length;
        // yauzl already stops at the declared size; this guards the total even if that check changes.
        if (size > room) throw lied();
        this.inflated += chunk.length;
        yield chunk;
      }
    } catch (error) {
      throw error instanceof ExtractionError ? error : lied();
    }
  }
}
