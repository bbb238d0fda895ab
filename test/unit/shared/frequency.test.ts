import { describe, expect, it } from 'vitest';
import { DEFAULT_FREQUENCY_RULES, type FrequencyRules } from '../../../src/shared/domain';
import {
  beijingDayStart,
  computeCooldown,
  nextBeijingMidnight,
  serverBlockFor,
  type CooldownBlock,
} from '../../../src/shared/frequency';

const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;
const DAY = 24 * H;
/** 2026-11-27 00:00 Beijing = 2026-11-26 16:00 UTC. */
const BJ_MIDNIGHT = Date.UTC(2026, 10, 26, 16, 0, 0);
/** 2026-11-27 10:00 Beijing. */
const NOW = BJ_MIDNIGHT + 10 * H;
const rules = DEFAULT_FREQUENCY_RULES;

function cd(sends: number[], now = NOW, r: FrequencyRules = rules, blocks: CooldownBlock[] = []) {
  return computeCooldown({ sends, blocks, rules: r, now });
}

describe('Beijing day', () => {
  it('starts at 16:00 UTC', () => {
    expect(beijingDayStart(NOW)).toBe(BJ_MIDNIGHT);
    expect(beijingDayStart(BJ_MIDNIGHT)).toBe(BJ_MIDNIGHT);
    expect(beijingDayStart(BJ_MIDNIGHT - 1)).toBe(BJ_MIDNIGHT - DAY);
    expect(beijingDayStart(BJ_MIDNIGHT + DAY - 1)).toBe(BJ_MIDNIGHT);
  });

  it('differs from the UTC day', () => {
    const utcMidnight = Date.UTC(2026, 10, 27, 0, 0, 0); // 08:00 Beijing
    expect(beijingDayStart(utcMidnight)).toBe(BJ_MIDNIGHT);
    // 15:59:59.999 UTC is 23:59:59.999 Beijing: still the previous Beijing day.
    expect(beijingDayStart(Date.UTC(2026, 10, 26, 15, 59, 59, 999))).toBe(BJ_MIDNIGHT - DAY);
  });

  it('next midnight is strictly after t', () => {
    expect(nextBeijingMidnight(NOW)).toBe(BJ_MIDNIGHT + DAY);
    expect(nextBeijingMidnight(BJ_MIDNIGHT)).toBe(BJ_MIDNIGHT + DAY);
    expect(nextBeijingMidnight(BJ_MIDNIGHT - 1)).toBe(BJ_MIDNIGHT);
  });

  it('has no daylight saving: every day is 24 h across a year', () => {
    let t = beijingDayStart(Date.UTC(2026, 0, 1, 12));
    for (let i = 0; i < 366; i++) {
      const next = nextBeijingMidnight(t);
      expect(next - t).toBe(DAY);
      expect(new Date(next).getUTCHours()).toBe(16);
      t = next;
    }
  });

  it('works before 1970', () => {
    const t = Date.UTC(1969, 11, 31, 20, 0, 0); // 04:00 on 1 Jan 1970 Beijing
    expect(beijingDayStart(t)).toBe(Date.UTC(1969, 11, 31, 16, 0, 0));
  });
});

describe('computeCooldown', () => {
  it('empty history: may send now', () => {
    expect(cd([])).toEqual({ allowedAt: NOW, reason: null, counts: { s30: 0, h1: 0, day: 0 } });
  });

  it('1 per 30 s: next send at lastSend + 30 s', () => {
    const r = cd([NOW - 10 * S]);
    expect(r).toEqual({
      allowedAt: NOW + 20 * S,
      reason: 'thirtySeconds',
      counts: { s30: 1, h1: 1, day: 1 },
    });
  });

  it('window boundary: exactly 30 000 ms ago no longer counts, 29 999 ms ago does', () => {
    expect(cd([NOW - 30_000])).toEqual({
      allowedAt: NOW,
      reason: null,
      counts: { s30: 0, h1: 1, day: 1 },
    });
    const r = cd([NOW - 29_999]);
    expect(r.allowedAt).toBe(NOW + 1);
    expect(r.reason).toBe('thirtySeconds');
    expect(r.counts.s30).toBe(1);
  });

  it('a send at exactly now counts', () => {
    const r = cd([NOW]);
    expect(r.allowedAt).toBe(NOW + 30 * S);
    expect(r.counts).toEqual({ s30: 1, h1: 1, day: 1 });
  });

  it('5 per hour: the 5th most recent send + 1 h', () => {
    const sends = [NOW - 50 * MIN, NOW - 40 * MIN, NOW - 30 * MIN, NOW - 20 * MIN, NOW - 10 * MIN];
    const r = cd([...sends].reverse()); // order must not matter
    expect(r.allowedAt).toBe(NOW - 50 * MIN + H);
    expect(r.reason).toBe('oneHour');
    expect(r.counts).toEqual({ s30: 0, h1: 5, day: 5 });
  });

  it('hour boundary: a send exactly 1 h ago does not count', () => {
    const sends = [NOW - H, NOW - 40 * MIN, NOW - 30 * MIN, NOW - 20 * MIN, NOW - 10 * MIN];
    const r = cd(sends);
    expect(r.counts.h1).toBe(4);
    expect(r.allowedAt).toBe(NOW);
    expect(r.reason).toBeNull();
  });

  it('with 6 sends in the hour, waits for the 5th most recent (not the oldest)', () => {
    const sends = [55, 50, 40, 30, 20, 10].map((m) => NOW - m * MIN);
    expect(cd(sends, NOW, { ...rules, perHour: 5 }).allowedAt).toBe(NOW - 50 * MIN + H);
  });

  it('10 per day: next Beijing midnight', () => {
    const sends = Array.from({ length: 10 }, (_, i) => BJ_MIDNIGHT + i * H); // 00:00 … 09:00
    const r = cd(sends, NOW, { perThirtySeconds: 1, perHour: 100, perDay: 10 });
    expect(r).toEqual({
      allowedAt: BJ_MIDNIGHT + DAY,
      reason: 'day',
      counts: { s30: 0, h1: 0, day: 10 }, // the 09:00 send is exactly 1 h old
    });
    expect(new Date(r.allowedAt).toISOString()).toBe('2026-11-27T16:00:00.000Z');
  });

  it('the day resets at Beijing midnight (16:00 UTC), not at UTC midnight', () => {
    const r10 = { perThirtySeconds: 1, perHour: 100, perDay: 10 };
    // Ten sends yesterday evening Beijing time (before 16:00 UTC).
    const sends = Array.from({ length: 10 }, (_, i) => BJ_MIDNIGHT - (i + 1) * 5 * MIN);
    const before = cd(sends, BJ_MIDNIGHT - 1, r10);
    expect(before.reason).toBe('day');
    expect(before.allowedAt).toBe(BJ_MIDNIGHT);
    const after = cd(sends, BJ_MIDNIGHT, r10);
    expect(after.counts.day).toBe(0);
    expect(after.allowedAt).toBe(BJ_MIDNIGHT);
    expect(after.reason).toBeNull();
  });

  it('a send at exactly Beijing midnight belongs to the new day', () => {
    const r = cd([BJ_MIDNIGHT], BJ_MIDNIGHT + 2 * H);
    expect(r.counts.day).toBe(1);
    const prev = cd([BJ_MIDNIGHT - 1], BJ_MIDNIGHT + 2 * H);
    expect(prev.counts.day).toBe(0);
  });

  it('takes the latest of all windows', () => {
    // 30 s window also blocked, but the day window (midnight) is later.
    const sends = Array.from({ length: 9 }, (_, i) => BJ_MIDNIGHT + i * H);
    sends.push(NOW - 5 * S);
    const r = cd(sends, NOW, { perThirtySeconds: 1, perHour: 100, perDay: 10 });
    expect(r.reason).toBe('day');
    expect(r.counts).toEqual({ s30: 1, h1: 1, day: 10 });
  });

  it('higher limits allow more sends per window', () => {
    const r = cd([NOW - 5 * S, NOW - 3 * S], NOW, { perThirtySeconds: 3, perHour: 5, perDay: 10 });
    expect(r.allowedAt).toBe(NOW);
    const full = cd([NOW - 5 * S, NOW - 3 * S, NOW - 1 * S], NOW, {
      perThirtySeconds: 3,
      perHour: 5,
      perDay: 10,
    });
    expect(full.allowedAt).toBe(NOW - 5 * S + 30 * S);
  });

  it('clock going backwards: future sends count as now, never absurd waits', () => {
    const r = cd([NOW + 5 * H]);
    expect(r.allowedAt).toBe(NOW + 30 * S);
    expect(r.reason).toBe('thirtySeconds');
    expect(r.counts).toEqual({ s30: 1, h1: 1, day: 1 });
    const many = cd(Array.from({ length: 5 }, (_, i) => NOW + (i + 1) * DAY));
    expect(many.allowedAt).toBe(NOW + H);
    expect(many.allowedAt - NOW).toBeLessThanOrEqual(H);
  });

  it('ignores non-finite send times', () => {
    expect(cd([Number.NaN, Number.POSITIVE_INFINITY]).counts).toEqual({ s30: 0, h1: 0, day: 0 });
  });

  it('old sends do not count', () => {
    expect(cd([NOW - 3 * DAY, NOW - 2 * H]).counts).toEqual({ s30: 0, h1: 0, day: 1 });
    expect(cd([NOW - 3 * DAY, NOW - 11 * H]).counts).toEqual({ s30: 0, h1: 0, day: 0 });
  });

  describe('server blocks', () => {
    it('an active block holds the number', () => {
      const block = serverBlockFor('LimitExceeded.PhoneNumberOneHourLimit', NOW - 10 * MIN)!;
      const r = cd([], NOW, rules, [block]);
      expect(r).toEqual({
        allowedAt: NOW + 50 * MIN,
        reason: 'server',
        counts: { s30: 0, h1: 0, day: 0 },
      });
    });

    it('an expired block does not', () => {
      const block = serverBlockFor('LimitExceeded.PhoneNumberThirtySecondLimit', NOW - 30 * S)!;
      expect(cd([], NOW, rules, [block]).reason).toBeNull();
    });

    it('the latest block wins and local windows still apply', () => {
      const blocks = [
        serverBlockFor('LimitExceeded.PhoneNumberThirtySecondLimit', NOW - 5 * S)!,
        serverBlockFor('LimitExceeded.DeliveryFrequencyLimit', NOW - 1 * S)!,
      ];
      expect(cd([], NOW, rules, blocks).allowedAt).toBe(NOW + 29 * S);
      expect(cd([NOW - 2 * S], NOW, rules, blocks)).toMatchObject({
        allowedAt: NOW + 29 * S,
        reason: 'server',
      });
      // Local 30 s window ends later than the blocks.
      expect(cd([NOW], NOW, rules, blocks).reason).toBe('thirtySeconds');
    });

    it('on a tie the local reason is preferred', () => {
      const block = serverBlockFor('LimitExceeded.PhoneNumberThirtySecondLimit', NOW - 10 * S)!;
      const r = cd([NOW - 10 * S], NOW, rules, [block]);
      expect(r).toMatchObject({ allowedAt: NOW + 20 * S, reason: 'thirtySeconds' });
    });

    it('future blocks (clock backwards) are replayed from now', () => {
      const oneHour = serverBlockFor('LimitExceeded.PhoneNumberOneHourLimit', NOW + 3 * H)!;
      expect(cd([], NOW, rules, [oneHour]).allowedAt).toBe(NOW + H);
      const day = serverBlockFor('LimitExceeded.PhoneNumberDailyLimit', NOW + 2 * DAY)!;
      expect(cd([], NOW, rules, [day]).allowedAt).toBe(BJ_MIDNIGHT + DAY);
    });

    it('accepts blocks without a kind (as stored by the ledger)', () => {
      expect(cd([], NOW, rules, [{ at: NOW - 10 * S, until: NOW + 20 * S }])).toMatchObject({
        allowedAt: NOW + 20 * S,
        reason: 'server',
      });
      // A future kind-less daily block is capped at the next Beijing midnight.
      const at = NOW + 2 * DAY - 9 * H; // 01:00 Beijing two days on
      const blocks = [{ at, until: nextBeijingMidnight(at) }];
      expect(cd([], NOW, rules, blocks).allowedAt).toBe(BJ_MIDNIGHT + DAY);
      const short = [{ at: NOW + DAY, until: NOW + DAY + 30 * S }];
      expect(cd([], NOW, rules, short).allowedAt).toBe(NOW + 30 * S);
    });
  });
});

describe('serverBlockFor', () => {
  it('maps each per-number limit code', () => {
    expect(serverBlockFor('LimitExceeded.PhoneNumberThirtySecondLimit', NOW)).toEqual({
      kind: 'thirtySeconds',
      at: NOW,
      until: NOW + 30 * S,
    });
    expect(serverBlockFor('LimitExceeded.PhoneNumberOneHourLimit', NOW)).toEqual({
      kind: 'oneHour',
      at: NOW,
      until: NOW + H,
    });
    expect(serverBlockFor('LimitExceeded.PhoneNumberDailyLimit', NOW)).toEqual({
      kind: 'day',
      at: NOW,
      until: BJ_MIDNIGHT + DAY,
    });
    expect(serverBlockFor('LimitExceeded.PhoneNumberSameContentDailyLimit', NOW)).toEqual({
      kind: 'day',
      at: NOW,
      until: BJ_MIDNIGHT + DAY,
    });
    expect(serverBlockFor('LimitExceeded.DeliveryFrequencyLimit', NOW)).toEqual({
      kind: 'other',
      at: NOW,
      until: NOW + 30 * S,
    });
  });

  it('daily blocks end at the next Beijing midnight even late in the UTC day', () => {
    const at = Date.UTC(2026, 10, 27, 15, 59, 0); // 23:59 Beijing
    expect(serverBlockFor('LimitExceeded.PhoneNumberDailyLimit', at)!.until).toBe(
      Date.UTC(2026, 10, 27, 16, 0, 0),
    );
  });

  it('ignores other codes', () => {
    for (const code of [
      'Ok',
      'LimitExceeded.AppDailyLimit',
      'LimitExceeded.PhoneNumberCountLimit',
      '',
    ]) {
      expect(serverBlockFor(code, NOW)).toBeNull();
    }
  });
});

describe('computeCooldown against a brute-force check', () => {
  /** The emulator's rule, written independently: counts in (t-W, t] and [dayStart, t]. */
  function allowedBrute(sends: number[], r: FrequencyRules, t: number): boolean {
    const inWin = (w: number) => sends.filter((s) => s > t - w && s <= t).length;
    const day = sends.filter((s) => s >= beijingDayStart(t) && s <= t).length;
    return inWin(30 * S) < r.perThirtySeconds && inWin(H) < r.perHour && day < r.perDay;
  }

  it('allowedAt is the first allowed millisecond, for random histories', () => {
    let seed = 12345;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let trial = 0; trial < 400; trial++) {
      const now = BJ_MIDNIGHT + Math.floor(rand() * 2 * DAY) - DAY / 2;
      const r: FrequencyRules = {
        perThirtySeconds: 1 + Math.floor(rand() * 3),
        perHour: 1 + Math.floor(rand() * 6),
        perDay: 1 + Math.floor(rand() * 12),
      };
      const n = Math.floor(rand() * 14);
      const sends = Array.from({ length: n }, () => now - Math.floor(rand() * 3 * H));
      const c = computeCooldown({ sends, blocks: [], rules: r, now });
      expect(c.allowedAt).toBeGreaterThanOrEqual(now);
      expect(allowedBrute(sends, r, c.allowedAt)).toBe(true);
      if (c.reason === null) {
        expect(c.allowedAt).toBe(now);
        expect(allowedBrute(sends, r, now)).toBe(true);
      } else {
        expect(allowedBrute(sends, r, c.allowedAt - 1)).toBe(false);
      }
    }
  });
});
