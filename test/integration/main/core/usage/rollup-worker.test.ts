import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../../src/main/core/kernel/clock';
import { silentLogger } from '../../../../../src/main/core/kernel/log';
import { WorkerRunner } from '../../../../../src/main/core/kernel/worker-run';
import { createSendJournal } from '../../../../../src/main/core/outbox';
import { openDatabase, type Db } from '../../../../../src/main/core/store/db';
import { SettingsRepo } from '../../../../../src/main/core/store/settings';
import { UsageService } from '../../../../../src/main/core/usage';
import { InboundRepo } from '../../../../../src/main/core/inbound/repo';
import type { SmsGateway } from '../../../../../src/main/core/gateway/types';
import { isAppError } from '../../../../../src/shared/errors';

/**
 * Statistics over many rows roll up (and count receipts) in worker threads: the figures must
 * be the ones the in-process rollup gives, for ended jobs and for a big paused job read live.
 */
const DAY = 86_400_000;
const END = Date.UTC(2026, 10, 30, 16, 0, 0);
const JOBS = 30;
const ROWS = 1_000;
const PAUSED_ROWS = 25_000;

function seed(db: Db): void {
  const job = db.prepare(
    `INSERT INTO jobs (id, idempotency_key, kind, sdk_app_id, template_id, template_content,
       template_kind, sign_name, options, status, total, created_at, started_at, finished_at, updated_at)
     VALUES (?, ?, 'batch', '1400000001', ?, '验证码{1}', 'verification', ?, '{}', ?, ?, ?, ?, ?, ?)`,
  );
  const row = db.prepare(
    `INSERT INTO job_rows (job_id, row_no, phone, params, rendered, state, code, serial_no, fee,
       attempts, attempted_at, sent_at, updated_at)
     VALUES (?, ?, ?, '["1"]', '【店】验证码1', ?, ?, NULL, ?, 1, ?, ?, ?)`,
  );
  db.transaction(() => {
    for (let j = 1; j <= JOBS + 1; j++) {
      const paused = j > JOBS;
      const rows = paused ? PAUSED_ROWS : ROWS;
      const start = END - 20 * DAY + j * 13 * 3_600_000;
      job.run(
        j,
        `k-${j}`,
        String(2001000 + (j % 3)),
        j % 2 ? '示例小店' : '练习',
        paused ? 'paused' : 'finished',
        rows,
        start,
        start,
        paused ? null : start + rows * 60_000,
        start + rows * 60_000,
      );
      for (let r = 1; r <= rows; r++) {
        const at = start + r * 60_000;
        const state = r % 17 === 0 ? 'failed' : r % 29 === 0 ? 'queued' : 'sent';
        row.run(
          j,
          r,
          r % 23 === 0
            ? `+85251${String(r).padStart(6, '0')}`
            : `+86139${String(r).padStart(8, '0')}`,
          state,
          state === 'failed' ? `FailedOperation.T${r % 5}` : state === 'sent' ? 'Ok' : null,
          state === 'sent' ? 1 + (r % 4 === 0 ? 1 : 0) : 0,
          at,
          state === 'sent' ? at : null,
          at,
        );
      }
    }
  })();
}

const gateway = { sdkAppId: '1400000001' } as SmsGateway;
const range = { from: END - 30 * DAY, to: END };

let dir: string;
const dbs: Db[] = [];
const spawned: string[] = [];
const runners: WorkerRunner[] = [];

/** A runner for the database of `name`; `onSpawn` sees each worker as it starts. */
function runner(name: string, onSpawn?: (w: Worker) => void): WorkerRunner {
  const r = new WorkerRunner({
    dbFile: join(dir, name, 'sms-desk.db'),
    clock: new ManualClock(END - 1),
    logger: silentLogger,
    onSpawn: (w, task) => {
      spawned.push(task);
      onSpawn?.(w);
    },
  });
  runners.push(r);
  return r;
}

function service(name: string, workers?: WorkerRunner, seeded = false): UsageService {
  const db = openDatabase(join(dir, name, 'sms-desk.db'));
  dbs.push(db);
  if (!seeded) seed(db);
  return new UsageService({
    db,
    clock: new ManualClock(END - 1),
    logger: silentLogger,
    settings: new SettingsRepo(db),
    reads: createSendJournal(db, silentLogger).reads,
    gateway: () => Promise.resolve(gateway),
    // The receipts room's own count, as the composition root wires it.
    delivery: {
      countsPerDay: (app, from, to) => new InboundRepo(db).countsPerDay(app, from, to, END - 1),
      countsForJob: (jobId) => new InboundRepo(db).countsForJob(jobId, END - 1),
    },
    ...(workers ? { workers } : {}),
  });
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sms-rollup-worker-'));
});

afterAll(async () => {
  for (const r of runners) await r.close();
  for (const db of dbs) db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('statistics rolled up in a worker thread', () => {
  it('gives the in-process figures, for ended jobs and a big paused job alike', async () => {
    const here = service('here');
    const there = service('worker', runner('worker'));
    for (const granularity of ['day', 'week'] as const) {
      const expected = await here.stats(range, granularity);
      expect(expected.totals.sends).toBeGreaterThan(JOBS * ROWS * 0.9);
      expect(expected.totals.waiting).toBeGreaterThan(JOBS * ROWS * 0.9);
      spawned.length = 0;
      expect(await there.stats(range, granularity)).toEqual(expected);
      // The paused job is read live each time (its 25,000 rows are too many for this thread),
      // and the receipts of more than 20,000 sends are counted in a worker too.
      expect(spawned).toEqual(['usage.rollup', 'usage.deliveryPerDay']);
    }
    const rolled = (db: Db) =>
      db.prepare('SELECT * FROM usage_rollup ORDER BY job_id, day, state, code, cc').all();
    expect(rolled(dbs[1]!)).toEqual(rolled(dbs[0]!));
  });

  it('answers worker_stopped when the worker dies, and the next query works', async () => {
    const dying = service(
      'killed',
      runner('killed', (w) => void w.terminate()),
    );
    let error: unknown = null;
    try {
      await dying.stats(range, 'day');
    } catch (e) {
      error = e;
    }
    expect(isAppError(error) && error.code).toBe('worker_stopped');
    const again = service('killed', runner('killed'), true);
    const expected = await service('reference').stats(range, 'day');
    expect(await again.stats(range, 'day')).toEqual(expected);
  });
});
