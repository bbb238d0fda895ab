/**
 * Over a long history the receipts room's scans for rows still waiting run in a worker thread:
 * the worker answers exactly what the query here answers, and a pull cycle over 25,000 waiting
 * rows still sees them waiting and keeps pulling soon.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../../../src/main/core';
import { ManualClock } from '../../../../../src/main/core/kernel/clock';
import { WorkerRunner } from '../../../../../src/main/core/kernel/worker-run';
import { InboundRepo } from '../../../../../src/main/core/inbound/repo';
import { INBOUND_TIMING } from '../../../../../src/main/core/inbound/service';
import { openConnection, type Db } from '../../../../../src/main/core/store/db';

const ROWS = 25_000;
let dir: string;
let core: Core;
let db: Db;
let sdkAppId: string;
const now = Date.now();

/** A job sent 20 minutes ago: every row sent with a serial number, no receipt yet. */
function seed(file: string): void {
  const c = openConnection(file);
  const start = now - 20 * 60_000;
  const jobId = Number(
    c
      .prepare(
        `INSERT INTO jobs (idempotency_key, kind, sdk_app_id, template_id, template_content,
           template_kind, sign_name, options, status, total, created_at, started_at, finished_at,
           updated_at)
         VALUES ('inbound-scan-seed', 'batch', ?, '2001001', '验证码{1}', 'verification',
           'SMS Desk练习', '{}', 'finished', ?, ?, ?, ?, ?)`,
      )
      .run(sdkAppId, ROWS, start, start, start + ROWS, start + ROWS).lastInsertRowid,
  );
  const row = c.prepare(
    `INSERT INTO job_rows (job_id, row_no, phone, params, rendered, state, code, serial_no, fee,
       attempts, attempted_at, sent_at, updated_at)
     VALUES (?, ?, ?, '["1"]', '【SMS Desk练习】验证码1', 'sent', 'Ok', ?, 1, 1, ?, ?, ?)`,
  );
  c.transaction(() => {
    for (let r = 1; r <= ROWS; r++) {
      const at = start + r;
      row.run(jobId, r, `+86138${String(r).padStart(8, '0')}`, `2019:scan-${r}`, at, at, at);
    }
  })();
  c.close();
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sms-desk-inbound-scan-'));
  core = await createCore({
    dataDir: dir,
    env: {},
    clock: new ManualClock(now),
    inbound: { autoStart: false, sleep: () => Promise.resolve() },
  });
  sdkAppId = (await core.context.gateways.current()).sdkAppId;
  seed(join(dir, 'sms-desk.db'));
  db = openConnection(join(dir, 'sms-desk.db'));
});
afterAll(async () => {
  db?.close();
  await core?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('scans for rows still waiting, over a long history', () => {
  it('the worker answers what the query here answers', async () => {
    const workers = new WorkerRunner({
      dbFile: join(dir, 'sms-desk.db'),
      clock: new ManualClock(now),
    });
    try {
      const repo = new InboundRepo(db);
      const req = { sdkAppId, from: now - 3600_000, before: now, limit: 80 };
      const there = await workers.run('inbound.waitingNumbers', req);
      expect(there).toEqual(repo.waitingNumbers(req.sdkAppId, req.from, req.before, req.limit));
      expect((there as unknown[]).length).toBe(80);
      const since = { sdkAppId, since: now - 3600_000 };
      expect(await workers.run('inbound.anyWaitingSince', since)).toBe(true);
      expect(await workers.run('inbound.anyWaitingSince', { ...since, since: now + 1 })).toBe(
        false,
      );
    } finally {
      await workers.close();
    }
  });

  it('a pull cycle sees the rows waiting and pulls again soon', async () => {
    const result = await core.context.inbound!.service.cycle();
    expect(result.nextInMs).toBe(INBOUND_TIMING.busyMs);
  });
});
