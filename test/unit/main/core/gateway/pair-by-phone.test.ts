import { describe, expect, it } from 'vitest';
import { pairByPhone } from '../../../../../src/main/core/gateway/pair-by-phone';

type Answer = { phone?: string; tag: string };
const phoneOf = (a: Answer) => a.phone;
const digits = (p: string) => p.replace(/\D/g, '');

describe('pairByPhone', () => {
  it('pairs answers given in another order by number', () => {
    const answers = [
      { phone: '+8613800000002', tag: 'b' },
      { phone: '+8613800000001', tag: 'a' },
    ];
    const paired = pairByPhone(['+8613800000001', '+8613800000002'], answers, phoneOf);
    expect(paired.map((a) => a?.tag)).toEqual(['a', 'b']);
  });

  it('uses the loose form only when one is given', () => {
    const answers = [{ phone: '8613800000001', tag: 'a' }];
    const strict = pairByPhone(['+8613800000001', '+8613800000002'], answers, phoneOf);
    // Without a loose form the answer is a leftover and goes to the first unmatched number.
    expect(strict.map((a) => a?.tag)).toEqual(['a', undefined]);
    const loose = pairByPhone(['+8613800000002', '+8613800000001'], answers, phoneOf, digits);
    expect(loose.map((a) => a?.tag)).toEqual([undefined, 'a']);
  });

  it('hands leftovers without a number out in request order and leaves the rest unpaired', () => {
    const answers: Answer[] = [{ tag: 'x' }, { phone: '+8613800000003', tag: 'c' }, { tag: 'y' }];
    const paired = pairByPhone(
      ['+8613800000001', '+8613800000002', '+8613800000003', '+8613800000004'],
      answers,
      phoneOf,
    );
    expect(paired.map((a) => a?.tag)).toEqual(['x', 'y', 'c', undefined]);
  });

  it('gives one answer to one number only, even when the number is asked twice', () => {
    const answers = [{ phone: '+8613800000001', tag: 'a' }];
    const paired = pairByPhone(['+8613800000001', '+8613800000001'], answers, phoneOf);
    expect(paired.map((a) => a?.tag)).toEqual(['a', undefined]);
  });
});
