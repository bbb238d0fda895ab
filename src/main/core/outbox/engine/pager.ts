/**
 * The job's queue of requests to plan, filled a page of pending rows at a time: the first
 * request leaves at once and a million-row job never holds every row in memory.
 */
import type { Db } from '../../store/db';
import { groupRequests, MAX_NUMBERS_PER_REQUEST, type PlannedRequest } from '../plan';
import type { PendingRow } from './request';

/**
 * Pending rows read per page: 10 full requests, about 2 ms of work, read ahead while requests
 * wait for the disk (a bigger page stalls every slot that frees while it is read).
 */
const PAGE_ROWS = 2_000;
/** Taken requests kept at the queue's head before it is compacted. */
const COMPACT_AFTER = 4096;

type RawPendingRow = [rowNo: number, phone: string, params: string | null, attempts: number];

export class RowPager {
  private queue: PlannedRequest<PendingRow>[] = [];
  private queueIndex = 0;
  /** Rows up to `cursor` were read. */
  private cursor = 0;
  private exhausted = false;
  /** Params text of the last row read: the next page sends only params that differ from it. */
  private lastParams = '';
  /** Rows whose number was in flight when planned: they wait for that answer. */
  private deferred: PendingRow[] = [];
  private readonly statements;

  constructor(
    db: Db,
    private readonly jobId: number,
  ) {
    this.statements = {
      // Raw rows, and params only where they differ from the text given: a batch with shared
      // params reads one string per row, not two, and no object per row from SQLite.
      pendingPage: db
        .prepare(
          `SELECT row_no, phone, CASE WHEN params = ? THEN NULL ELSE params END, attempts
           FROM job_rows
           WHERE job_id = ? AND row_no > ? AND state = 'pending' ORDER BY row_no LIMIT ?`,
        )
        .raw(true),
      // Pending rows up to the cursor (rows past it are read in their turn).
      pendingUpTo: db.prepare(
        `SELECT row_no AS rowNo, phone, params, attempts FROM job_rows
         WHERE job_id = ? AND row_no <= ? AND state = 'pending' ORDER BY row_no`,
      ),
    };
  }

  /** From the first pending row again (a start or a resume). */
  restart(): void {
    this.clear();
    this.cursor = 0;
    this.exhausted = false;
  }

  /** Forgets what is queued (the job stopped planning). */
  clear(): void {
    this.queue = [];
    this.queueIndex = 0;
    this.deferred = [];
  }

  /** Nothing queued, nothing deferred, and no pending row left unread. */
  get drained(): boolean {
    return this.queueIndex >= this.queue.length && this.exhausted && this.deferred.length === 0;
  }

  /** The next request to plan, reading a page when the queue is empty; null when none is left. */
  next(): PlannedRequest<PendingRow> | null {
    for (;;) {
      if (this.queueIndex < this.queue.length) break;
      if (this.exhausted || !this.readPage()) return null;
    }
    const req = this.queue[this.queueIndex++]!;
    if (this.queueIndex > COMPACT_AFTER && this.queueIndex * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.queueIndex);
      this.queueIndex = 0;
    }
    return req;
  }

  /** A row whose number is in flight waits for that answer (`requeueDeferred`). */
  defer(row: PendingRow): void {
    this.deferred.push(row);
  }

  /** Queues deferred rows whose number is no longer in flight. */
  requeueDeferred(inFlight: ReadonlySet<string>): void {
    if (this.deferred.length === 0) return;
    const free = this.deferred.filter((r) => !inFlight.has(r.phone));
    if (free.length === 0) return;
    this.deferred = this.deferred.filter((r) => inFlight.has(r.phone));
    this.enqueue(free);
  }

  /**
   * Queues rows that became pending again (released, called back): those the pager already
   * passed; rows past the cursor it reads in their turn.
   */
  enqueuePassed(rows: readonly PendingRow[]): void {
    this.enqueue(this.exhausted ? rows : rows.filter((r) => r.rowNo <= this.cursor));
  }

  /** Queues rows made pending outside the engine (retry, re-send) that are not queued yet. */
  enqueueNewlyPending(): void {
    const queued = new Set<number>();
    for (let i = this.queueIndex; i < this.queue.length; i++)
      for (const r of this.queue[i]!.rows) queued.add(r.rowNo);
    for (const r of this.deferred) queued.add(r.rowNo);
    const upTo = this.exhausted ? Number.MAX_SAFE_INTEGER : this.cursor;
    const rows = this.statements.pendingUpTo.all(this.jobId, upTo) as PendingRow[];
    this.enqueue(rows.filter((r) => !queued.has(r.rowNo)));
  }

  /** Reads the next page now if few requests are queued (while requests wait for the disk). */
  readAhead(queuedAtMost: number): void {
    if (!this.exhausted && this.queue.length - this.queueIndex <= queuedAtMost) this.readPage();
  }

  /**
   * Queues rows as requests. The in-flight check keeps a repeated number apart, so grouping
   * need not; pushed one by one, as a retry of every row can be more than a call's arguments.
   */
  private enqueue(rows: readonly PendingRow[]): void {
    for (const req of groupRequests(rows, MAX_NUMBERS_PER_REQUEST, false)) this.queue.push(req);
  }

  /** Queues the next page of pending rows; false when there were none left. */
  private readPage(): boolean {
    const bound = this.lastParams;
    const raw = this.statements.pendingPage.all(
      bound,
      this.jobId,
      this.cursor,
      PAGE_ROWS,
    ) as RawPendingRow[];
    if (raw.length < PAGE_ROWS) this.exhausted = true;
    if (raw.length === 0) return false;
    const rows = new Array<PendingRow>(raw.length);
    for (let i = 0; i < raw.length; i++) {
      const r = raw[i]!;
      rows[i] = { rowNo: r[0], phone: r[1], params: r[2] ?? bound, attempts: r[3] };
    }
    this.lastParams = rows[rows.length - 1]!.params;
    this.cursor = rows[rows.length - 1]!.rowNo;
    this.enqueue(rows);
    return true;
  }
}
