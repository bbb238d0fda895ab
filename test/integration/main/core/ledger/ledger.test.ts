/** The ledger on a real SQLite file: what it stores, and the queries screens rely on. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_FREQUENCY_RULES } from '../../../../../src/shared/domain';
import { ManualClock } from '../../../../../src/main/core/kernel/clock';
import {
  createLedgerRoom,
  type LedgerScope,
  type LedgerService,
} from '../../../../../src/main/core/ledger';
import { openDatabase, type Db } from '../../../../../src/main/core/store/db';
import { turnsDuring } from '../../../../support/loop-turns';

const T0 = Date.UTC(2026, 10, 27, 2, 0, 0); // 10:00 Beijing
const scope: LedgerScope = { sdkAppId: '1400000001', rules: DEFAULT_FREQUENCY_RULES };
const phone = (i: number) => `+86137${String(10_000_000 + i).slice(-8)}`;

let dir: string;
let db: Db;
let clock: ManualClock;
let ledger: LedgerService;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sms-desk-ledger-'));
  db = openDatabase(join(dir, 'sms-desk.db'));
  clock = new ManualClock(T0);
  ledger = createLedgerRoom({ db, clock });
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('ledger', () => {
  it('persists sends per SdkAppId and survives a reopen', () => {
    ledger.repo.recordSends(scope.sdkAppId, [
      { phone: phone(1), at: T0 - 10_000, contentKey: 'k', jobId: 1, rowNo: 1 },
      { phone: phone(1), at: T0 - 20 * 60_000 },
    ]);
    ledger.repo.recordSends('1400000002', [{ phone: phone(1), at: T0 - 5_000 }]);
    db.close();
    db = openDatabase(join(dir, 'sms-desk.db'));
    ledger = createLedgerRoom({ db, clock });
    const [it1] = ledger.query(scope, [phone(1)]);
    expect(it1).toEqual({
      phone: phone(1),
      allowedAt: T0 + 20_000,
      reason: 'thirtySeconds',
      counts: { s30: 1, h1: 2, day: 2 },
    });
    const other = ledger.query({ ...scope, sdkAppId: '1400000002' }, [phone(1)])[0]!;
    expect(other.counts).toEqual({ s30: 1, h1: 1, day: 1 });
  });

  it('answers many numbers in input order with duplicates folded', () => {
    ledger.repo.recordSends(scope.sdkAppId, [{ phone: phone(2), at: T0 }]);
    const items = ledger.query(scope, [phone(3), phone(2), phone(3)]);
    expect(items.map((i) => i.phone)).toEqual([phone(3), phone(2)]);
    expect(items[0]!.reason).toBeNull();
    expect(items[0]!.allowedAt).toBe(T0);
    expect(items[1]!.allowedAt).toBe(T0 + 30_000);
  });

  it('applies the account rules it is given (hourly cap)', () => {
    const sends = Array.from({ length: 5 }, (_, i) => ({
      phone: phone(4),
      at: T0 - (50 - i) * 60_000,
    }));
    ledger.repo.recordSends(scope.sdkAppId, sends);
    const [it5] = ledger.query(scope, [phone(4)]);
    expect(it5!.reason).toBe('oneHour');
    expect(it5!.allowedAt).toBe(T0 - 50 * 60_000 + 3600_000);
    const [loose] = ledger.query({ ...scope, rules: { ...scope.rules, perHour: 6 } }, [phone(4)]);
    expect(loose!.reason).toBeNull();
  });

  it('records server-reported blocks only for limit codes', () => {
    expect(
      ledger.repo.recordBlock(
        scope.sdkAppId,
        phone(5),
        'FailedOperation.PhoneNumberInBlacklist',
        T0,
      ),
    ).toBeNull();
    const b = ledger.repo.recordBlock(
      scope.sdkAppId,
      phone(5),
      'LimitExceeded.PhoneNumberDailyLimit',
      T0,
    );
    const midnight = Date.UTC(2026, 10, 27, 16, 0, 0); // 00:00 Beijing on the 28th
    expect(b).toEqual({ code: 'LimitExceeded.PhoneNumberDailyLimit', at: T0, until: midnight });
    expect(ledger.query(scope, [phone(5)])[0]).toMatchObject({
      allowedAt: midnight,
      reason: 'server',
    });
    clock.set(midnight);
    expect(ledger.query(scope, [phone(5)])[0]!.reason).toBeNull();
  });

  it('lists 10,000 cooling numbers soonest first, paged, and drops them as they expire', () => {
    const n = 10_000;
    const sends = Array.from({ length: n }, (_, i) => ({ phone: phone(i), at: T0 - (i % 30_000) }));
    db.transaction(() => {
      ledger.repo.recordSends(scope.sdkAppId, sends);
      ledger.refresh(
        scope,
        sends.map((s) => s.phone),
      );
    })();
    const first = ledger.listCooling(scope, 0, 1000);
    expect(first.total).toBe(n);
    expect(first.items).toHaveLength(1000);
    // Sent last = cools longest; the soonest release is the oldest send.
    expect(first.items[0]!.phone).toBe(phone(n - 1));
    for (let i = 1; i < first.items.length; i++) {
      expect(first.items[i]!.allowedAt).toBeGreaterThanOrEqual(first.items[i - 1]!.allowedAt);
    }
    const last = ledger.listCooling(scope, 9_500, 1000);
    expect(last.items).toHaveLength(500);
    expect(last.items[499]!.phone).toBe(phone(0));
    const all = new Set(
      [...Array(10)].flatMap((_, p) =>
        ledger.listCooling(scope, p * 1000, 1000).items.map((i) => i.phone),
      ),
    );
    expect(all.size).toBe(n);

    clock.advance(30_000 - 5_000); // sends older than 5 s before T0 have expired
    const later = ledger.listCooling(scope, 0, 10_000);
    expect(later.total).toBe(5_000);
    expect(later.items.every((i) => i.allowedAt > clock.now())).toBe(true);
  });

  it('lists numbers held by their stored state alone (no send in 30 s) in order, paged', () => {
    // 40 numbers at their hourly limit (5 sends), the i-th one's first send i seconds later,
    // and one number sent once (free after 30 s): only the 40 stay cooling.
    const n = 40;
    const sends = [...Array(n)].flatMap((_, i) =>
      [0, 1, 2, 3, 4].map((k) => ({
        phone: phone(i),
        at: T0 - 50 * 60_000 + i * 1_000 + k * 60_000,
      })),
    );
    ledger.repo.recordSends(scope.sdkAppId, [...sends, { phone: phone(99), at: T0 - 60_000 }]);
    ledger.refresh(scope, [...[...Array(n)].map((_, i) => phone(i)), phone(99)]);
    clock.advance(31_000);
    const pages = [0, 15, 30].map((offset) => ledger.listCooling(scope, offset, 15));
    expect(pages.map((p) => p.total)).toEqual([n, n, n]);
    const listed = pages.flatMap((p) => p.items);
    expect(listed.map((i) => i.phone)).toEqual([...Array(n)].map((_, i) => phone(i)));
    expect(listed.every((i) => i.reason === 'oneHour' && i.allowedAt > clock.now())).toBe(true);
  });

  it('answers which of many numbers are held, a chunk at a time, with when each may go', () => {
    // 2,500 numbers asked about, three of them cooling (one blocked by Tencent): the answer
    // names exactly those, across the chunks the question is split into.
    db.transaction(() => {
      ledger.repo.recordSends(scope.sdkAppId, [
        { phone: phone(7), at: T0 - 1_000 },
        { phone: phone(1_500), at: T0 - 10_000 },
        // Outside every window by now: free.
        { phone: phone(2_000), at: T0 - 2 * 24 * 3600_000 },
      ]);
      ledger.repo.recordBlock(
        scope.sdkAppId,
        phone(2_400),
        'LimitExceeded.PhoneNumberOneHourLimit',
        T0 - 60_000,
      );
    })();
    const asked = Array.from({ length: 2_500 }, (_, i) => phone(i));
    const held = ledger.heldAmong(scope, asked);
    expect([...held.keys()].sort()).toEqual([phone(7), phone(1_500), phone(2_400)].sort());
    expect(held.get(phone(7))).toBe(T0 - 1_000 + 30_000);
    expect(held.get(phone(1_500))).toBe(T0 - 10_000 + 30_000);
    expect(held.get(phone(2_400))!).toBeGreaterThan(T0);
    clock.advance(30_000);
    expect([...ledger.heldAmong(scope, asked).keys()]).toEqual([phone(2_400)]);
  });

  it('uses one indexed statement for a set of numbers', () => {
    const plan = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT phone, sent_at FROM ledger_sends
         WHERE sdk_app_id = ? AND sent_at >= ? AND phone IN (SELECT value FROM json_each(?))`,
      )
      .all('a', 0, '[]')
      .map((r) => (r as { detail: string }).detail)
      .join(' | ');
    expect(plan).toContain('USING COVERING INDEX ledger_sends_phone');
  });

  describe('the numbers with history, read ahead in turns', () => {
    /** 20,000 numbers sent to within the hour (past two slices), two old ones past the day. */
    function seedSends(): void {
      db.transaction(() => {
        for (let i = 0; i < 20_000; i += 100) {
          ledger.repo.recordSends(
            scope.sdkAppId,
            Array.from({ length: 100 }, (_, k) => ({ phone: phone(i + k), at: T0 - 60_000 })),
          );
        }
        ledger.repo.recordSends(scope.sdkAppId, [
          { phone: phone(30_000), at: T0 - 3 * 86_400_000 },
        ]);
      })();
    }
    const known = (phones: string[]) =>
      [...ledger.repo.recentHistory(scope, phones, T0).keys()].sort();

    it('knows every number sent to in the window, and the loop turned while it read', async () => {
      seedSends();
      const { turns } = await turnsDuring(() => ledger.repo.warmStored(scope.sdkAppId, T0));
      expect(turns).toBeGreaterThanOrEqual(2);
      const generation = ledger.repo.storedGeneration(scope.sdkAppId);
      expect(generation).toBeDefined();
      const asked = [
        phone(0),
        phone(8_191),
        phone(8_192),
        phone(19_999),
        phone(30_000),
        phone(40_000),
      ];
      expect(known(asked)).toEqual([phone(0), phone(8_191), phone(8_192), phone(19_999)].sort());
      // The set read ahead is the one used: nothing was read again.
      expect(ledger.repo.storedGeneration(scope.sdkAppId)).toBe(generation);
    });

    it('adds a send recorded while it reads, and starts over when told the numbers are unknown', async () => {
      seedSends();
      const reading = ledger.repo.warmStored(scope.sdkAppId, T0);
      // Recorded elsewhere (the journal) and not in the table: only the note tells.
      ledger.repo.noteStored(scope.sdkAppId, [phone(50_000)]);
      await reading;
      expect(known([phone(50_000), phone(50_001)])).toEqual([phone(50_000)]);

      db.exec('DELETE FROM ledger_sends');
      ledger = createLedgerRoom({ db, clock });
      seedSends();
      const again = ledger.repo.warmStored(scope.sdkAppId, T0);
      ledger.repo.noteStored(scope.sdkAppId, null);
      await again;
      expect(ledger.repo.storedGeneration(scope.sdkAppId)).toBeUndefined();
    });

    it('leaves a set read meanwhile by a synchronous reader in place', async () => {
      seedSends();
      const reading = ledger.repo.warmStored(scope.sdkAppId, T0);
      expect(known([phone(1)])).toEqual([phone(1)]);
      const generation = ledger.repo.storedGeneration(scope.sdkAppId);
      await reading;
      expect(ledger.repo.storedGeneration(scope.sdkAppId)).toBe(generation);
    });
  });
});
