import type { HistoryFilter, HistoryRow } from '../../../shared/api/history';
import type { WorkerContext } from '../kernel/worker-protocol';
import { HistoryRepo } from './repo';

export interface HistoryListRequest {
  filter: HistoryFilter;
  offset: number;
  limit: number;
  now: number;
}

export interface HistoryPage {
  rows: HistoryRow[];
  total: number;
}

/** One page and the count, on the caller's connection (in process, or a worker's). */
export function historyPage(repo: HistoryRepo, req: HistoryListRequest): HistoryPage {
  return { rows: repo.list(req.filter, req.offset, req.limit), total: repo.count(req.filter) };
}

export const historyListWorkerTasks = {
  /** Counting and sorting a million rows by time takes the thread that does it ~1 s. */
  'history.list': (req: HistoryListRequest, ctx: WorkerContext): HistoryPage =>
    historyPage(new HistoryRepo(ctx.db, () => req.now), req),
};
