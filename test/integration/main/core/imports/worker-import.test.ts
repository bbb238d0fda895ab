import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportProgress } from '../../../../../src/shared/api/imports';
import { EventBus } from '../../../../../src/main/core/kernel/events';
import { ManualClock } from '../../../../../src/main/core/kernel/clock';
import { WorkerRunner } from '../../../../../src/main/core/kernel/worker-run';
import { ImportsService } from '../../../../../src/main/core/imports';
import { openDatabase, type Db } from '../../../../../src/main/core/store/db';
import { isAppError } from '../../../../../src/shared/errors';

/**
 * Imports run in worker threads with their own connection. A cancel or a worker that dies
 * midway must leave nothing half-saved, and two imports may run side by side.
 */
let dir: string;
let db: Db;
let bigFile: string;
let otherFile: string;
const clock = new ManualClock(1_764_000_000_000);
const events = new EventBus();
const progress: ImportProgress[] = [];
events.on((name, payload) => {
  if (name === 'import.progress') progress.push(payload as ImportProgress);
});
let onSpawn: ((w: Worker, task: string) => void) | undefined;
let workers: WorkerRunner;
let service: ImportsService;

const BIG_ROWS = 300_000;
const OTHER_ROWS = 20_000;

/** `rows` customers; every 50th phone is invalid and every 40th row repeats the one before. */
function customerCsv(rows: number, seed: number): string {
  const out = ['手机号,姓名'];
  for (let i = 0; i < rows; i++) {
    if (i % 40 === 39) {
      out.push(out[out.length - 1]!);
      continue;
    }
    const phone = i % 50 === 7 ? `12${i}` : String(13000000000 + seed * 10_000_000 + i);
    out.push(`${phone},客户${i}`);
  }
  return out.join('\r\n') + '\r\n';
}

const tableCounts = () =>
  db
    .prepare(
      `SELECT (SELECT count(*) FROM imports) AS imports,
              (SELECT count(*) FROM import_blocks) AS blocks,
              (SELECT count(*) FROM import_flagged) AS flagged`,
    )
    .get() as { imports: number; blocks: number; flagged: number };

async function failure(p: Promise<unknown>): Promise<{ code: string; messageKey: string }> {
  try {
    await p;
  } catch (e) {
    if (isAppError(e)) return { code: e.code, messageKey: e.messageKey };
    throw e;
  }
  throw new Error('expected a failure');
}

/** Resolves at the first parsing progress of `grant` with rows already checked. */
const midway = (grant: string): Promise<void> =>
  new Promise((resolve) => {
    const off = events.on((name, payload) => {
      const p = payload as ImportProgress;
      if (
        name === 'import.progress' &&
        p.grant === grant &&
        p.phase === 'parsing' &&
        p.rowsDone > 0
      ) {
        off();
        resolve();
      }
    });
  });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sms-worker-import-'));
  db = openDatabase(join(dir, 'sms-desk.db'));
  bigFile = join(dir, 'big.csv');
  otherFile = join(dir, 'other.csv');
  writeFileSync(bigFile, customerCsv(BIG_ROWS, 1));
  writeFileSync(otherFile, customerCsv(OTHER_ROWS, 2));
  workers = new WorkerRunner({
    dbFile: join(dir, 'sms-desk.db'),
    clock,
    onSpawn: (w, task) => onSpawn?.(w, task),
  });
  service = new ImportsService({ db, clock, events, workers });
});

afterAll(async () => {
  await workers.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('imports in a worker thread', () => {
  it('saves the whole file through the worker, with progress and the same counts as in process', async () => {
    progress.length = 0;
    const viaWorker = await service.open(otherFile, {}, 'g-worker');
    const inProcess = await new ImportsService({ db, clock, events }).open(
      otherFile,
      {},
      'g-local',
    );
    expect(viaWorker.summary.total).toBe(OTHER_ROWS);
    expect(viaWorker.summary.problems).toBeGreaterThan(0);
    expect(viaWorker.summary.duplicatesRemoved).toBeGreaterThan(0);
    const { importId: _a, createdAt: _b, ...w } = viaWorker.summary;
    const { importId: _c, createdAt: _d, ...l } = inProcess.summary;
    expect(w).toEqual(l);
    expect(service.rows(viaWorker.importId, 'all', 19_990, 10).rows.map((r) => r.cells)).toEqual(
      service.rows(inProcess.importId, 'all', 19_990, 10).rows.map((r) => r.cells),
    );
    const phases = progress.filter((p) => p.grant === 'g-worker').map((p) => p.phase);
    expect(phases[0]).toBe('reading');
    expect(phases.at(-1)).toBe('done');
    await service.delete(viaWorker.importId);
    await service.delete(inProcess.importId);
    expect(tableCounts()).toEqual({ imports: 0, blocks: 0, flagged: 0 });
  });

  it('cancelled midway: import.open says so, and not one row of it is saved', async () => {
    const open = service.open(bigFile, {}, 'g-cancel');
    await midway('g-cancel');
    // Rows were being saved when the cancel came.
    expect(tableCounts().imports).toBe(1);
    expect(service.cancel('g-cancel')).toBe(true);
    expect(await failure(open)).toEqual({
      code: 'import_cancelled',
      messageKey: 'imports.errors.cancelled',
    });
    expect(tableCounts()).toEqual({ imports: 0, blocks: 0, flagged: 0 });
    // Nothing left to cancel once it is over.
    expect(service.cancel('g-cancel')).toBe(false);
  });

  it('a worker killed midway: a clear error, the database consistent, the next import works', async () => {
    let killed = false;
    onSpawn = (w, task) => {
      if (task !== 'import.open') return;
      void midway('g-kill').then(async () => {
        await w.terminate();
        killed = true;
      });
    };
    const err = await failure(service.open(bigFile, {}, 'g-kill'));
    onSpawn = undefined;
    expect(killed).toBe(true);
    expect(err).toEqual({ code: 'worker_stopped', messageKey: 'errors.workerStopped' });
    expect(tableCounts()).toEqual({ imports: 0, blocks: 0, flagged: 0 });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(progress.filter((p) => p.grant === 'g-kill').at(-1)?.phase).toBe('failed');
    const again = await service.open(otherFile, {}, 'g-after');
    expect(again.summary.total).toBe(OTHER_ROWS);
    await service.delete(again.importId);
  });

  it('checks every row again in a worker when the mapping changes, as in process', async () => {
    const local = new ImportsService({ db, clock, events });
    const a = await service.open(otherFile, {}, 'g-map-a');
    const b = await local.open(otherFile, {}, 'g-map-b');
    // Column B (the names) as the phone: every row becomes a problem.
    const viaWorker = await service.setMapping(a.importId, null, { phone: 1, params: [] }, false);
    const inProcess = await local.setMapping(b.importId, null, { phone: 1, params: [] }, false);
    expect(viaWorker.problems).toBe(OTHER_ROWS);
    expect(viaWorker.valid).toBe(0);
    const { importId: _a, createdAt: _b, ...w } = viaWorker;
    const { importId: _c, createdAt: _d, ...l } = inProcess;
    expect(w).toEqual(l);
    expect(service.rows(a.importId, 'problems', 0, 3).rows).toEqual(
      local.rows(b.importId, 'problems', 0, 3).rows,
    );
    await service.delete(a.importId);
    await service.delete(b.importId);
  });

  it('two imports at once both finish, each with its own rows', async () => {
    const [big, other] = await Promise.all([
      service.open(bigFile, {}, 'g-one'),
      service.open(otherFile, {}, 'g-two'),
    ]);
    expect(big.summary.total).toBe(BIG_ROWS);
    expect(other.summary.total).toBe(OTHER_ROWS);
    expect(big.importId).not.toBe(other.importId);
    expect(service.rows(big.importId, 'all', BIG_ROWS - 1, 1).rows[0]?.rowNumber).toBe(
      BIG_ROWS + 1,
    );
    expect(service.rows(other.importId, 'all', 0, 1).rows[0]?.cells[1]).toBe('客户0');
    expect(
      service
        .list()
        .map((s) => s.importId)
        .sort(),
    ).toEqual([big.importId, other.importId].sort());
  });
});
