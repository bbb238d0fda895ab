/**
 * Over a long history, `history.list` is answered by a worker thread: the same page and count
 * as the query on the main thread gives, with filters, at any depth.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../../../src/main/core';
import { HistoryRepo } from '../../../../../src/main/core/history/repo';
import { historyPage } from '../../../../../src/main/core/history/list-task';
import { openConnection, type Db } from '../../../../../src/main/core/store/db';
import type { HistoryFilter } from '../../../../../src/shared/api/history';

const ROWS = 30_000;
let dir: string;
let core: Core;
let db: Db;

/** A started job of ROWS rows, 1 in 10 failed, straight into the tables. */
function seed(file: string): void {
  const c = openConnection(file);
  const start = Date.now() - 86_400_000;
  const jobId = Number(
    c
      .prepare(
        `INSERT INTO jobs (idempotency_key, kind, sdk_app_id, template_id, template_content,
           template_kind, sign_name, options, status, total, created_at, started_at, finished_at,
           updated_at)
         VALUES ('history-worker-seed', 'batch', '1400000001', '2001001', '验证码{1}',
           'verification', 'SMS Desk练习', '{}', 'finished', ?, ?, ?, ?, ?)`,
      )
      .run(ROWS, start, start, start + ROWS, start + ROWS).lastInsertRowid,
  );
  const row = c.prepare(
    `INSERT INTO job_rows (job_id, row_no, phone, params, rendered, state, code, fee, attempts,
       attempted_at, sent_at, updated_at)
     VALUES (?, ?, ?, '["1"]', '【SMS Desk练习】验证码1', ?, ?, 1, 1, ?, ?, ?)`,
  );
  c.transaction(() => {
    for (let r = 1; r <= ROWS; r++) {
      const failed = r % 10 === 0;
      const at = start + r;
      row.run(
        jobId,
        r,
        `+86138${String(r).padStart(8, '0')}`,
        failed ? 'failed' : 'sent',
        failed ? 'LimitExceeded.PhoneNumberDailyLimit' : 'Ok',
        at,
        failed ? null : at,
        at,
      );
    }
  })();
  c.close();
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sms-desk-history-worker-'));
  core = await createCore({ dataDir: dir, env: {} });
  seed(join(dir, 'sms-desk.db'));
  db = openConnection(join(dir, 'sms-desk.db'));
});
afterAll(async () => {
  db?.close();
  await core?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('history.list over a long history', () => {
  it('answers the same pages and counts as the query on this thread', async () => {
    const cases: { filter: HistoryFilter; offset: number }[] = [
      { filter: {}, offset: 0 },
      { filter: {}, offset: ROWS - 20 },
      { filter: { states: ['failed'] }, offset: 100 },
      { filter: { phone: '138 0001 23' }, offset: 0 },
    ];
    for (const { filter, offset } of cases) {
      const r = await core.call('history.list', { filter, offset, limit: 50 });
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      const here = historyPage(new HistoryRepo(db), { filter, offset, limit: 50, now: Date.now() });
      expect((r.value as { rows: unknown[] }).rows.length).toBeGreaterThan(0);
      expect(r.value).toEqual(here);
    }
    const all = await core.call('history.list', { filter: {}, offset: 0, limit: 1 });
    expect(all).toMatchObject({ ok: true, value: { total: ROWS } });
  });
});
