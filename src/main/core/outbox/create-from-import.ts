import type { JobCreateInput, JobRowInput } from '../../../shared/api/outbox';
import type { Db } from '../store/db';
import { insertJob } from './job-create';

export interface CreateFromImportRequest {
  input: JobCreateInput;
  sdkAppId: string;
  now: number;
}

/**
 * `job.create` from an import, on a connection of its own (a worker thread's): a million rows
 * read from the import's blocks and inserted as job rows is seconds of work. `rowsOf` gives the
 * import's sendable rows (the imports room), so the outbox does not reach into its tables.
 */
export function createJobFromImport(
  db: Db,
  req: CreateFromImportRequest,
  rowsOf: (importId: number) => Iterable<JobRowInput>,
): { id: number; created: boolean } {
  const existing = db.prepare('SELECT id FROM jobs WHERE idempotency_key = ?');
  return insertJob(
    db,
    req.input,
    rowsOf(Number(req.input.importId)),
    req.sdkAppId,
    req.now,
    () => existing.get(req.input.idempotencyKey) as { id: number } | undefined,
  );
}

type CreateElsewhere = (
  input: JobCreateInput,
  sdkAppId: string,
  now: number,
) => Promise<{ id: number; created: boolean }> | null;

/**
 * Where `job.create` inserts: rows given in the call, or an import without a worker, here; an
 * import with one, there. A double click while a big job is being made waits for the same job.
 */
export class JobCreation {
  private readonly inFlight = new Map<string, Promise<{ id: number; created: boolean }>>();
  private readonly byKey;

  constructor(
    private readonly db: Db,
    private readonly elsewhere: CreateElsewhere | undefined,
  ) {
    this.byKey = db.prepare('SELECT id FROM jobs WHERE idempotency_key = ?');
  }

  create(
    input: JobCreateInput,
    sdkAppId: string,
    now: number,
    rows: () => Iterable<JobRowInput>,
  ): Promise<{ id: number; created: boolean }> {
    const existing = () => this.byKey.get(input.idempotencyKey) as { id: number } | undefined;
    const key = input.idempotencyKey;
    const pending = this.inFlight.get(key);
    if (pending) return pending.then((m) => ({ id: m.id, created: false }));
    const there = input.rows === undefined ? this.elsewhere?.(input, sdkAppId, now) : null;
    if (!there) return Promise.resolve(insertJob(this.db, input, rows(), sdkAppId, now, existing));
    const made = there.finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, made);
    return made;
  }
}
