import { isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';
import type { ImportEncoding } from '../../../shared/api/imports';

export type FileKind = 'text' | 'xlsx' | 'xls';

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

const startsWith = (buf: Uint8Array, magic: number[]): boolean =>
  buf.length >= magic.length && magic.every((b, i) => buf[i] === b);

/** By content first: Excel users rename files, and a .csv that is really .xlsx is common. */
export function fileKind(head: Uint8Array): FileKind {
  if (startsWith(head, ZIP_MAGIC)) return 'xlsx';
  if (startsWith(head, OLE_MAGIC)) return 'xls';
  return 'text';
}

export interface EncodingGuess {
  encoding: ImportEncoding;
  /** Bytes of byte-order mark to skip (0 without one). */
  bomLength: number;
}

export function bomOf(buf: Uint8Array): EncodingGuess | null {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf)
    return { encoding: 'utf8', bomLength: 3 };
  if (buf[0] === 0xff && buf[1] === 0xfe) return { encoding: 'utf16le', bomLength: 2 };
  if (buf[0] === 0xfe && buf[1] === 0xff) return { encoding: 'utf16be', bomLength: 2 };
  return null;
}

/**
 * UTF-16 without a BOM: text in the ASCII range puts a zero in every other byte. Only a
 * strong signal counts, so binary files with scattered zeros are not taken for text.
 */
function utf16WithoutBom(head: Uint8Array): ImportEncoding | null {
  const n = Math.min(head.length & ~1, 4096);
  if (n < 4) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) evenZero++;
    if (head[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero > pairs * 0.4 && evenZero < pairs * 0.05) return 'utf16le';
  if (evenZero > pairs * 0.4 && oddZero < pairs * 0.05) return 'utf16be';
  return null;
}

/**
 * BOM first, then strict UTF-8 (`isUtf8` over the whole buffer is milliseconds), otherwise
 * GB18030 — what Chinese Excel writes for "CSV" — which is a superset of GBK.
 */
export function detectEncoding(buf: Uint8Array): EncodingGuess {
  const bom = bomOf(buf);
  if (bom) return bom;
  const u16 = utf16WithoutBom(buf.subarray(0, 4096));
  if (u16) return { encoding: u16, bomLength: 0 };
  if (isUtf8(buf)) return { encoding: 'utf8', bomLength: 0 };
  return { encoding: 'gb18030', bomLength: 0 };
}

/** For a user-chosen encoding: skip that encoding's BOM only. */
export function bomLengthFor(buf: Uint8Array, encoding: ImportEncoding): number {
  const bom = bomOf(buf);
  return bom && bom.encoding === encoding ? bom.bomLength : 0;
}

const LABELS: Record<ImportEncoding, string> = {
  utf8: 'utf-8',
  utf16le: 'utf-16le',
  utf16be: 'utf-16be',
  gb18030: 'gb18030',
};

export const decoderFor = (encoding: ImportEncoding): TextDecoder =>
  // ignoreBOM: the BOM is sliced off by the caller; a second one is data.
  new TextDecoder(LABELS[encoding], { ignoreBOM: true });

/**
 * Text files have no NUL bytes (UTF-16 aside) and few control characters; anything else is
 * an image, an archive or a document the user picked by mistake.
 */
export function looksBinary(head: Uint8Array, encoding: ImportEncoding, text: string): boolean {
  if (encoding !== 'utf16le' && encoding !== 'utf16be' && head.includes(0)) return true;
  if (text.length === 0) return false;
  let bad = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (
      c === 0xfffd ||
      c === 0 ||
      (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c)
    )
      bad++;
  }
  return bad > text.length * 0.05;
}
