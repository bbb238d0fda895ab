import { describe, expect, it } from 'vitest';
import {
  bucketKey,
  buildStats,
  dayKey,
  dayOf,
  type StatsInput,
} from '../../../../../src/main/core/usage/stats';
import type { RollupRow } from '../../../../../src/main/core/usage/rollup';
import { defaultPriceTable } from '../../../../../src/shared/usage/cost';

// 2026-12-01 00:30 Beijing is still 2026-11-30 in UTC.
const DEC1_0030_BEIJING = Date.UTC(2026, 10, 30, 16, 30);

describe('statistics buckets', () => {
  it('cuts days at Asia/Shanghai midnight', () => {
    expect(dayKey(dayOf(DEC1_0030_BEIJING))).toBe('2026-12-01');
    expect(dayKey(dayOf(DEC1_0030_BEIJING - 3_600_000))).toBe('2026-11-30');
  });

  it('groups days into Monday weeks and calendar months', () => {
    const d = dayOf(DEC1_0030_BEIJING); // a Tuesday
    expect(bucketKey(d, 'day')).toBe('2026-12-01');
    expect(bucketKey(d, 'week')).toBe('2026-11-30');
    expect(bucketKey(d - 1, 'week')).toBe('2026-11-30');
    expect(bucketKey(d - 2, 'week')).toBe('2026-11-23');
    expect(bucketKey(d, 'month')).toBe('2026-12');
    expect(bucketKey(d - 1, 'month')).toBe('2026-11');
  });
});

describe('buildStats', () => {
  const day = dayOf(DEC1_0030_BEIJING);
  const row = (p: Partial<RollupRow>): RollupRow => ({
    day,
    job_id: 1,
    state: 'sent',
    code: 'Ok',
    cc: '86',
    n: 1,
    fee: 1,
    ...p,
  });
  const input = (rows: RollupRow[], extra: Partial<StatsInput> = {}): StatsInput => ({
    range: { from: 0, to: 1 },
    rows,
    fromDay: day - 2,
    toDay: day + 1,
    granularity: 'day',
    prices: defaultPriceTable(),
    jobs: new Map([
      [1, { templateId: '2001001', templateName: '验证码', signName: '示例小店' }],
      [2, { templateId: '2001002', templateName: '预约提醒', signName: '示例小店' }],
    ]),
    delivery: [],
    hasReceipts: false,
    ...extra,
  });

  it('sums sends, segments and cost per day, template and sign, with an empty day kept', () => {
    const s = buildStats(
      input([
        row({ n: 10, fee: 12 }),
        row({ day: day - 2, job_id: 2, n: 3, fee: 6 }),
        row({ state: 'failed', code: 'FailedOperation.PhoneNumberInBlacklist', n: 2, fee: 0 }),
        // Hong Kong at its own price (0.35 元) — the stored prefix is the first digits.
        row({ job_id: 2, cc: '8525', n: 1, fee: 1 }),
      ]),
    );
    expect(s.buckets.map((b) => [b.key, b.sends, b.segments])).toEqual([
      ['2026-11-29', 3, 6],
      ['2026-11-30', 0, 0],
      ['2026-12-01', 13, 13],
    ]);
    expect(s.totals).toMatchObject({ sends: 16, sent: 14, failed: 2, segments: 19 });
    // 18 mainland segments × 0.045 + 1 × 0.35 = 1.16 元, kept in 1/10 000 元.
    expect(s.totals.cost).toEqual({ units: 18 * 450 + 3500, segments: 19, unpricedSegments: 0 });
    expect(s.failures).toEqual([{ code: 'FailedOperation.PhoneNumberInBlacklist', count: 2 }]);
    expect(s.byTemplate.map((t) => [t.templateId, t.sends, t.segments])).toEqual([
      ['2001001', 12, 12],
      ['2001002', 4, 7],
    ]);
    expect(s.bySign).toEqual([
      expect.objectContaining({ signName: '示例小店', sends: 16, segments: 19 }),
    ]);
  });

  it('leaves out rows of other applications and days outside the range', () => {
    const s = buildStats(input([row({ job_id: 99, n: 5 }), row({ day: day + 1, n: 7 })]));
    expect(s.totals.sends).toBe(0);
  });

  it('counts a country without a price apart, and keeps only the top 10 failure reasons', () => {
    const failures = Array.from({ length: 12 }, (_, i) =>
      row({ state: 'failed', code: `C${String(i).padStart(2, '0')}`, n: i + 1, fee: 0 }),
    );
    const s = buildStats(input([row({ cc: '3361', n: 1, fee: 2 }), ...failures]));
    expect(s.totals.cost).toEqual({ units: 0, segments: 2, unpricedSegments: 2 });
    expect(s.failures).toHaveLength(10);
    expect(s.failures[0]).toEqual({ code: 'C11', count: 12 });
  });

  it('adds receipts per day when the receipts room answers', () => {
    const s = buildStats(
      input([row({ n: 4, fee: 4 })], {
        delivery: [{ day: '2026-12-01', delivered: 3, failed: 1, waiting: 0 }],
        hasReceipts: true,
      }),
    );
    expect(s.buckets.at(-1)).toMatchObject({ delivered: 3, deliveryFailed: 1 });
    expect(s.totals).toMatchObject({ delivered: 3, deliveryFailed: 1 });
    expect(s.hasReceipts).toBe(true);
  });
});
