import { describe, expect, it } from 'vitest';
import { PhoneSet } from '../../../src/shared/phone-set';

describe('PhoneSet', () => {
  it('adds once: add tells whether the number was new, has and size agree', () => {
    const s = new PhoneSet();
    expect(s.add('+8613912345678')).toBe(true);
    expect(s.add('+8613912345678')).toBe(false);
    expect(s.has('+8613912345678')).toBe(true);
    expect(s.has('+8613912345679')).toBe(false);
    expect(s.size).toBe(1);
  });

  it('keeps numbers that differ only in length or country code apart', () => {
    const s = new PhoneSet();
    for (const p of ['+1', '+12', '+861391234567', '+8613912345678', '+86139123456789']) {
      expect(s.add(p)).toBe(true);
    }
    expect(s.size).toBe(5);
    expect(s.has('+123')).toBe(false);
    // The largest E.164 number (15 digits) is exact in a double.
    expect(s.add('+999999999999999')).toBe(true);
    expect(s.has('+999999999999998')).toBe(false);
    expect(s.has('+999999999999999')).toBe(true);
  });

  it('answers right for strings that are not E.164 (kept beside the table)', () => {
    const s = new PhoneSet();
    const odd = ['13912345678', '+0139', '+86 139 1234 5678', '+1234567890123456', '', '+', 'abc'];
    for (const p of odd) expect(s.add(p)).toBe(true);
    for (const p of odd) expect(s.add(p)).toBe(false);
    expect(s.size).toBe(odd.length);
    // Not confused with the E.164 number of the same digits.
    expect(s.has('+13912345678')).toBe(false);
    expect(s.add('+13912345678')).toBe(true);
    expect(s.has('13912345678')).toBe(true);
    expect(s.size).toBe(odd.length + 1);
  });

  it('agrees with a Set over 200,000 numbers as it grows', () => {
    const s = new PhoneSet();
    const ref = new Set<string>();
    let seed = 7;
    const rand = (): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed;
    };
    for (let i = 0; i < 200_000; i++) {
      // Mostly one batch's consecutive numbers, with repeats and other countries mixed in.
      const p =
        i % 10 === 0
          ? `+${1 + (rand() % 9)}${String(rand() % 1_000_000_000).padStart(9, '0')}`
          : `+86139${String(10_000_000 + (rand() % 150_000)).slice(-8)}`;
      expect(s.add(p)).toBe(!ref.has(p));
      ref.add(p);
    }
    expect(s.size).toBe(ref.size);
    for (let i = 0; i < 1000; i++) {
      const p = `+86139${String(10_000_000 + 150_000 + i).slice(-8)}`;
      expect(s.has(p)).toBe(false);
    }
    for (const p of [...ref].slice(0, 1000)) expect(s.has(p)).toBe(true);
  });
});
