import type { HistoryFilter } from '../../../shared/api/history';
import type { PriceTable } from '../../../shared/usage/cost';
import type { AtomicFile } from '../files';
import { exportThroughWorker } from '../files/worker-export';
import type { CatalogLanguage } from '../kernel/catalog';
import { IN_PROCESS_ROWS, type WorkerRunner } from '../kernel/worker-run';
import { rowsAbout } from '../store/table-size';
import type { JournalReads } from '../outbox';
import type { Db } from '../store/db';
import { costOfTable, writeHistoryCsv, type CostOf, type HistoryExport } from './export';
import { HistoryRepo } from './repo';
import { historyPage, type HistoryListRequest, type HistoryPage } from './list-task';

export { beijingTime, type CostOf } from './export';

export interface HistoryDeps {
  db: Db;
  /** The send journal's read model; rows are read only once it is folded. */
  reads: JournalReads;
  now?: () => number;
  /** The cost column, row by row (tests); `prices` is used when this is absent. */
  costOf?: CostOf;
  /** The usage prices, read once per export, for the cost column. */
  prices?: () => PriceTable;
  /** Builds exports in worker threads; without it (unit tests) they are built here. */
  workers?: WorkerRunner;
}

/** Every send the outbox made, from the local journal, searchable and exportable. */
export class HistoryService {
  readonly repo: HistoryRepo;

  constructor(private readonly deps: HistoryDeps) {
    this.repo = new HistoryRepo(deps.db, deps.now);
  }

  /**
   * A page and the count. Over a long history the query takes a worker thread (about a second
   * for a million rows); a short one is answered here, faster than a worker starts.
   */
  async list(filter: HistoryFilter, offset: number, limit: number): Promise<HistoryPage> {
    await this.deps.reads.foldInTurns?.();
    const req: HistoryListRequest = { filter, offset, limit, now: this.now() };
    const workers = this.deps.workers;
    return this.deps.reads.read(() =>
      workers && this.long()
        ? workers.run<HistoryPage>('history.list', req)
        : historyPage(this.repo, req),
    );
  }

  /** More rows than a query here answers within a frame. */
  private long(): boolean {
    return rowsAbout(this.deps.db, 'job_rows') > IN_PROCESS_ROWS;
  }

  /** The filtered list as CSV (UTF-8 with BOM for Excel) in one string: for small lists and tests. */
  csv(filter: HistoryFilter, language: CatalogLanguage = 'zh-CN'): { csv: string; count: number } {
    let csv = '';
    const count = this.deps.reads.read(() =>
      writeHistoryCsv(this.deps.db, { write: (t) => (csv += t) }, this.request(filter, language)),
    );
    return { csv, count };
  }

  /**
   * Writes the filtered list as CSV to `file`, built in a worker thread when there are workers.
   * Answers the rows written.
   */
  async export(
    file: AtomicFile,
    filter: HistoryFilter,
    language: CatalogLanguage,
  ): Promise<number> {
    const workers = this.deps.workers;
    if (!workers)
      return this.deps.reads.read(() =>
        writeHistoryCsv(this.deps.db, file, this.request(filter, language)),
      );
    await this.deps.reads.foldInTurns?.();
    const prices = this.deps.prices?.() ?? null;
    const req: HistoryExport = { filter, language, now: this.now(), prices };
    // The worker reads `job_rows` on its own connection and has no journal: answers recorded
    // but not yet folded would be missing from its file. So this thread folds first, the same
    // fold every reader does, and the worker then sees every answer recorded so far.
    return this.deps.reads.read(() => exportThroughWorker(workers, 'history.export', req, file));
  }

  private request(filter: HistoryFilter, language: CatalogLanguage) {
    const prices = this.deps.prices;
    const costOf = this.deps.costOf ?? (prices ? costOfTable(prices()) : undefined);
    return { filter, language, now: this.now(), ...(costOf ? { costOf } : {}) };
  }

  private now(): number {
    return this.deps.now ? this.deps.now() : Date.now();
  }
}
