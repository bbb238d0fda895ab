import type { CallOutput, ParsedInput } from '../../../shared/api';
import type { ExportWriter } from '../files';
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
}

export function createBatchHandlers(
  deps: BatchDeps,
): HandlerGroup<'batch.exportResults' | 'batch.exportProblems'> {
  return {
    'batch.exportResults': ({ jobId, states, language }) => {
      // An unknown job is refused before the user is asked where to save.
      assertJobExists(deps.db, jobId);
      const name = deps.exports.stampedName(jobExportPrefix(language, jobId));
      return deps.exports.save(name, (file) =>
        deps.reads.read(() =>
          writeJobRows(deps.db, file, {
            jobId,
            ...(states ? { states } : {}),
            language,
            ...(deps.now ? { now: deps.now() } : {}),
          }),
        ),
      );
    },
    'batch.exportProblems': ({ importId }) => deps.exportProblems({ importId }),
  };
}
