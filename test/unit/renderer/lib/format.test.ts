import { describe, expect, it } from 'vitest';
import {
  formatCount,
  formatDuration,
  formatTime,
  formatTimeOfDay,
} from '../../../../src/renderer/src/lib/format';
import { newIdempotencyKey } from '../../../../src/renderer/src/lib/idempotency';

// 2026-01-01 00:30 UTC is 08:30 in Beijing, whatever zone the test machine runs in.
const AT = Date.UTC(2026, 0, 1, 0, 30, 5);

describe('format', () => {
  it('shows times in Beijing wall time, 24-hour', () => {
    expect(formatTime(AT, 'zh-CN')).toContain('08:30:05');
    expect(formatTime(AT, 'en-US')).toContain('08:30:05');
    expect(formatTimeOfDay(AT, 'zh-CN')).toBe('08:30:05');
    expect(formatTime(null, 'zh-CN')).toBe('');
  });

  it('formats a countdown or a time left as mm:ss, h:mm:ss past an hour, never negative', () => {
    expect(formatDuration(65_000)).toBe('01:05');
    expect(formatDuration(3_600_000 + 62_000)).toBe('1:01:02');
    expect(formatDuration(-5_000)).toBe('00:00');
    // A number still cooling for 200 ms never shows 00:00.
    expect(formatDuration(200)).toBe('00:01');
  });

  it('groups thousands in counts', () => {
    expect(formatCount(1_234_567)).toMatch(/^1.234.567$/);
  });

  it('makes a fresh idempotency key the contract accepts, per job kind', () => {
    const a = newIdempotencyKey('direct');
    const b = newIdempotencyKey('direct');
    expect(a).toMatch(/^direct-[0-9a-f]{32}$/);
    expect(b).not.toBe(a);
    expect(newIdempotencyKey('batch')).toMatch(/^batch-[0-9a-f]{32}$/);
  });
});
