/**
 * The batch page's pre-flight of a long job (`job.plan`, `usage.preflight`) and a long job's
 * cost (`usage.jobCost`) read every row in a worker thread: the same answers as on this thread.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createCore, type Core } from '../../../../../src/main/core';
import { ManualClock } from '../../../../../src/main/core/kernel/clock';
import { LedgerRepo } from '../../../../../src/main/core/ledger/repo';
import { LedgerService } from '../../../../../src/main/core/ledger/service';
import { planJob } from '../../../../../src/main/core/outbox/job-plan';
import { OutboxRepo } from '../../../../../src/main/core/outbox/repo';
import { openConnection, type Db } from '../../../../../src/main/core/store/db';
import { preflightRows, sentCost } from '../../../../../src/main/core/usage/job-cost';
import { DEFAULT_FREQUENCY_RULES } from '../../../../../src/shared/domain';
import { LOCAL_CODES } from '../../../../../src/shared/tencent-errors';
import { defaultPriceTable } from '../../../../../src/shared/usage/cost';

const ROWS = 25_000;
const NOW = Date.UTC(2026, 11, 4, 2, 0, 0); // 10:00 Beijing
let dir: string;
let core: Core;
let db: Db;
let sdkAppId: string;

const phoneOf = (r: number): string =>
  r % 97 === 0
    ? `+1415555${String(r).padStart(4, '0').slice(-4)}`
    : `+86138${String(r).padStart(8, '0')}`;

/**
 * A job of 25,000 rows in every shape the pre-flight counts: long texts (two segments), numbers
 * abroad, re-send warnings, opted-out rows, rows already sent (with fees), and numbers sent to
 * 10 s ago (held by the 30-second rule).
 */
function seed(file: string, status: 'draft' | 'paused'): number {
  const c = openConnection(file);
  const id = Number(
    c
      .prepare(
        `INSERT INTO jobs (idempotency_key, kind, sdk_app_id, template_id, template_content,
           template_kind, sign_name, options, status, total, created_at, updated_at)
         VALUES (?, 'batch', ?, '2001001', '验证码{1}', 'verification', 'SMS Desk练习',
           '{"marketing":false,"heldPolicy":"wait"}', ?, ?, ?, ?)`,
      )
      .run(`preflight-worker-${status}`, sdkAppId, status, ROWS, NOW, NOW).lastInsertRowid,
  );
  const row = c.prepare(
    `INSERT INTO job_rows (job_id, row_no, phone, params, rendered, state, code, fee,
       recent_send_at, updated_at)
     VALUES (?, ?, ?, '["1"]', ?, ?, ?, ?, ?, ?)`,
  );
  const send = c.prepare(
    'INSERT INTO ledger_sends (sdk_app_id, phone, sent_at, content_key) VALUES (?, ?, ?, ?)',
  );
  c.transaction(() => {
    for (let r = 1; r <= ROWS; r++) {
      const text = `【SMS Desk练习】验证码${r}${r % 7 === 0 ? '，'.repeat(70) : ''}`;
      const sent = r % 5 === 0;
      const optedOut = !sent && r % 17 === 0;
      row.run(
        id,
        r + 1,
        phoneOf(r),
        text,
        sent ? 'sent' : optedOut ? 'skipped' : 'pending',
        sent ? 'Ok' : optedOut ? LOCAL_CODES.optedOut : null,
        sent ? 1 + (r % 7 === 0 ? 1 : 0) : null,
        r % 13 === 0 ? NOW - 3_600_000 : null,
        NOW,
      );
      if (r % 83 === 0) send.run(sdkAppId, phoneOf(r), NOW - 10_000, 'x');
    }
  })();
  c.close();
  return id;
}

let jobId: number;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sms-desk-preflight-worker-'));
  core = await createCore({
    dataDir: dir,
    env: {},
    clock: new ManualClock(NOW),
    inbound: { autoStart: false },
  });
  sdkAppId = (await core.context.gateways.current()).sdkAppId;
  jobId = seed(join(dir, 'sms-desk.db'), 'draft');
  db = openConnection(join(dir, 'sms-desk.db'));
});
afterAll(async () => {
  db?.close();
  await core?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function ok<T>(name: string, input: unknown): Promise<T> {
  const r = await core.call(name, input);
  if (!r.ok) throw new Error(`${name} failed: ${JSON.stringify(r.error)}`);
  return r.value as T;
}

describe('the pre-flight of a long job', () => {
  it('is planned in a worker thread, as the plan on this thread says', async () => {
    const run = vi.spyOn(core.context.workers, 'run');
    const plan = await ok<{ rows: number; held: { count: number } }>('job.plan', { jobId });
    expect(run.mock.calls.map((c) => c[0])).toContain('job.plan');
    run.mockRestore();

    const reads = { foldJournal: () => {}, read: <T>(f: () => T) => f() };
    const job = new OutboxRepo(db, reads).jobById(jobId)!;
    const ledger = new LedgerService({ repo: new LedgerRepo(db), clock: new ManualClock(NOW) });
    const here = planJob(db, ledger, job, { sdkAppId, rules: DEFAULT_FREQUENCY_RULES }, NOW);
    expect(plan).toEqual(here);
    // Every shape is in it: the comparison could tell a wrong count.
    expect(here.held.count).toBeGreaterThan(100);
    expect(here.recentDuplicates.count).toBeGreaterThan(1000);
    expect(here.optedOut!.count).toBeGreaterThan(500);
    expect(here.rows).toBe(ROWS - ROWS / 5 - here.optedOut!.count);
    expect(here.billedSegments).toBeGreaterThan(here.rows);
  });

  it('costs the rows to send and the rows sent in a worker thread, as counted here', async () => {
    const run = vi.spyOn(core.context.workers, 'run');
    const pre = await ok<Record<string, unknown>>('usage.preflight', { jobId });
    const cost = await ok<Record<string, unknown>>('usage.jobCost', { jobId });
    expect(run.mock.calls.map((c) => c[0])).toEqual(
      expect.arrayContaining(['usage.preflightRows', 'usage.sentCost']),
    );
    run.mockRestore();

    const prices = defaultPriceTable();
    // The practice account's packages: some of the rows go before they run out.
    const remaining = pre.remaining as number;
    const here = preflightRows(db, { jobId, remaining, prices });
    expect(pre).toMatchObject(here);
    expect(here.rows).toBeGreaterThan(15_000);
    expect(here.cost.unpricedSegments + here.cost.units).toBeGreaterThan(0);
    expect(cost).toEqual(sentCost(db, { jobId, prices }));
    expect(cost.segments).toBe(ROWS / 5 + Math.floor(ROWS / 35));
  });
});
