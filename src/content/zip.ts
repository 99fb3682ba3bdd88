// Reads parts of an Office (OOXML) package with the inflation bounded: declared sizes and ratio are checked before
// inflating, and yauzl's size validation stops a stream that inflates past what its header declared.
import yauzl from "yauzl";
import { ExtractionError } from "./errors.js";
import type { ExtractionLimits } from "./limits.js";

const MAX_ENTRIES = 20_000;
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
    const damaged = (): ExtractionError => new ExtractionError(`'${label}' is damaged or is not really ${kind}: its ZIP structure cannot be read. Open it in the browser, or save it again from the Office app.`);
    const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => {
      yauzl.fromBuffer(buffer, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false }, (error, file) => {
        if (error) reject(damaged());
        else resolve(file);
      });
    });
    if (zip.entryCount > MAX_ENTRIES) throw new ExtractionError(`'${label}' holds ${zip.entryCount.toLocaleString("en-US")} ZIP entries, more than the ${MAX_ENTRIES.toLocaleString("en-US")} that ${kind} plausibly has, so it was not read.`);
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
    const chunks = this.stream(name);
    if (!chunks) return undefined;
    const parts: Buffer[] = [];
    for await (const chunk of chunks) parts.push(chunk);
    return Buffer.concat(parts);
  }

  /**
   * The part's bytes as they inflate, so a big part (a long document, a large sheet) is parsed without ever being
   * whole in memory; undefined when the package has no such part. Every bound of `read` applies as the bytes come.
   */
  stream(name: string): AsyncIterable<Buffer> | undefined {
    const entry = this.entries.get(name);
    if (!entry) return undefined;
    const declared = entry.uncompressedSize;
    const room = this.limits.maxUncompressedBytes - this.inflated;
    if (declared > room) {
      throw new ExtractionError(`'${this.label}' expands to more than ${byteSize(this.limits.maxUncompressedBytes)} when unpacked (the part '${name}' alone is ${byteSize(declared)}), which is more than can be read. Open it in the browser instead.`);
    }
    const ratio = declared / Math.max(1, entry.compressedSize);
    if (declared > RATIO_FLOOR_BYTES && ratio > this.limits.maxCompressionRatio) {
      throw new ExtractionError(`'${this.label}' looks like a ZIP bomb: the part '${name}' would expand ${Math.round(ratio).toLocaleString("en-US")} times (from ${byteSize(entry.compressedSize)} to ${byteSize(declared)}; at most ${this.limits.maxCompressionRatio} times is accepted), so it was not read.`);
    }
    const lied = (): ExtractionError => new ExtractionError(`'${this.label}' is damaged: the part '${name}' does not match its ZIP header (it may be a ZIP bomb or a corrupted upload), so it was not read.`);
    return this.inflate(entry, room, lied);
  }

  /** Opened only when read: a stream left waiting would fail with nobody listening. */
  private async *inflate(entry: yauzl.Entry, room: number, lied: () => ExtractionError): AsyncIterable<Buffer> {
    const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) => {
      this.zip.openReadStream(entry, (error, readable) => {
        if (error) reject(lied());
        else resolve(readable);
      });
    });
    let size = 0;
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
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
