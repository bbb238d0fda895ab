import type { MessagePort } from 'node:worker_threads';
import { isAppError } from '../../../shared/errors';
import { openConnection } from '../store/db';
import { storageErrorInfo } from '../store/errors';
import type { WorkerContext, WorkerMessage, WorkerStart, WorkerTask } from './worker-protocol';

/** The worker's side: open its own connection, run the one task asked for, answer, close. */
export async function serveWorkerTask(
  port: MessagePort,
  start: WorkerStart,
  tasks: Readonly<Record<string, WorkerTask>>,
): Promise<void> {
  const post = (m: WorkerMessage) => port.postMessage(m);
  const flag = new Int32Array(start.cancel);
  const began = Date.now();
  let db: WorkerContext['db'] | null = null;
  try {
    const task = tasks[start.task];
    if (!task) throw new Error(`unknown worker task ${start.task}`);
    db = openConnection(start.dbFile);
    const ctx: WorkerContext = {
      db,
      emit: (event) => post({ type: 'event', event }),
      cancelled: () => Atomics.load(flag, 0) !== 0,
      now: () => start.startedAt + (Date.now() - began),
      outputFd: start.outputFd,
    };
    const value = await (task as (i: unknown, c: WorkerContext) => unknown)(start.input, ctx);
    post({ type: 'done', value });
  } catch (e) {
    if (isAppError(e)) post({ type: 'failed', error: e.toInfo() });
    else {
      const storage = storageErrorInfo(e);
      post(
        storage
          ? { type: 'failed', error: storage }
          : {
              type: 'failed',
              error: null,
              detail: e instanceof Error ? `${e.name}: ${e.message}` : typeof e,
            },
      );
    }
  } finally {
    try {
      db?.close();
    } catch {
      // The answer is already sent; a close failure changes nothing for the caller.
    }
  }
}
