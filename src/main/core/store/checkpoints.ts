import { statSync } from 'node:fs';
import type { Logger } from '../kernel/log';
import type { WorkerRunner } from '../kernel/worker-run';
import type { WorkerContext } from '../kernel/worker-protocol';
import type { Db } from './db';

/** How often the WAL's size is looked at (one stat call). */
const CHECK_EVERY_MS = 10_000;
/** A WAL bigger than this is copied back into the database (SQLite's own default is ~4 MB). */
const CHECKPOINT_ABOVE_BYTES = 8 * 1024 * 1024;

export interface BackgroundCheckpoints {
  /** Copy the WAL back soon, in a worker (after a large write such as an import). */
  request(): void;
  close(): Promise<void>;
}

/**
 * Copying the WAL back into the database (a checkpoint) runs on whichever connection commits
 * past the threshold — on the main thread that was up to ~200 ms after a million-row import,
 * and a few ms every 4 MB during a batch. The main connection's automatic checkpoints are
 * turned off and a worker thread does them instead; durability is unchanged (every commit is
 * already synced in the WAL).
 */
export function startBackgroundCheckpoints(d: {
  db: Db;
  workers: WorkerRunner;
  logger?: Logger;
}): BackgroundCheckpoints {
  const wal = `${d.db.name}-wal`;
  d.db.pragma('wal_autocheckpoint = 0');
  let running: Promise<void> | null = null;
  let again = false;
  let closed = false;
  const run = (): void => {
    if (closed) return;
    if (running) {
      again = true;
      return;
    }
    running = d.workers
      .run<null>('db.checkpoint', null)
      .then(
        () => undefined,
        (e: unknown) => {
          // The next check tries again; a busy or closing database is not a failure worth more.
          d.logger?.info('background checkpoint did not finish', {
            error: e instanceof Error ? e.message : typeof e,
          });
        },
      )
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          run();
        }
      });
  };
  const timer = setInterval(() => {
    try {
      if (statSync(wal).size > CHECKPOINT_ABOVE_BYTES) run();
    } catch {
      // No WAL file yet (nothing written since the last checkpoint).
    }
  }, CHECK_EVERY_MS);
  timer.unref();
  return {
    request: run,
    async close() {
      closed = true;
      clearInterval(timer);
      await running;
    },
  };
}

export const storeWorkerTasks = {
  /** PASSIVE: never waits for readers or writers; what it cannot copy now, the next one does. */
  'db.checkpoint': (_input: null, ctx: WorkerContext): null => {
    ctx.db.pragma('wal_checkpoint(PASSIVE)');
    return null;
  },
};
