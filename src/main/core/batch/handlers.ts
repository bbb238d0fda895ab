import type { CallOutput, ParsedInput } from '../../../shared/api';
import type { ExportWriter } from '../files';
import { exportThroughWorker } from '../files/worker-export';
import type { WorkerRunner } from '../kernel/worker-run';
import type { HandlerGroup } from '../kernel/handlers';
import type { JournalReads } from '../outbox';
import type { Db } from '../store/db';
import { assertJobExists, jobExportPrefix, writeJobRows } from './service';

export interface BatchDeps {
  db: Db;
  /** Exports read the rows through the journal's read model. */
  reads: JournalReads;
  /** Asks where to save (the shell's save dialog) and writes there atomically. */
  exports: ExportWriter;
  /** The imports room's own `import.exportProblems` (problem exports delegate to it). */
  exportProblems(
    input: ParsedInput<'import.exportProblems'>,
  ): CallOutput<'import.exportProblems'> | Promise<CallOutput<'import.exportProblems'>>;
  /** The business clock, for the receipt column. */
  now?: () => number;
  /** Builds the file in a worker thread; without it (unit tests) it is built here. */
  workers?: WorkerRunner;
}

export function createBatchHandlers(
  deps: BatchDeps,
): HandlerGroup<'batch.exportResults' | 'batch.exportProblems'> {
  return {
    'batch.exportResults': ({ jobId, states, language }) => {
      // An unknown job is refused before the user is asked where to save.
      assertJobExists(deps.db, jobId);
      const name = deps.exports.stampedName(jobExportPrefix(language, jobId));
      // The clock is read once the user has chosen where to save (a receipt may expire meanwhile).
      const req = () => ({
        jobId,
        ...(states ? { states } : {}),
        language,
        ...(deps.now ? { now: deps.now() } : {}),
      });
      const workers = deps.workers;
      if (!workers)
        return deps.exports.save(name, (file) =>
          deps.reads.read(() => writeJobRows(deps.db, file, req())),
        );
      // The worker reads `job_rows` on its own connection and has no journal: answers recorded
      // but not yet folded would be missing from its file. So this thread folds first, the same
      // fold every reader does, and the worker then sees every answer recorded so far.
      return deps.exports.saveAsync(name, async (file) => {
        await deps.reads.foldInTurns?.();
        return deps.reads.read(() =>
          exportThroughWorker(workers, 'batch.exportResults', req(), file),
        );
      });
    },
    'batch.exportProblems': ({ importId }) => deps.exportProblems({ importId }),
  };
}
