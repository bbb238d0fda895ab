import { describe, expect, it } from 'vitest';
import { cleanSignName, signNameSchema, signRefusal } from '../../../src/shared/signs';

describe('sign names', () => {
  it('drops 【】 and the spaces around them', () => {
    expect(cleanSignName('【我的小店】')).toBe('我的小店');
    expect(cleanSignName('  【 我的小店 】 ')).toBe('我的小店');
    expect(signNameSchema.parse(' 【我的小店】')).toBe('我的小店');
  });

  it('refuses a bracket left inside', () => {
    const r = signNameSchema.safeParse('我的【小店');
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe('account.validation.signBrackets');
  });

  it('refuses a send with a sign the app lists as under review or rejected', () => {
    const known = [
      { signName: '审核店', international: false, status: 'reviewing' as const },
      { signName: '好店', international: false, status: 'approved' as const },
    ];
    expect(signRefusal('【审核店】', known)).toMatchObject({
      code: 'sign_not_approved',
      status: 'reviewing',
    });
    expect(signRefusal('好店', known)).toBeNull();
    expect(signRefusal('未知店', known)).toBeNull();
  });
});
