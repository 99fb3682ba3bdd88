// A minimal ZIP writer (deflate via node:zlib) for the sandbox's Office files: deterministic bytes, no dependency.
import { crc32, deflateRawSync } from "node:zlib";

// DOS date and time of 2024-01-01 00:00, fixed so the same parts always give the same bytes.
const DOS_DATE = ((2024 - 1980) << 9) | (1 << 5) | 1;
const DOS_TIME = 0;
const DEFLATE = 8;
const UTF8_NAMES = 0x0800;

function header(size: number, fill: (view: DataView) => void): Buffer {
  const buffer = Buffer.alloc(size);
  fill(new DataView(buffer.buffer, buffer.byteOffset, size));
  return buffer;
}

/** A ZIP archive of the given parts, in order, each deflated. */
export function zip(parts: Record<string, string | Uint8Array>): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(parts)) {
    const data = typeof content === "string" ? Buffer.from(content, "utf8") : Buffer.from(content);
    const packed = deflateRawSync(data, { level: 9 });
    const nameBytes = Buffer.from(name, "utf8");
    const crc = crc32(data);
    const local = header(30, (v) => {
      v.setUint32(0, 0x04034b50, true);
      v.setUint16(4, 20, true);
      v.setUint16(6, UTF8_NAMES, true);
      v.setUint16(8, DEFLATE, true);
      v.setUint16(10, DOS_TIME, true);
      v.setUint16(12, DOS_DATE, true);
      v.setUint32(14, crc, true);
      v.setUint32(18, packed.length, true);
      v.setUint32(22, data.length, true);
      v.setUint16(26, nameBytes.length, true);
      v.setUint16(28, 0, true);
    });
    const central = header(46, (v) => {
      v.setUint32(0, 0x02014b50, true);
      v.setUint16(4, 20, true);
      v.setUint16(6, 20, true);
      v.setUint16(8, UTF8_NAMES, true);
      v.setUint16(10, DEFLATE, true);
      v.setUint16(12, DOS_TIME, true);
      v.setUint16(14, DOS_DATE, true);
      v.setUint32(16, crc, true);
      v.setUint32(20, packed.length, true);
      v.setUint32(24, data.length, true);
      v.setUint16(28, nameBytes.length, true);
      v.setUint32(42, offset, true);
    });
    locals.push(local, nameBytes, packed);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const count = Object.keys(parts).length;
  const end = header(22, (v) => {
    v.setUint32(0, 0x06054b50, true);
    v.setUint16(8, count, true);
    v.setUint16(10, count, true);
    v.setUint32(12, directory.length, true);
    v.setUint32(16, offset, true);
  });
  return new Uint8Array(Buffer.concat([...locals, directory, end]));
}
