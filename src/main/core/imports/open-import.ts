import type { ImportMapping, ImportOptions, ImportProgress } from '../../../shared/api/imports';
import type { Db } from '../store/db';
import { importError } from './errors';
import type { ImportTemplate } from './mapping';
import { paramsOfFor } from './params';
import { planImport, runImport, usableMapping } from './pipeline';
import { ImportsRepo } from './repo';

/** Progress events at most this often, but always the first at once. */
const PROGRESS_EVERY_MS = 100;

export type ImportStage = Omit<ImportProgress, 'importId' | 'grant'>;

/** What an import run needs, in process or in a worker: its own connection and clock. */
export interface OpenImportEnv {
  db: Db;
  now(): number;
  /** The import's row exists (its id is known): whoever watches can clean up after a crash. */
  created?(importId: number): void;
  progress(importId: number | null, stage: ImportStage): void;
  cancelled?(): boolean;
}

export interface OpenImportRequest {
  path: string;
  options: ImportOptions;
  /** Resolved by the caller from the template room (null: no template chosen). */
  template: ImportTemplate | null;
  international: boolean;
}

const cancelledError = () => importError('import_cancelled');

/**
 * Reads, checks and saves a whole file as a new import, or saves nothing: any failure —
 * including a cancel, checked between chunks — deletes what was written so far.
 */
export async function openImport(env: OpenImportEnv, req: OpenImportRequest): Promise<number> {
  const { db } = env;
  const repo = new ImportsRepo(db);
  const stop = () => {
    if (env.cancelled?.()) throw cancelledError();
  };
  let importId: number | null = null;
  let last = -Infinity;
  const progress = (stage: ImportStage, force = false) => {
    const now = env.now();
    if (!force && now - last < PROGRESS_EVERY_MS) return;
    last = now;
    env.progress(importId, stage);
  };
  progress({ phase: 'reading', rowsDone: 0, bytesDone: 0, bytesTotal: 0 }, true);

  // Every commit is durable in the WAL; copying the WAL back into the database after each of
  // the import's commits would write everything twice over and fsync dozens of times. One
  // checkpoint after the import does the same work once.
  const autoCheckpoint = db.pragma('wal_autocheckpoint', { simple: true }) as number;
  db.pragma('wal_autocheckpoint = 0');
  // Nor does each block commit need its own fsync: an unfinished import is dropped after a
  // crash anyway. The last commit (`finish`) syncs the WAL at FULL, and with it every frame
  // written before it.
  const synchronous = db.pragma('synchronous', { simple: true }) as number;
  db.pragma('synchronous = NORMAL');
  try {
    const { template, options } = req;
    const remembered = template ? repo.rememberedMapping(template.templateId) : null;
    const plan = await planImport(req.path, options, template, remembered);
    const mapping: ImportMapping = usableMapping(plan);
    stop();
    importId = repo.create(
      {
        fileName: plan.facts.fileName,
        path: req.path,
        sizeBytes: plan.facts.sizeBytes,
        kind: plan.facts.kind,
        encoding: plan.info.encoding,
        delimiter: plan.info.delimiter,
        headerRow: plan.headerRow,
        sheet: plan.info.sheet,
        columns: plan.columns,
        templateId: template?.templateId ?? null,
        mapping,
        international: req.international,
      },
      env.now(),
    );
    env.created?.(importId);
    const id = importId;
    const writer = repo.writer(id);
    const result = await runImport(
      plan,
      mapping,
      req.international,
      (rows) => {
        stop();
        writer.add(rows);
      },
      (done, total, rows) =>
        progress({ phase: 'parsing', rowsDone: rows, bytesDone: done, bytesTotal: total }),
    );
    stop();
    progress(
      {
        phase: 'saving',
        rowsDone: result.counts.total,
        bytesDone: plan.facts.sizeBytes,
        bytesTotal: plan.facts.sizeBytes,
      },
      true,
    );
    writer.finish();
    repo.flagSamePhone(id, result.lateFlags, paramsOfFor(template?.templateId ?? null, mapping));
    // The whole-file detection may differ from the preview's first megabyte.
    repo.setEncoding(id, result.info.encoding);
    // The last step: until here the import reads as unfinished, and a crash drops it.
    db.pragma(`synchronous = ${synchronous}`);
    repo.finish(id, result.counts, env.now());
    if (template)
      repo.rememberMapping(
        template.templateId,
        mapping,
        { headers: plan.header, sheet: plan.info.sheet },
        env.now(),
      );
    return id;
  } catch (e) {
    if (importId !== null) repo.delete(importId);
    throw e;
  } finally {
    db.pragma(`synchronous = ${synchronous}`);
    db.pragma(`wal_autocheckpoint = ${autoCheckpoint}`);
  }
}
