import type { ErrorInfo } from '../../../shared/errors';
import type { Db } from '../store/db';

/** What a worker is started with (its `workerData`): one task, one input, its own database. */
export interface WorkerStart {
  task: string;
  input: unknown;
  /** The app database file; the worker opens its own connection (WAL lets both work at once). */
  dbFile: string;
  /** One Int32: non-zero once the caller asks the task to stop. Read without waiting for a message. */
  cancel: SharedArrayBuffer;
  /** The main clock's time at start, so a worker's timestamps follow a test's manual clock. */
  startedAt: number;
  /**
   * An export's open temporary file (a descriptor of this process), or null. The worker writes
   * the file itself: a write that waits on the disk then waits off the main thread.
   */
  outputFd: number | null;
}

/** Everything a worker says back, in order: any number of events, then one ending. */
export type WorkerMessage =
  | { type: 'event'; event: unknown }
  | { type: 'done'; value: unknown }
  /** `error` is null for an unexpected failure; `detail` is then logged (name and message only). */
  | { type: 'failed'; error: ErrorInfo | null; detail?: string };

/** What a task gets inside the worker. */
export interface WorkerContext {
  db: Db;
  emit(event: unknown): void;
  /** True once the caller asked the task to stop; a task checks it between chunks. */
  cancelled(): boolean;
  now(): number;
  /** The file an export task writes to (`WorkerStart.outputFd`); null for every other task. */
  outputFd: number | null;
}

export type WorkerTask = (input: never, ctx: WorkerContext) => unknown;
