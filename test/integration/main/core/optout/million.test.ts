/**
 * The do-not-send list at its size goal: a million numbers, and 100,000 rows of pre-flight that
 * leave out exactly the listed ones. Correctness only; the cost is measured by
 * `npm run bench -- optout` (optout.check.1m.*), since tests assert no timings.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../../../src/main/core';
import { startEmulator, type RunningEmulator } from '../../../../../src/main/core/emulator';
import { createKeytarStore } from '../../../../../src/main/core/keychain';
import { ManualClock } from '../../../../../src/main/core/kernel/clock';
import { openDatabase } from '../../../../../src/main/core/store/db';
import { DB_FILE } from '../../../../../src/main/core/store/recovery';
import { BEIJING_10AM, testProfile } from '../../../../support/outbox/env';
import { fillOptOut, listedPhone } from '../../../../support/optout/fill';
import type { JobPlan } from '../../../../../src/shared/api/outbox';

let dir: string;
let emu: RunningEmulator;
let core: Core;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sms-desk-optout-1m-'));
  const clock = new ManualClock(BEIJING_10AM);
  emu = await startEmulator({ now: () => clock.now(), profile: testProfile() });
  core = await createCore({
    dataDir: dir,
    clock,
    env: { SMS_DESK_PRACTICE_EMULATOR: emu.endpoint },
    packaged: false,
    secretStore: createKeytarStore(`SMS Desk Test ${process.pid}`),
    inbound: { autoStart: false },
  });
  // A second connection, as a worker would have: WAL lets both work on the file.
  const db = openDatabase(join(dir, DB_FILE));
  fillOptOut(db, emu.account.sdkAppId, 1_000_000, BEIJING_10AM);
  db.close();
}, 120_000);

afterAll(async () => {
  await core?.close();
  await emu?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a million numbers on the do-not-send list', () => {
  it('holds them all; 100,000 rows of pre-flight leave out exactly the listed ones', async () => {
    const total = await core.call('optout.list', { limit: 1 });
    expect(total).toMatchObject({ ok: true, value: { total: 1_000_000 } });
    // Every 10th row is a listed number; the others are not on the list.
    const rows = Array.from({ length: 10_000 }, (_, i) => ({
      rowNo: i + 1,
      phone: i % 10 === 0 ? listedPhone(i * 97) : `+86137${String(i).padStart(8, '0')}`,
      params: ['张三', '体检', '明天'],
    }));
    // job.create takes 10,000 rows per call (bigger batches come from an import): ten jobs
    // make the same 100,000 pre-flight checks.
    let planned = 0;
    let left = 0;
    for (let k = 0; k < 10; k++) {
      const created = await core.call('job.create', {
        idempotencyKey: `million-${k}`,
        kind: 'batch',
        templateId: '2001002',
        templateContent: '{1}您好，您预约的{2}将于{3}开始，请准时到达。',
        templateKind: 'notification',
        signName: 'SMS Desk练习',
        rows,
      });
      if (!created.ok) throw new Error(JSON.stringify(created.error));
      const { job } = created.value as { job: { id: number } };
      const plan = await core.call('job.plan', { jobId: job.id });
      if (!plan.ok) throw new Error(JSON.stringify(plan.error));
      const p = plan.value as JobPlan;
      planned += p.rows;
      left += p.optedOut?.count ?? 0;
    }
    expect(left).toBe(10_000);
    expect(planned).toBe(90_000);
  }, 120_000);
});
