/**
 * Statistics figures: 1,000,000 history rows (1,000 finished batch jobs of 1,000 rows over 50
 * Asia/Shanghai days, 5 % failed with one of 12 codes, 2 % international) in a real SQLite file.
 *
 *   npm run bench -- stats     or     npx tsx bench/stats.ts
 *
 * - stats.1m.firstQueryMs: the first 统计 query, which rolls up every job not yet rolled (in the
 *   app this happens job by job as each one ends, so a user never waits for all of them).
 * - stats.1m.queryMs: median of 9 daily queries over the last 30 days once rolled up (the case
 *   the page sees); stats.1m.queryAllMs the same over all 50 days, by week.
 * - stats.1m.naiveGroupByMs: baseline, one GROUP BY straight over job_rows for the same range.
 * - stats.1m.rollupRows: rows in the rollup table.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../src/main/core/kernel/log';
import type { JournalReads } from '../src/main/core/outbox';
import { openDatabase } from '../src/main/core/store/db';
import { SettingsRepo } from '../src/main/core/store/settings';
import { UsageService } from '../src/main/core/usage';
import type { SmsGateway } from '../src/main/core/gateway/types';

const JOBS = 1000;
const ROWS = 1000;
const DAYS = 50;
const DAY = 86_400_000;
const END = Date.UTC(2026, 10, 30, 16, 0, 0); // 2026-12-01 00:00 Beijing
const CODES = Array.from({ length: 12 }, (_, i) => `FailedOperation.Bench${i}`);

function seed(dir: string) {
  const db = openDatabase(join(dir, 'sms-desk.db'));
  const job = db.prepare(
    `INSERT INTO jobs (id, idempotency_key, kind, sdk_app_id, template_id, template_content,
       template_kind, sign_name, options, status, total, created_at, started_at, finished_at, updated_at)
     VALUES (?, ?, 'batch', '1400000001', ?, '您的验证码是{1}', 'verification', ?, '{}', 'finished', ?, ?, ?, ?, ?)`,
  );
  const row = db.prepare(
    `INSERT INTO job_rows (job_id, row_no, phone, params, rendered, state, code, serial_no, fee,
       attempts, attempted_at, sent_at, updated_at)
     VALUES (?, ?, ?, '["123456"]', '【SMS Desk练习】您的验证码是123456', ?, ?, ?, ?, 1, ?, ?, ?)`,
  );
  db.transaction(() => {
    for (let j = 1; j <= JOBS; j++) {
      const start = END - DAYS * DAY + Math.floor(((j - 1) * DAYS * DAY) / JOBS);
      job.run(
        j,
        `bench-${j}`,
        String(2001000 + (j % 5)),
        j % 3 ? '示例小店' : 'SMS Desk练习',
        ROWS,
        start,
        start,
        start + ROWS * 50,
        start + ROWS * 50,
      );
      for (let r = 1; r <= ROWS; r++) {
        const at = start + r * 50;
        const failed = (j * ROWS + r) % 20 === 0;
        const phone =
          (j + r) % 50 === 0
            ? `+85251${String(r).padStart(6, '0')}`
            : `+86138${String(j * ROWS + r).padStart(8, '0')}`;
        row.run(
          j,
          r,
          phone,
          failed ? 'failed' : 'sent',
          failed ? CODES[r % CODES.length] : 'Ok',
          failed ? null : `S${j}-${r}`,
          failed ? 0 : 1 + (r % 7 === 0 ? 1 : 0),
          at,
          failed ? null : at,
          at,
        );
      }
    }
  })();
  return db;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function run(): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'sms-desk-bench-stats-'));
  try {
    const db = seed(dir);
    const reads: JournalReads = { foldJournal: () => {}, read: (f) => f() };
    const gateway = { sdkAppId: '1400000001' } as SmsGateway;
    const usage = new UsageService({
      db,
      clock: { now: () => END - 1 },
      logger: silentLogger,
      settings: new SettingsRepo(db),
      reads,
      gateway: () => Promise.resolve(gateway),
    });
    const last30 = { from: END - 30 * DAY, to: END };
    let t = performance.now();
    const first = await usage.stats(last30, 'day');
    const firstQueryMs = performance.now() - t;
    const times: number[] = [];
    let sends = 0;
    for (let i = 0; i < 9; i++) {
      t = performance.now();
      sends = (await usage.stats(last30, 'day')).totals.sends;
      times.push(performance.now() - t);
    }
    if (sends !== first.totals.sends) throw new Error('rolled-up figures differ from the first');
    const all: number[] = [];
    for (let i = 0; i < 5; i++) {
      t = performance.now();
      await usage.stats({ from: END - DAYS * DAY, to: END }, 'week');
      all.push(performance.now() - t);
    }
    t = performance.now();
    const naive = db
      .prepare(
        `SELECT ((COALESCE(sent_at, attempted_at, updated_at) + 28800000) / 86400000) AS day,
           job_id, state, code, COUNT(*) AS n, SUM(fee) AS fee
         FROM job_rows WHERE COALESCE(sent_at, attempted_at, updated_at) >= ?
           AND COALESCE(sent_at, attempted_at, updated_at) < ? GROUP BY 1, 2, 3, 4`,
      )
      .all(last30.from, last30.to);
    const naiveGroupByMs = performance.now() - t;
    const rollupRows = (db.prepare('SELECT COUNT(*) AS n FROM usage_rollup').get() as { n: number })
      .n;
    db.close();
    const figures = {
      'stats.1m.firstQueryMs': Math.round(firstQueryMs),
      'stats.1m.queryMs': Math.round(median(times) * 10) / 10,
      'stats.1m.queryAllMs': Math.round(median(all) * 10) / 10,
      'stats.1m.naiveGroupByMs': Math.round(naiveGroupByMs),
      'stats.1m.rollupRows': rollupRows,
      'stats.1m.sendsLast30Days': sends,
    };
    console.log(`naive groups: ${naive.length}`);
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  void run().then((f) => console.log(f));
}
