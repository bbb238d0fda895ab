import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../../../src/main/core/store/db';
import { readUpdateBlockers } from '../../../../../src/main/core/updates/blockers';

const T0 = Date.UTC(2026, 11, 3, 2, 0, 0);

describe('readUpdateBlockers on a real database', () => {
  let dir: string;
  let db: Db;
  let nextJob = 1;

  function job(status: string, rows: [state: string, notBefore?: number][]): number {
    const id = nextJob++;
    db.prepare(
      `INSERT INTO jobs (id, idempotency_key, kind, sdk_app_id, template_id, template_content,
         template_kind, options, status, total, created_at, updated_at)
       VALUES (?, ?, 'batch', '1400000000', '1', 'x', 'notice', '{}', ?, ?, ?, ?)`,
    ).run(id, `key-${id}-0000000`, status, rows.length, T0, T0);
    rows.forEach(([state, notBefore], i) =>
      db
        .prepare(
          `INSERT INTO job_rows (job_id, row_no, phone, params, rendered, state, not_before,
             updated_at) VALUES (?, ?, ?, '[]', 'x', ?, ?, ?)`,
        )
        .run(id, i + 1, `+861380000${String(i).padStart(4, '0')}`, state, notBefore ?? null, T0),
    );
    return id;
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sms-desk-blockers-'));
    db = openDatabase(join(dir, 'sms-desk.db'));
    nextJob = 1;
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports nothing on an empty outbox', () => {
    expect(readUpdateBlockers(db)).toEqual({
      sendingJobs: 0,
      nextHeldAt: null,
      pausedWithUnknown: 0,
    });
  });

  it('counts running jobs with rows to send now, not finished or cancelled ones', () => {
    job('running', [['sent'], ['pending']]);
    job('running', [['sent'], ['sending']]);
    job('finished', [['pending']]);
    job('cancelled', [['pending']]);
    job('draft', [['pending']]);
    expect(readUpdateBlockers(db).sendingJobs).toBe(2);
  });

  it('counts a scheduled job as due at its time, but not one that missed it', () => {
    job('running', [['held', T0 + 90_000]]);
    const soon = job('scheduled', [['pending']]);
    const missed = job('scheduled', [['pending']]);
    db.prepare('UPDATE jobs SET scheduled_at = ? WHERE id = ?').run(T0 + 60_000, soon);
    db.prepare('UPDATE jobs SET scheduled_at = ?, schedule_missed_at = ? WHERE id = ?').run(
      T0 - 3_600_000,
      T0,
      missed,
    );
    expect(readUpdateBlockers(db).nextHeldAt).toBe(T0 + 60_000);
    db.prepare(`UPDATE job_rows SET state = 'sent' WHERE job_id = 1`).run();
    db.prepare(`UPDATE jobs SET status = 'cancelled' WHERE id = ?`).run(soon);
    expect(readUpdateBlockers(db).nextHeldAt).toBeNull();
  });

  it('counts a running job whose request is journaled but not yet answered', () => {
    const id = job('running', [['sent']]);
    db.prepare(
      `INSERT INTO send_journal (job_id, sdk_app_id, session_context, attempted_at, lo, hi, state)
       VALUES (?, '1400000000', 'ctx', ?, 1, 1, 'sending')`,
    ).run(id, T0);
    expect(readUpdateBlockers(db).sendingJobs).toBe(1);
  });

  it('gives the earliest held row of a running job; a job waiting on held rows only is not sending', () => {
    job('running', [['held', T0 + 3_600_000], ['held', T0 + 600_000], ['sent']]);
    job('paused', [['held', T0 + 1_000]]);
    expect(readUpdateBlockers(db)).toEqual({
      sendingJobs: 0,
      nextHeldAt: T0 + 600_000,
      pausedWithUnknown: 0,
    });
  });

  it('counts paused jobs with unknown rows', () => {
    job('paused', [['unknown'], ['sent']]);
    job('paused', [['failed']]);
    job('finished', [['unknown']]);
    expect(readUpdateBlockers(db).pausedWithUnknown).toBe(1);
  });
});
