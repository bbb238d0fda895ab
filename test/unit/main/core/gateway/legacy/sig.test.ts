import { describe, expect, it } from 'vitest';
import { legacySig } from '../../../../../../src/main/core/gateway/legacy/sig';
import { legacySigMatches } from '../../../../../../src/main/core/emulator/legacy';

// The two check values of Tencent's legacy sendsms / sendmultisms2 docs (reference §8).
const APP_KEY = '5f03a35d00ee52a21327ab048186a2c4';
const RANDOM = '7226249334';
const TIME = 1457336869;
const ONE = 'ecab4881ee80ad3d76bb1da68387428ca752eb885e52621a3129dcf4d9bc4fd4';
const TWO = 'be66bb4aeb54701ed0637d0996a0b75111d5b8eda9b3a71bdc579a3d26f3edfb';

describe('legacy sig (gateway)', () => {
  it('matches the official single-number vector', () => {
    expect(
      legacySig({ appKey: APP_KEY, random: RANDOM, time: TIME, mobiles: ['13788888888'] }),
    ).toBe(ONE);
  });

  it('matches the official two-number vector (numbers joined by commas, in order)', () => {
    expect(
      legacySig({
        appKey: APP_KEY,
        random: RANDOM,
        time: TIME,
        mobiles: ['13788888888', '13788888889'],
      }),
    ).toBe(TWO);
  });

  it('signs the pull endpoints without the mobile part', () => {
    const pull = legacySig({ appKey: APP_KEY, random: RANDOM, time: TIME });
    expect(pull).toMatch(/^[0-9a-f]{64}$/);
    expect(pull).not.toBe(legacySig({ appKey: APP_KEY, random: RANDOM, time: TIME, mobiles: [] }));
  });
});

describe('legacy sig (emulator verifier)', () => {
  it('accepts both official vectors', () => {
    expect(legacySigMatches(ONE, APP_KEY, RANDOM, TIME, ['13788888888'])).toBe(true);
    expect(legacySigMatches(TWO, APP_KEY, RANDOM, TIME, ['13788888888', '13788888889'])).toBe(true);
  });

  it('refuses a wrong key, another time, other numbers and a malformed sig', () => {
    const wrongKey = APP_KEY.replace('5f03', '5f04');
    expect(legacySigMatches(ONE, wrongKey, RANDOM, TIME, ['13788888888'])).toBe(false);
    expect(legacySigMatches(ONE, APP_KEY, RANDOM, TIME + 1, ['13788888888'])).toBe(false);
    expect(legacySigMatches(ONE, APP_KEY, RANDOM, TIME, ['13788888889'])).toBe(false);
    expect(legacySigMatches('zz', APP_KEY, RANDOM, TIME, ['13788888888'])).toBe(false);
  });
});
