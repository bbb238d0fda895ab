import type { FileHandle } from 'node:fs/promises';
import { Inflate } from 'fflate';

/**
 * Just enough of the zip format to read an .xlsx safely: the central directory (every entry's
 * declared sizes, read before anything is inflated) and one entry at a time inflated in
 * chunks, counting what really comes out so a header that lies about its size is caught too.
 */

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

export class ZipFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipFormatError';
  }
}

/** Inflated bytes went past a limit while reading (the declared sizes lied). */
export class ZipLimitError extends Error {
  constructor(readonly limit: 'bytes') {
    super(`zip ${limit} limit`);
    this.name = 'ZipLimitError';
  }
}

const EOCD_SIG = 0x06054b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const ZIP64_EOCD_SIG = 0x06064b50;
const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;
const MAX_COMMENT = 0xffff;

async function readAt(fh: FileHandle, offset: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buf, 0, length, offset);
  if (bytesRead < length) throw new ZipFormatError('truncated');
  return buf;
}

/** Every entry as the central directory declares it. */
export async function readCentralDirectory(fh: FileHandle, fileSize: number): Promise<ZipEntry[]> {
  const tailLen = Math.min(fileSize, 22 + MAX_COMMENT + 20);
  const tail = await readAt(fh, fileSize - tailLen, tailLen);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD_SIG) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipFormatError('no end of central directory');
  let count = tail.readUInt16LE(eocd + 10);
  let cdSize = tail.readUInt32LE(eocd + 12);
  let cdOffset = tail.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const loc = eocd - 20;
    if (loc < 0 || tail.readUInt32LE(loc) !== ZIP64_LOCATOR_SIG)
      throw new ZipFormatError('zip64 locator missing');
    const rec = await readAt(fh, Number(tail.readBigUInt64LE(loc + 8)), 56);
    if (rec.readUInt32LE(0) !== ZIP64_EOCD_SIG) throw new ZipFormatError('zip64 record missing');
    count = Number(rec.readBigUInt64LE(32));
    cdSize = Number(rec.readBigUInt64LE(40));
    cdOffset = Number(rec.readBigUInt64LE(48));
  }
  if (cdOffset + cdSize > fileSize) throw new ZipFormatError('central directory out of range');
  const cd = await readAt(fh, cdOffset, cdSize);
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL_SIG)
      throw new ZipFormatError('bad central directory');
    const method = cd.readUInt16LE(p + 10);
    let compressedSize = cd.readUInt32LE(p + 20);
    let size = cd.readUInt32LE(p + 24);
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    let localOffset = cd.readUInt32LE(p + 42);
    const name = cd.toString('utf8', p + 46, p + 46 + nameLen);
    // Zip64 extra field: the 64-bit values of the fields that read 0xffffffff, in this order.
    let e = p + 46 + nameLen;
    const end = e + extraLen;
    while (e + 4 <= end) {
      const id = cd.readUInt16LE(e);
      const len = cd.readUInt16LE(e + 2);
      if (id === 0x0001) {
        let q = e + 4;
        if (size === 0xffffffff) {
          size = Number(cd.readBigUInt64LE(q));
          q += 8;
        }
        if (compressedSize === 0xffffffff) {
          compressedSize = Number(cd.readBigUInt64LE(q));
          q += 8;
        }
        if (localOffset === 0xffffffff) localOffset = Number(cd.readBigUInt64LE(q));
      }
      e += 4 + len;
    }
    entries.push({ name, method, compressedSize, size, localOffset });
    p = end + commentLen;
  }
  return entries;
}

/** Compressed bytes per step: deflate inflates at most ~1,000×, so one step stays tens of MB. */
const CHUNK = 1 << 16;

/**
 * Streams one entry's inflated bytes to `onData` in chunks. `budget.left` is shared across the
 * entries of one read: inflating past it throws ZipLimitError. `onData` returning false stops
 * early (a preview that has its rows).
 */
export async function streamEntry(
  fh: FileHandle,
  entry: ZipEntry,
  budget: { left: number },
  onData: (chunk: Uint8Array) => boolean | void,
): Promise<void> {
  const local = await readAt(fh, entry.localOffset, 30);
  if (local.readUInt32LE(0) !== LOCAL_SIG) throw new ZipFormatError('bad local header');
  let pos = entry.localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  const end = pos + entry.compressedSize;
  let stopped = false;
  let out = 0;
  const deliver = (chunk: Uint8Array) => {
    if (stopped) return;
    budget.left -= chunk.length;
    out += chunk.length;
    // More than the directory declared: a lying header, refused as the bomb it is.
    if (budget.left < 0 || out > entry.size) throw new ZipLimitError('bytes');
    if (onData(chunk) === false) stopped = true;
  };
  if (entry.method !== 0 && entry.method !== 8) throw new ZipFormatError('unsupported method');
  const inflate = entry.method === 8 ? new Inflate((chunk) => deliver(chunk)) : null;
  while (pos < end && !stopped) {
    const len = Math.min(CHUNK, end - pos);
    const buf = await readAt(fh, pos, len);
    pos += len;
    if (inflate) inflate.push(buf, pos >= end);
    else deliver(buf);
  }
}
