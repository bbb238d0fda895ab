/**
 * With a long ledger, `cooldown.list` is answered by a worker thread: the same numbers, order,
 * counts and total as the ledger on the main thread gives.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../../../src/main/core';
import { ManualClock } from '../../../../../src/main/core/kernel/clock';
import { LedgerRepo } from '../../../../../src/main/core/ledger/repo';
import { LedgerService } from '../../../../../src/main/core/ledger/service';
import { openConnection, type Db } from '../../../../../src/main/core/store/db';
import { DEFAULT_FREQUENCY_RULES } from '../../../../../src/shared/domain';

const NUMBERS = 25_000;
const NOW = Date.UTC(2026, 11, 4, 4, 0, 0);
let dir: string;
let core: Core;
let db: Db;
let sdkAppId: string;

/** Every number had 5 sends in the last 50 minutes, its state stored as the ledger stores it. */
function seed(file: string): void {
  const c = openConnection(file);
  const send = c.prepare(
    'INSERT INTO ledger_sends (sdk_app_id, phone, sent_at, content_key) VALUES (?, ?, ?, ?)',
  );
  const state = c.prepare(
    `INSERT OR REPLACE INTO ledger_state (sdk_app_id, phone, allowed_at, reason, updated_at)
     VALUES (?, ?, ?, 'oneHour', ?)`,
  );
  c.transaction(() => {
    for (let i = 0; i < NUMBERS; i++) {
      const phone = `+86137${String(i).padStart(8, '0')}`;
      // Spread over ten minutes, so the list has an order to keep.
      const first = NOW - 50 * 60_000 - (i % 600) * 1000;
      for (let k = 0; k < 5; k++) send.run(sdkAppId, phone, first + k * 10 * 60_000, 'x');
      state.run(sdkAppId, phone, first + 3_600_000, NOW);
    }
    // And one sent to 10 s ago: held by the 30-second rule.
    send.run(sdkAppId, '+8613900000001', NOW - 10_000, 'x');
  })();
  c.close();
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sms-desk-cooldown-worker-'));
  core = await createCore({ dataDir: dir, env: {}, clock: new ManualClock(NOW) });
  sdkAppId = (await core.context.gateways.current()).sdkAppId;
  seed(join(dir, 'sms-desk.db'));
  db = openConnection(join(dir, 'sms-desk.db'));
});
afterAll(async () => {
  db?.close();
  await core?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('cooldown.list over a long ledger', () => {
  it('answers the same pages as the ledger on this thread', async () => {
    const here = new LedgerService({ repo: new LedgerRepo(db), clock: new ManualClock(NOW) });
    const scope = { sdkAppId, rules: DEFAULT_FREQUENCY_RULES };
    for (const offset of [0, 12_345, NUMBERS - 3]) {
      const r = await core.call('cooldown.list', { offset, limit: 20 });
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      const want = here.listCooling(scope, offset, 20, NOW);
      expect(r.value).toEqual({ ...want, now: NOW });
    }
    // Every number of the hour, and the one held by the 30-second rule.
    const first = await core.call('cooldown.list', { offset: 0, limit: 1 });
    expect(first).toMatchObject({ ok: true, value: { total: NUMBERS + 1 } });
  });
});
