import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { IMPORT_MAX_FILE_BYTES } from '../../../shared/api/imports';
import { importError } from './errors';
import { fileKind } from './sniff';
import { previewText, readTextRows } from './source-text';
import { previewXlsx, readXlsxRows } from './source-xlsx';

export type { RowBatchSink, SourceInfo, SourceOptions } from './source-types';
import type { RowBatchSink, SourceInfo, SourceOptions } from './source-types';

export interface FileFacts {
  fileName: string;
  sizeBytes: number;
  kind: 'text' | 'xlsx';
}

const HEAD_BYTES = 1 << 20;

/** Refuses what cannot be a customer list before reading it. */
export async function checkFile(path: string): Promise<FileFacts & { head: Buffer }> {
  let size: number;
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new Error('not a file');
    size = s.size;
  } catch {
    throw importError('import_file_missing', { fileName: basename(path) });
  }
  if (size > IMPORT_MAX_FILE_BYTES)
    throw importError('import_file_too_large', {
      sizeMB: Math.ceil(size / (1024 * 1024)),
      limitMB: IMPORT_MAX_FILE_BYTES / (1024 * 1024),
    });
  if (size === 0) throw importError('import_file_empty');
  const fh = await open(path, 'r');
  let head: Buffer;
  try {
    const buf = Buffer.alloc(Math.min(size, HEAD_BYTES));
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    head = buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
  const kind = fileKind(head);
  if (kind === 'xls') throw importError('import_file_legacy_xls');
  return { fileName: basename(path), sizeBytes: size, kind, head };
}

export interface SourceHead {
  facts: FileFacts;
  info: SourceInfo;
  rows: string[][];
  rowNumbers: number[];
  /** True when these are all the rows there are (nothing was left unread). */
  complete: boolean;
}

export async function previewSource(
  path: string,
  opts: SourceOptions,
  maxRows: number,
): Promise<SourceHead> {
  const { head, ...facts } = await checkFile(path);
  if (facts.kind === 'xlsx')
    return { facts, ...(await previewXlsx(path, facts.sizeBytes, opts, maxRows)) };
  return { facts, ...previewText(head, head.length === facts.sizeBytes, opts, maxRows) };
}

export async function readSource(
  path: string,
  opts: SourceOptions,
  onRows: RowBatchSink,
  onBytes: (done: number, total: number) => void,
): Promise<{ facts: FileFacts; info: SourceInfo }> {
  const { head: _head, ...facts } = await checkFile(path);
  const info =
    facts.kind === 'xlsx'
      ? await readXlsxRows(path, opts, onRows, onBytes, facts.sizeBytes)
      : await readTextRows(path, opts, onRows, onBytes);
  return { facts, info };
}
