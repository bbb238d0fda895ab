import { Worker } from 'node:worker_threads';
import { AppError } from '../../../shared/errors';
import type { Clock } from './clock';
import type { Logger } from './log';
import type { WorkerMessage, WorkerStart } from './worker-protocol';
import { workerEntry, type WorkerEntry } from './worker-entry-file';

export interface WorkerRunnerDeps {
  dbFile: string;
  clock: Clock;
  logger?: Logger;
  entry?: WorkerEntry;
  /** Test seam: sees each worker as it starts (a test stops one to play a crash). */
  onSpawn?: (worker: Worker, task: string) => void;
}

export interface WorkerRunOptions {
  onEvent?: (event: unknown) => void;
  /** Aborting asks the task to stop at its next check; the task decides how it ends. */
  signal?: AbortSignal;
  /** An export's open file, handed to the task (see `WorkerStart.outputFd`). */
  outputFd?: number;
}

/**
 * Work over up to this many rows stays on the main thread: it ends within a frame or so, and
 * starting a worker costs more (~150 ms).
 */
export const IN_PROCESS_ROWS = 20_000;

/** A worker that ended without its answer: killed, out of memory, or a native crash. */
export const workerStopped = (): AppError => new AppError('worker_stopped', 'errors.workerStopped');

/**
 * Runs heavy work (imports, exports, statistics over many rows) in a worker thread, so the
 * main thread — the dispatch every window call waits on — stays free. One worker per task: a
 * few tens of milliseconds to start, and a task that dies takes nothing else with it.
 */
export class WorkerRunner {
  private readonly entry: WorkerEntry;
  private readonly live = new Set<Worker>();

  constructor(private readonly deps: WorkerRunnerDeps) {
    this.entry = deps.entry ?? workerEntry();
  }

  run<O>(task: string, input: unknown, opts: WorkerRunOptions = {}): Promise<O> {
    const cancel = new SharedArrayBuffer(4);
    const flag = new Int32Array(cancel);
    const start: WorkerStart = {
      task,
      input,
      dbFile: this.deps.dbFile,
      cancel,
      startedAt: this.deps.clock.now(),
      outputFd: opts.outputFd ?? null,
    };
    const worker = new Worker(this.entry.file, {
      workerData: start,
      execArgv: this.entry.execArgv,
      // Nothing of the app's environment is needed in there, and keys must not leak into it.
      env: {},
      stdout: false,
      stderr: false,
    });
    this.live.add(worker);
    this.deps.onSpawn?.(worker, task);
    const onAbort = () => Atomics.store(flag, 0, 1);
    if (opts.signal?.aborted) onAbort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    return new Promise<O>((resolve, reject) => {
      let settled = false;
      const settle = (fn: () => void) => {
        if (settled) return;
        settled = true;
        opts.signal?.removeEventListener('abort', onAbort);
        fn();
      };
      worker.on('message', (m: WorkerMessage) => {
        if (m.type === 'event') {
          try {
            opts.onEvent?.(m.event);
          } catch (e) {
            this.deps.logger?.error('worker event handler failed', {
              task,
              error: e instanceof Error ? e.name : typeof e,
            });
          }
        } else if (m.type === 'done') {
          settle(() => resolve(m.value as O));
        } else {
          if (m.error === null)
            this.deps.logger?.error(`worker task ${task} failed`, { error: m.detail ?? '' });
          settle(() =>
            reject(
              m.error
                ? new AppError(m.error.code, m.error.messageKey, m.error.details)
                : new AppError('internal', 'errors.internal'),
            ),
          );
        }
      });
      worker.on('error', (e) => {
        this.deps.logger?.error(`worker task ${task} crashed`, {
          error: e instanceof Error ? `${e.name}: ${e.message}` : typeof e,
        });
        settle(() => reject(workerStopped()));
      });
      worker.on('exit', (code) => {
        this.live.delete(worker);
        if (!settled) this.deps.logger?.error(`worker task ${task} exited early`, { code });
        settle(() => reject(workerStopped()));
      });
    });
  }

  /** Stops every running task (the core is closing); their callers see `worker_stopped`. */
  async close(): Promise<void> {
    await Promise.all([...this.live].map((w) => w.terminate()));
  }
}
