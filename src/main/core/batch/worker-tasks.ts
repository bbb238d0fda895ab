import type { RowState } from '../../../shared/api/outbox';
import { fileSender } from '../files/worker-export';
import type { WorkerContext } from '../kernel/worker-protocol';
import { writeJobRows, type ExportLanguage } from './service';

export interface JobRowsExport {
  jobId: number;
  states?: readonly RowState[];
  language: ExportLanguage;
  now?: number;
}

/** A job's results export, run in a worker thread: it writes the file the main thread opened. */
export const batchWorkerTasks = {
  'batch.exportResults': (req: JobRowsExport, ctx: WorkerContext): number => {
    const out = fileSender(ctx);
    const rows = writeJobRows(ctx.db, out, req);
    out.end();
    return rows;
  },
};
