import { describe, expect, it } from 'vitest';
import { groupRequests, paramsJson } from '../../../../../src/main/core/outbox/plan';
import { marketingQuietUntil } from '../../../../../src/main/core/outbox/quiet-hours';
import { backoffDelay, DEFAULT_RETRY_POLICY } from '../../../../../src/main/core/outbox/retry';

const row = (rowNo: number, phone: string, params: string[]) => ({
  rowNo,
  phone,
  params: paramsJson(params),
});

describe('groupRequests', () => {
  it('groups identical params into requests of at most 200, in order of first appearance', () => {
    const rows = [
      ...Array.from({ length: 401 }, (_, i) => row(i + 1, `+8613800${100000 + i}`, ['a'])),
      row(402, '+8613900000001', ['b']),
    ];
    const reqs = groupRequests(rows);
    expect(reqs.map((r) => r.rows.length)).toEqual([200, 200, 1, 1]);
    expect(reqs.map((r) => r.params)).toEqual(['["a"]', '["a"]', '["a"]', '["b"]']);
    expect(reqs[0]!.rows[0]!.rowNo).toBe(1);
  });

  it('never mixes mainland and international numbers in one request, even with equal params', () => {
    const rows = [
      row(1, '+8613800000001', ['a']),
      row(2, '+85291234567', ['a']),
      row(3, '+8613800000002', ['a']),
      row(4, '+14155550123', ['a']),
    ];
    const reqs = groupRequests(rows);
    expect(reqs.map((r) => r.rows.map((x) => x.rowNo))).toEqual([
      [1, 3],
      [2, 4],
    ]);
    expect(reqs.map((r) => r.params)).toEqual(['["a"]', '["a"]']);
    expect(groupRequests(rows, 200, false)).toHaveLength(2);
  });

  it('sends rows with their own params one request each', () => {
    const reqs = groupRequests([row(1, '+8613800000001', ['1']), row(2, '+8613800000002', ['2'])]);
    expect(reqs.map((r) => r.rows.map((x) => x.rowNo))).toEqual([[1], [2]]);
  });

  it('never puts one number twice into one request', () => {
    const reqs = groupRequests([
      row(1, '+8613800000001', ['x']),
      row(2, '+8613800000001', ['x']),
      row(3, '+8613800000002', ['x']),
    ]);
    for (const r of reqs) expect(new Set(r.rows.map((x) => x.phone)).size).toBe(r.rows.length);
    expect(reqs.flatMap((r) => r.rows.map((x) => x.rowNo)).sort()).toEqual([1, 2, 3]);
  });

  it('keeps a repeated number in the request when asked not to split (the runner defers it)', () => {
    const [a, b, c] = ['+8613800000001', '+8613800000002', '+8613800000003'];
    const rows = [row(1, a, ['p']), row(2, b, ['p']), row(3, a, ['p']), row(4, c, ['p'])];
    const reqs = groupRequests(rows, 200, false);
    expect(reqs).toHaveLength(1);
    expect(reqs[0]!.rows.map((r) => r.rowNo)).toEqual([1, 2, 3, 4]);
    expect(groupRequests(rows).map((r) => r.rows.map((x) => x.rowNo))).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it('treats params as equal only when every value is equal', () => {
    expect(paramsJson(['1', '2'])).not.toBe(paramsJson(['12']));
    expect(paramsJson(['a,b'])).not.toBe(paramsJson(['a', 'b']));
  });
});

describe('marketing quiet hours (Beijing)', () => {
  const bj = (day: number, h: number, m = 0) => Date.UTC(2026, 10, day, h - 8, m);
  it('is open from 08:00 to 21:59', () => {
    expect(marketingQuietUntil(bj(27, 8))).toBeNull();
    expect(marketingQuietUntil(bj(27, 21, 59))).toBeNull();
  });
  it('waits until 08:00 the same day before 08:00, and the next day from 22:00', () => {
    expect(marketingQuietUntil(bj(27, 7, 59))).toBe(bj(27, 8));
    expect(marketingQuietUntil(bj(27, 0, 0))).toBe(bj(27, 8));
    expect(marketingQuietUntil(bj(27, 22))).toBe(bj(28, 8));
    expect(marketingQuietUntil(bj(27, 23, 59))).toBe(bj(28, 8));
  });
});

describe('backoff', () => {
  const p = { ...DEFAULT_RETRY_POLICY, random: () => 0 };
  it('doubles per attempt with equal jitter and a cap', () => {
    expect(backoffDelay(1, p)).toBe(500);
    expect(backoffDelay(2, p)).toBe(1000);
    expect(backoffDelay(3, p)).toBe(2000);
    expect(backoffDelay(20, p)).toBe(30_000);
    expect(backoffDelay(1, { ...p, random: () => 0.999 })).toBeLessThanOrEqual(1000);
  });
});
