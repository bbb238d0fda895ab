import { RowStatus, type CheckedRow } from './validate';

/**
 * Rows are saved in blocks of BLOCK_ROWS (one SQLite row per block): a million single-row
 * inserts cost seconds of B-tree work, a thousand block inserts almost nothing, and a block is
 * exactly one page of `import.rows`. A block is plain text — rows joined by RS (U+001E), fields
 * by US (U+001F): rowNo, status, phone, then the cells — which is several times cheaper to
 * build and read than JSON. The sources replace RS/US inside cells (control characters that
 * carry no meaning in a spreadsheet). Variables are not stored: they follow from the cells and
 * the import's mapping. Flagged rows (problem, duplicate, same phone) are also kept whole, one
 * per SQLite row keyed by status, so each filter is an index range.
 */
export const BLOCK_ROWS = 1000;
export const RS = '\x1e';
const US = '\x1f';

/** A data row as a block holds it. */
export interface StoredRow {
  rowNumber: number;
  status: number;
  phone: string | null;
  cells: string[];
}

export const encodeRow = (r: StoredRow): string =>
  r.rowNumber + US + r.status + US + (r.phone ?? '') + US + r.cells.join(US);

export function decodeBlock(text: string): StoredRow[] {
  const lines = text.split(RS);
  const out = new Array<StoredRow>(lines.length);
  for (let i = 0; i < lines.length; i++) {
    const f = lines[i]!.split(US);
    out[i] = {
      rowNumber: Number(f[0]),
      status: Number(f[1]),
      phone: f[2] || null,
      cells: f.slice(3),
    };
  }
  return out;
}

/** Where whole blocks go: the repo, one transaction per call. */
export interface BlockSink {
  writeBlocks(importId: number, firstBlock: number, blocks: string[], flags: CheckedRow[]): void;
}

/** Blocks per transaction: a commit costs far more than a block insert. */
const BLOCKS_PER_WRITE = 20;

/**
 * Collects checked rows into whole blocks; each write is one transaction. A block's rows are
 * joined as soon as it is full: an encoded row is a chain of small strings, and holding twenty
 * thousand of them until the write moved them all into the worker's old heap, to die there —
 * the garbage that grew the import's heap to hundreds of megabytes. One flat string per block
 * is a fraction of that.
 */
export class BlockWriter {
  private rows: string[] = [];
  private blocks: string[] = [];
  private pendingFlags: CheckedRow[] = [];
  private block: number;

  constructor(
    private readonly repo: BlockSink,
    private readonly importId: number,
    firstBlock = 0,
  ) {
    this.block = firstBlock;
  }

  add(rows: readonly CheckedRow[]): void {
    for (const r of rows) {
      this.rows.push(encodeRow(r));
      if (r.status !== RowStatus.Ok) this.pendingFlags.push(r);
      if (this.rows.length === BLOCK_ROWS) {
        this.blocks.push(this.rows.join(RS));
        this.rows = [];
      }
    }
    if (this.blocks.length >= BLOCKS_PER_WRITE) this.write();
  }

  finish(): void {
    if (this.rows.length > 0) {
      this.blocks.push(this.rows.join(RS));
      this.rows = [];
    }
    this.write();
  }

  private write(): void {
    if (this.blocks.length === 0 && this.pendingFlags.length === 0) return;
    const blocks = this.blocks;
    const flags = this.pendingFlags;
    this.blocks = [];
    this.pendingFlags = [];
    const first = this.block;
    this.block += blocks.length;
    this.repo.writeBlocks(this.importId, first, blocks, flags);
  }
}
