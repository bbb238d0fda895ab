/**
 * 概览's last job: for a big job its receipts are counted in a worker thread, with the same
 * figures the receipts room counts on the main thread.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../../../src/main/core';
import { ManualClock } from '../../../../../src/main/core/kernel/clock';
import { InboundRepo } from '../../../../../src/main/core/inbound/repo';
import { openConnection, type Db } from '../../../../../src/main/core/store/db';

const ROWS = 25_000;
const now = Date.now();
let dir: string;
let core: Core;
let db: Db;
let jobId: number;

/** A job sent an hour ago: 1 in 5 rows delivered, 1 in 50 failed to deliver, the rest waiting. */
function seed(file: string, sdkAppId: string): number {
  const c = openConnection(file);
  const start = now - 3600_000;
  const id = Number(
    c
      .prepare(
        `INSERT INTO jobs (idempotency_key, kind, sdk_app_id, template_id, template_content,
           template_kind, sign_name, options, status, total, created_at, started_at, finished_at,
           updated_at)
         VALUES ('overview-worker-seed', 'batch', ?, '2001001', '验证码{1}', 'verification',
           'SMS Desk练习', '{}', 'finished', ?, ?, ?, ?, ?)`,
      )
      .run(sdkAppId, ROWS, start, start, start + ROWS, start + ROWS).lastInsertRowid,
  );
  const row = c.prepare(
    `INSERT INTO job_rows (job_id, row_no, phone, params, rendered, state, code, serial_no, fee,
       attempts, attempted_at, sent_at, updated_at)
     VALUES (?, ?, ?, '["1"]', '【SMS Desk练习】验证码1', 'sent', 'Ok', ?, 1, 1, ?, ?, ?)`,
  );
  const receipt = c.prepare(
    `INSERT INTO receipts (sdk_app_id, serial_no, phone, session_context, delivered,
       report_status, description, received_at, pulled_at)
     VALUES (?, ?, ?, '', ?, ?, '', ?, ?)`,
  );
  c.transaction(() => {
    for (let r = 1; r <= ROWS; r++) {
      const at = start + r;
      const phone = `+86138${String(r).padStart(8, '0')}`;
      const serial = `2019:overview-${r}`;
      row.run(id, r, phone, serial, at, at, at);
      if (r % 5 === 0) receipt.run(sdkAppId, serial, phone, 1, 'SUCCESS', at + 5000, at + 6000);
      else if (r % 50 === 1) receipt.run(sdkAppId, serial, phone, 0, 'FAIL', at + 5000, at + 6000);
    }
  })();
  c.close();
  return id;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sms-desk-overview-worker-'));
  core = await createCore({
    dataDir: dir,
    env: {},
    clock: new ManualClock(now),
    inbound: { autoStart: false },
  });
  const sdkAppId = (await core.context.gateways.current()).sdkAppId;
  jobId = seed(join(dir, 'sms-desk.db'), sdkAppId);
  db = openConnection(join(dir, 'sms-desk.db'));
});
afterAll(async () => {
  db?.close();
  await core?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('usage.overview with a big last job', () => {
  it('counts its receipts as the receipts room does', async () => {
    const r = await core.call('usage.overview', {});
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    const here = new InboundRepo(db).countsForJob(jobId, now);
    expect(here).toEqual({ delivered: 5000, failed: 500, waiting: 19_500, expired: 0 });
    const { expired: _expired, ...shown } = here;
    expect((r.value as { lastJob: unknown }).lastJob).toEqual({ jobId, ...shown });
  });
});
