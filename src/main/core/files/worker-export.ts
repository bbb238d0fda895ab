import { writeSync } from 'node:fs';
import type { WorkerContext } from '../kernel/worker-protocol';
import type { WorkerRunner } from '../kernel/worker-run';
import { writeFailure, type AtomicFile } from './atomic-write';

/** What an export task says after each piece it has written to the file. */
export interface ExportWritten {
  kind: 'exportWritten';
  chars: number;
}

/**
 * Characters per write: few enough writes that each costs little, and every piece under V8's
 * large-object size (128 KB; 32K two-byte characters is 64 KB), so the text built for a file
 * of a hundred megabytes dies young instead of filling the worker's old heap.
 */
export const EXPORT_CHUNK_CHARS = 1 << 15;

/** What export code writes to, whether the text goes to a file or to a string. */
export interface TextSink {
  write(text: string): void;
}

/**
 * The worker's side: collects what an export writes and appends it, about EXPORT_CHUNK_CHARS
 * at a time, to the file the main thread opened (`ctx.outputFd`). The worker writes, not the
 * main thread: a megabyte's write can wait tens of milliseconds on a busy disk (or a virus
 * scanner), and on the main thread every window call would wait with it. `end` writes what is
 * left; the task then answers its row count, and the main thread syncs and renames the file.
 */
export function fileSender(
  ctx: Pick<WorkerContext, 'emit' | 'outputFd'>,
): TextSink & { end(): void } {
  const fd = ctx.outputFd;
  if (fd === null) throw new Error('export task started without a file');
  let buf = '';
  const send = () => {
    if (!buf) return;
    try {
      writeSync(fd, buf);
    } catch (e) {
      throw writeFailure(e);
    }
    ctx.emit({ kind: 'exportWritten', chars: buf.length } satisfies ExportWritten);
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
 * building, its own writes into `file`). Answers the task's row count; a worker that dies
 * rejects with `worker_stopped`, a full disk with `disk_full`, and the caller aborts the file.
 */
export function exportThroughWorker(
  workers: WorkerRunner,
  task: string,
  input: unknown,
  file: AtomicFile,
): Promise<number> {
  return workers.run<number>(task, input, { outputFd: file.fd() });
}
