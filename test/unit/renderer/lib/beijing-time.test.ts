import { describe, expect, it } from 'vitest';
import {
  beijingHour,
  fromBeijingPicker,
  toBeijingPicker,
} from '../../../../src/renderer/src/lib/beijing-time';
import { sendTimeProblem } from '../../../../src/renderer/src/components/schedule/SendTimeChoice';

// 2026-12-04 09:40 in Beijing is 01:40 UTC, whatever zone this machine is set to.
const AT = Date.UTC(2026, 11, 4, 1, 40);

describe('Beijing time in the picker', () => {
  it('shows Beijing wall time and reads it back as the same instant', () => {
    const d = toBeijingPicker(AT + 25_000);
    expect(d.format('YYYY-MM-DD HH:mm')).toBe('2026-12-04 09:40');
    expect(fromBeijingPicker(d)).toBe(AT);
    expect(beijingHour(AT)).toBe(9);
    // Just before midnight UTC is the next morning in Beijing.
    expect(toBeijingPicker(Date.UTC(2026, 11, 4, 23, 30)).format('YYYY-MM-DD HH:mm')).toBe(
      '2026-12-05 07:30',
    );
  });
});

describe('send time problems', () => {
  const now = AT - 10 * 60_000;
  it('needs a time 1 minute to 30 days ahead', () => {
    expect(sendTimeProblem({ mode: 'now' }, false, now)).toBeNull();
    expect(sendTimeProblem({ mode: 'later', at: null }, false, now)).toBe(
      'schedule.choice.needTime',
    );
    expect(sendTimeProblem({ mode: 'later', at: now + 30_000 }, false, now)).toBe(
      'schedule.errors.tooSoon',
    );
    expect(sendTimeProblem({ mode: 'later', at: now + 31 * 86_400_000 }, false, now)).toBe(
      'schedule.errors.tooFar',
    );
    expect(sendTimeProblem({ mode: 'later', at: AT }, false, now)).toBeNull();
  });

  it('keeps marketing inside 08:00–22:00 Beijing', () => {
    const night = Date.UTC(2026, 11, 4, 14, 30); // 22:30 Beijing
    expect(sendTimeProblem({ mode: 'later', at: night }, true, now)).toBe(
      'schedule.errors.quietHours',
    );
    expect(sendTimeProblem({ mode: 'later', at: night }, false, now)).toBeNull();
    expect(sendTimeProblem({ mode: 'later', at: AT }, true, now)).toBeNull();
  });
});
