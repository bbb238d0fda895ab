import { describe, expect, it } from 'vitest';
import {
  billedSegments,
  gsm7Length,
  isGsm7,
  MAX_SMS_LENGTH,
  smsLength,
} from '../../../src/shared/segments';

const zh = (n: number): string => '测'.repeat(n);
const a = (n: number): string => 'a'.repeat(n);

describe('smsLength', () => {
  it('counts Chinese, letters, digits, punctuation and spaces as 1 each', () => {
    expect(smsLength('【腾讯云】您的验证码是 1234，请勿泄露!')).toBe(22);
    expect(smsLength('，。！？；：')).toBe(6);
    expect(smsLength(',.!? ')).toBe(5);
    expect(smsLength('')).toBe(0);
  });

  it('counts an astral emoji as 2 (UCS-2 surrogate pair)', () => {
    expect(smsLength('😀')).toBe(2);
    expect(smsLength('好😀')).toBe(3);
    expect(smsLength('𠮷')).toBe(2); // rare CJK extension B character
  });

  it('counts BMP symbols as 1', () => {
    expect(smsLength('☺')).toBe(1);
    expect(smsLength('€')).toBe(1);
  });

  it('exposes the 500 cap', () => {
    expect(MAX_SMS_LENGTH).toBe(500);
  });
});

describe('billedSegments, mainland', () => {
  it.each([
    [0, 0],
    [1, 1],
    [70, 1],
    [71, 2],
    [134, 2],
    [135, 3],
    [150, 3],
    [201, 3],
    [202, 4],
    [500, 8],
  ])('%i Chinese characters bill %i', (n, expected) => {
    expect(billedSegments(zh(n))).toBe(expected);
  });

  it('uses 70/67 even for pure ASCII text when not international', () => {
    expect(billedSegments(a(70))).toBe(1);
    expect(billedSegments(a(71))).toBe(2);
    expect(billedSegments(a(160))).toBe(3);
  });

  it('counts emoji as two when crossing the 70 boundary', () => {
    expect(billedSegments(zh(68) + '😀')).toBe(1);
    expect(billedSegments(zh(69) + '😀')).toBe(2);
  });

  it('empty text bills nothing', () => {
    expect(billedSegments('')).toBe(0);
    expect(billedSegments('', { international: true })).toBe(0);
  });
});

describe('GSM-7', () => {
  it('recognises the basic alphabet', () => {
    expect(isGsm7('Hello, world! 123 @£$¥ ÄÖÑÜ äöñüà §¿¡ ΔΦΓΛΩΠΨΣΘΞ\n\r')).toBe(true);
    expect(isGsm7('')).toBe(true);
  });

  it('rejects non-GSM characters', () => {
    expect(isGsm7('你好')).toBe(false);
    expect(isGsm7('hello 😀')).toBe(false);
    expect(isGsm7('naïve')).toBe(false); // ï is not in GSM-7
    expect(isGsm7('`')).toBe(false);
    expect(isGsm7('ç')).toBe(false); // only capital Ç is in the basic table
  });

  it('counts the extended characters as 2', () => {
    for (const ch of ['^', '|', '€', '{', '}', '[', ']', '~', '\\']) {
      expect(gsm7Length(ch)).toBe(2);
      expect(isGsm7(ch)).toBe(true);
    }
    expect(gsm7Length('a{b}')).toBe(6);
    expect(gsm7Length('你')).toBe(-1);
  });
});

describe('billedSegments, international', () => {
  it.each([
    [1, 1],
    [160, 1],
    [161, 2],
    [306, 2],
    [307, 3],
    [459, 3],
    [460, 4],
  ])('%i GSM-7 characters bill %i', (n, expected) => {
    expect(billedSegments(a(n), { international: true })).toBe(expected);
  });

  it('extended characters push a message over 160', () => {
    expect(billedSegments(a(158) + '€', { international: true })).toBe(1);
    expect(billedSegments(a(159) + '€', { international: true })).toBe(2);
    expect(billedSegments('{'.repeat(80), { international: true })).toBe(1);
    expect(billedSegments('{'.repeat(81), { international: true })).toBe(2);
  });

  it('non-GSM international text falls back to 70/67', () => {
    expect(billedSegments(a(69) + 'é', { international: true })).toBe(1); // é is GSM-7
    expect(billedSegments(a(69) + '你', { international: true })).toBe(1);
    expect(billedSegments(a(70) + '你', { international: true })).toBe(2);
    expect(billedSegments(a(133) + '😀', { international: true })).toBe(3);
  });
});
