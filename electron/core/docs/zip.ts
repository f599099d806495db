import zlib from 'node:zlib';

/**
 * A small zip reader and a deterministic zip writer (stored + deflate, no zip64, no encryption):
 * enough for OOXML packages. The writer uses one fixed DOS time stamp and the order given, so the
 * same files give the same bytes; the `docx` library stamps every entry with the current time.
 */

export interface ZipEntry {
  name: string;
  data: Uint8Array;
}

const DOS_DATE_1980 = (0 << 9) | (1 << 5) | 1; // 1980-01-01
const DOS_TIME_0 = 0;

/** The entries of a zip file, in central-directory order. Throws on a damaged file. */
export function readZip(buf: Uint8Array): ZipEntry[] {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  let eocd = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 65_535); i--) {
    if (b.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('zip: end of central directory not found');
  const count = b.readUInt16LE(eocd + 10);
  let off = b.readUInt32LE(eocd + 16);
  const out: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (b.readUInt32LE(off) !== 0x02014b50) throw new Error('zip: bad central directory entry');
    const method = b.readUInt16LE(off + 10);
    const crc = b.readUInt32LE(off + 16);
    const csize = b.readUInt32LE(off + 20);
    const nameLen = b.readUInt16LE(off + 28);
    const extraLen = b.readUInt16LE(off + 30);
    const commentLen = b.readUInt16LE(off + 32);
    const local = b.readUInt32LE(off + 42);
    const name = b.toString('utf8', off + 46, off + 46 + nameLen);
    off += 46 + nameLen + extraLen + commentLen;
    if (b.readUInt32LE(local) !== 0x04034b50) throw new Error(`zip: bad local header for ${name}`);
    const start = local + 30 + b.readUInt16LE(local + 26) + b.readUInt16LE(local + 28);
    const raw = b.subarray(start, start + csize);
    const data = method === 0 ? new Uint8Array(raw) : method === 8 ? new Uint8Array(zlib.inflateRawSync(raw)) : null;
    if (!data) throw new Error(`zip: unsupported method ${method} for ${name}`);
    if (zlib.crc32(data) >>> 0 !== crc) throw new Error(`zip: CRC mismatch for ${name}`);
    out.push({ name, data });
  }
  return out;
}

/** A zip of the entries, in the given order, with fixed time stamps (deflate level 6). */
export function writeZip(entries: readonly ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const deflated = zlib.deflateRawSync(e.data, { level: 6 });
    const store = deflated.length >= e.data.length;
    const body = store ? Buffer.from(e.data) : deflated;
    const crc = zlib.crc32(e.data) >>> 0;
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(0x0800, 6); // UTF-8 names
    lh.writeUInt16LE(store ? 0 : 8, 8);
    lh.writeUInt16LE(DOS_TIME_0, 10);
    lh.writeUInt16LE(DOS_DATE_1980, 12);
    lh.writeUInt32LE(crc, 14);
    lh.writeUInt32LE(body.length, 18);
    lh.writeUInt32LE(e.data.length, 22);
    lh.writeUInt16LE(name.length, 26);
    lh.writeUInt16LE(0, 28);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(20, 4);
    ch.writeUInt16LE(20, 6);
    ch.writeUInt16LE(0x0800, 8);
    ch.writeUInt16LE(store ? 0 : 8, 10);
    ch.writeUInt16LE(DOS_TIME_0, 12);
    ch.writeUInt16LE(DOS_DATE_1980, 14);
    ch.writeUInt32LE(crc, 16);
    ch.writeUInt32LE(body.length, 20);
    ch.writeUInt32LE(e.data.length, 24);
    ch.writeUInt16LE(name.length, 28);
    ch.writeUInt32LE(offset, 42);
    locals.push(lh, name, body);
    centrals.push(ch, name);
    offset += lh.length + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}
