import { afterEach, describe, expect, it, vi } from 'vitest';
import i18next from 'i18next';
import {
  beijingDayStart,
  formatCount,
  formatDuration,
  formatHourMinute,
  formatTime,
  formatTimeOfDay,
  formatWaitTime,
} from '../../../../src/renderer/src/lib/format';
import { resources } from '../../../../src/shared/locales';
import { newIdempotencyKey } from '../../../../src/renderer/src/lib/idempotency';

// 2026-01-01 00:30 UTC is 08:30 in Beijing, whatever zone the test machine runs in.
const AT = Date.UTC(2026, 0, 1, 0, 30, 5);

// Node reads TZ again when it changes: each test picks the computer's zone.
afterEach(() => {
  vi.unstubAllEnvs();
});

describe('format', () => {
  it('shows one Beijing wall time in one shape for both languages, unlabelled in China', () => {
    vi.stubEnv('TZ', 'Asia/Shanghai');
    expect(formatTime(AT, 'zh-CN')).toBe('2026-01-01 08:30:05');
    expect(formatTime(AT, 'en-US')).toBe('2026-01-01 08:30:05');
    expect(formatTimeOfDay(AT, 'zh-CN')).toBe('08:30:05');
    expect(formatHourMinute(AT, 'zh-CN')).toBe('08:30');
    expect(formatTime(null, 'zh-CN')).toBe('');
  });

  it('labels times 北京时间 when the computer is set to another zone', () => {
    vi.stubEnv('TZ', 'Europe/Berlin');
    expect(formatTime(AT, 'zh-CN')).toBe('2026-01-01 08:30:05 北京时间');
    expect(formatTime(AT, 'en-US')).toBe('2026-01-01 08:30:05 Beijing time');
    expect(formatHourMinute(AT, 'zh-CN')).toBe('08:30 北京时间');
    vi.stubEnv('TZ', 'UTC');
    expect(formatTimeOfDay(AT, 'zh-CN')).toBe('08:30:05 北京时间');
  });

  it('says the moment a wait ends as 08:00, with seconds or a date only when they matter', () => {
    vi.stubEnv('TZ', 'Asia/Shanghai');
    const eight = Date.UTC(2026, 11, 4, 0, 0, 0); // 08:00 Beijing
    expect(formatWaitTime(eight, 'zh-CN', eight - 10 * 3600_000)).toBe('08:00');
    expect(formatWaitTime(eight + 30_000, 'zh-CN', eight)).toBe('08:00:30');
    expect(formatWaitTime(eight, 'zh-CN', eight - 30 * 3600_000)).toBe('2026-12-04 08:00');
    vi.stubEnv('TZ', 'UTC');
    expect(formatWaitTime(eight, 'zh-CN', eight - 3600_000)).toBe('08:00 北京时间');
  });

  it('reads a picked calendar day as Beijing midnight, whatever the computer zone', () => {
    vi.stubEnv('TZ', 'America/New_York');
    expect(beijingDayStart(2026, 0, 1)).toBe(Date.UTC(2025, 11, 31, 16, 0, 0));
    expect(formatTime(beijingDayStart(2026, 0, 1), 'zh-CN')).toBe('2026-01-01 00:00:00 北京时间');
  });

  it('en-US counts use the singular for one and the plural otherwise', async () => {
    const i18n = i18next.createInstance();
    await i18n.init({ resources, lng: 'en-US', interpolation: { escapeValue: false } });
    expect(i18n.t('send.submit', { count: 1 })).toBe('Send to 1 number');
    expect(i18n.t('send.submit', { count: 3 })).toBe('Send to 3 numbers');
    expect(i18n.t('batch.preflight.confirmHeld', { count: 1 })).toMatch(/^1 number will be held/);
    // zh-CN has one form: the plain key serves every count.
    await i18n.changeLanguage('zh-CN');
    expect(i18n.t('send.submit', { count: 1 })).toBe(
      i18n.t('send.submit', { count: 5 }).replace('5', '1'),
    );
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
