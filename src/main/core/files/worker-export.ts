import { AppError } from '../../../shared/errors';
import type { WorkerContext } from '../kernel/worker-protocol';
import type { WorkerRunner } from '../kernel/worker-run';
import type { AtomicFile } from './atomic-write';

/** What an export task sends while it runs: the next piece of the file, in order. */
export interface ExportChunk {
  kind: 'exportChunk';
  text: string;
}

/**
 * About 1 MB per message: few enough messages that passing them costs little, small enough
 * that the main thread appends one to the file in a millisecond or two between other calls.
 */
export const EXPORT_CHUNK_CHARS = 1 << 20;

/** What export code writes to, whether the text goes to a file or to the main thread. */
export interface TextSink {
  write(text: string): void;
}

/**
 * The worker's side: collects what an export writes and sends it in pieces of about
 * EXPORT_CHUNK_CHARS. `end` sends what is left; the task then answers its row count.
 */
export function chunkSender(
  ctx: Pick<WorkerContext, 'emit' | 'cancelled'>,
): TextSink & { end(): void } {
  let buf = '';
  const send = () => {
    // The main thread could not write the last piece (disk full): stop building the rest.
    if (ctx.cancelled()) throw new AppError('export_failed', 'errors.exportFailed');
    if (buf) ctx.emit({ kind: 'exportChunk', text: buf } satisfies ExportChunk);
    buf = '';
  };
  return {
    write(text) {
      buf += text;
      if (buf.length >= EXPORT_CHUNK_CHARS) send();
    },
    end: send,
  };
}

/**
 * The main thread's side: runs export `task` in a worker (its own connection, its own CSV
 * building) and appends each piece it sends to `file`. Answers the task's row count; a worker
 * that dies rejects with `worker_stopped`, and the caller aborts the file.
 */
export async function exportThroughWorker(
  workers: WorkerRunner,
  task: string,
  input: unknown,
  file: AtomicFile,
): Promise<number> {
  let failed: unknown = null;
  const stop = new AbortController();
  try {
    const rows = await workers.run<number>(task, input, {
      signal: stop.signal,
      onEvent: (event) => {
        if (failed !== null) return;
        try {
          file.write((event as ExportChunk).text);
        } catch (e) {
          // Disk full or similar: the file is aborted already; the rest is not wanted.
          failed = e;
          stop.abort();
        }
      },
    });
    if (failed === null) return rows;
  } catch (e) {
    if (failed === null) throw e;
  }
  throw failed;
}
