import type { ImportDelimiter, ImportEncoding } from '../../../shared/api/imports';

// The shapes both readers share, apart from source.ts so the readers never import their caller.

export interface SourceOptions {
  encoding?: ImportEncoding | undefined;
  delimiter?: ImportDelimiter | undefined;
  sheet?: string | undefined;
  /** .xlsx: the sheet to default to when the file has it (the remembered choice). */
  preferredSheet?: string | undefined;
}

/** What the reader used and what it found; text and .xlsx fill different halves. */
export interface SourceInfo {
  kind: 'text' | 'xlsx';
  encoding: ImportEncoding | null;
  detectedEncoding: ImportEncoding | null;
  bom: boolean;
  delimiter: ImportDelimiter | null;
  detectedDelimiter: ImportDelimiter | null;
  sheets: string[];
  sheet: string | null;
}

/** Rows arrive in batches with their 1-based row numbers as Excel shows them. */
export type RowBatchSink = (rows: string[][], rowNumbers: number[]) => void;
