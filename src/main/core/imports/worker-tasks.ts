import type { WorkerContext } from '../kernel/worker-protocol';
import { openImport, type ImportStage, type OpenImportRequest } from './open-import';
import { ImportsRepo } from './repo';
import { revalidateImport, type RevalidateRequest } from './revalidate';

/** What an import worker says while it runs. */
export type ImportWorkerEvent =
  | { kind: 'created'; importId: number }
  | { kind: 'progress'; importId: number | null; stage: ImportStage };

/** The imports room's heavy work, run in a worker thread with the worker's own connection. */
export const importWorkerTasks = {
  'import.open': async (req: OpenImportRequest, ctx: WorkerContext): Promise<number> =>
    openImport(
      {
        db: ctx.db,
        now: ctx.now,
        cancelled: ctx.cancelled,
        created: (importId) => ctx.emit({ kind: 'created', importId } satisfies ImportWorkerEvent),
        progress: (importId, stage) =>
          ctx.emit({ kind: 'progress', importId, stage } satisfies ImportWorkerEvent),
      },
      req,
    ),
  'import.revalidate': (req: RevalidateRequest, ctx: WorkerContext): null => {
    revalidateImport(ctx.db, req, ctx.now());
    return null;
  },
  /** A million-row import's blocks and flags take a while to delete. */
  'import.delete': (input: { importId: number }, ctx: WorkerContext): boolean =>
    new ImportsRepo(ctx.db).delete(input.importId),
};
