import { openAtomic, type AtomicFile } from './atomic-write';
import { chooseSaveTarget, type PickSavePath } from './save-target';

/** Beijing wall time as yyyymmdd-hhmmss, for file names the user can sort. */
const stamp = (ms: number): string =>
  new Date(ms + 8 * 3600_000).toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');

/**
 * Every export goes the same way: ask the user where (the shell's save dialog), then write only
 * there, atomically, never into the app's data folder. Cancelling is an answer, not an error.
 */
export class ExportWriter {
  constructor(private readonly deps: { dataDir: string; pick?: PickSavePath; now: () => number }) {}

  stampedName(prefix: string): string {
    return `${prefix}-${stamp(this.deps.now())}.csv`;
  }

  async save(
    suggestedName: string,
    fill: (file: AtomicFile) => number,
  ): Promise<{ path: string | null; rows: number }> {
    const target = await chooseSaveTarget(this.deps.pick, suggestedName);
    if (target === null) return { path: null, rows: 0 };
    const file = openAtomic(target, this.deps.dataDir);
    let rows: number;
    try {
      rows = fill(file);
    } catch (e) {
      file.abort();
      throw e;
    }
    file.commit();
    return { path: target, rows };
  }

  /**
   * As `save`, for a file filled over time (an export built in a worker thread, which sends it
   * in pieces): the same dialog, the same refusals, the same temp file renamed only at the end.
   * A fill that rejects, a worker that dies with it, leaves nothing under the target's name.
   */
  async saveAsync(
    suggestedName: string,
    fill: (file: AtomicFile) => Promise<number>,
  ): Promise<{ path: string | null; rows: number }> {
    const target = await chooseSaveTarget(this.deps.pick, suggestedName);
    if (target === null) return { path: null, rows: 0 };
    const file = openAtomic(target, this.deps.dataDir);
    let rows: number;
    try {
      rows = await fill(file);
    } catch (e) {
      file.abort();
      throw e;
    }
    await file.commitAsync();
    return { path: target, rows };
  }
}
