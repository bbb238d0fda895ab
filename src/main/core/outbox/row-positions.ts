import type { Statement } from 'better-sqlite3';
import type { Db } from '../store/db';
import { nextTurn } from '../kernel/next-turn';

/** Every STRIDE-th row number of a job is kept: a page starts at most STRIDE-1 rows past one. */
const STRIDE = 1_024;
/** Row numbers read per slice while building (an index-only scan of about 10 ms). */
const CHUNK = 16_384;
/** Jobs whose positions are kept; a results page rarely switches between more. */
const KEPT_JOBS = 16;

interface Positions {
  /** `marks[i]`: the row number at position `i * STRIDE`, in row-number order. */
  marks: number[];
  total: number;
}

/**
 * Where the n-th row of a job is, so a page deep in a million-row job is one index seek instead
 * of an OFFSET walk over every row before it (and a COUNT over all of them). A job's rows are
 * all inserted with the job in one transaction and never added or removed afterwards
 * (job-create.ts), so a job's positions, once read, stay true. They are read in slices with a
 * turn of the event loop between, so the first deep page never blocks the main process long.
 */
export class RowPositions {
  private readonly jobs = new Map<number, Promise<Positions>>();
  private readonly slice: Statement;

  constructor(db: Db) {
    this.slice = db
      .prepare(
        'SELECT row_no FROM job_rows WHERE job_id = ? AND row_no > ? ORDER BY row_no LIMIT ?',
      )
      .pluck();
  }

  /** The row number at `offset` (null past the end) and how many rows the job has. */
  async at(jobId: number, offset: number): Promise<{ rowNo: number | null; total: number }> {
    const p = await this.of(jobId);
    if (offset >= p.total) return { rowNo: null, total: p.total };
    return { rowNo: p.marks[Math.floor(offset / STRIDE)]!, total: p.total };
  }

  /**
   * The first row number of each run of about `rows` rows (a multiple of STRIDE), in order: the
   * slices a filtered page is counted in, a turn of the event loop between them.
   */
  async slices(jobId: number, rows: number): Promise<number[]> {
    const every = Math.max(1, Math.round(rows / STRIDE));
    return (await this.of(jobId)).marks.filter((_, i) => i % every === 0);
  }

  /**
   * Runs `each` over the job's rows numbered from `lo` up to (not including) `hi` (null: to the
   * end), about `rows` rows at a time, a turn of the event loop between: the shape of every
   * long job's work that stays on the main thread (count, cancel, retry, do-not-send list).
   */
  async eachSlice(
    jobId: number,
    rows: number,
    each: (lo: number, hi: number | null) => void,
  ): Promise<void> {
    const starts = await this.slices(jobId, rows);
    for (let i = 0; i < starts.length; i++) {
      if (i > 0) await nextTurn();
      each(starts[i]!, starts[i + 1] ?? null);
    }
  }

  /** Rows between the mark `at` returned and `offset`: skipped by the page query itself. */
  static skipFrom(offset: number): number {
    return offset % STRIDE;
  }

  private of(jobId: number): Promise<Positions> {
    let p = this.jobs.get(jobId);
    if (p) {
      // Most recently used last, so the oldest is the one dropped.
      this.jobs.delete(jobId);
      this.jobs.set(jobId, p);
      return p;
    }
    p = this.read(jobId);
    this.jobs.set(jobId, p);
    p.catch(() => this.jobs.delete(jobId));
    if (this.jobs.size > KEPT_JOBS) this.jobs.delete(this.jobs.keys().next().value!);
    return p;
  }

  private async read(jobId: number): Promise<Positions> {
    const marks: number[] = [];
    let total = 0;
    let after = Number.MIN_SAFE_INTEGER;
    for (;;) {
      const nos = this.slice.all(jobId, after, CHUNK) as number[];
      for (let i = 0; i < nos.length; i++) {
        if ((total + i) % STRIDE === 0) marks.push(nos[i]!);
      }
      total += nos.length;
      if (nos.length < CHUNK) return { marks, total };
      after = nos[nos.length - 1]!;
      await nextTurn();
    }
  }
}
