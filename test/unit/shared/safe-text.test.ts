import { describe, expect, it } from 'vitest';
import { hasUnsafeCharacters, UNSAFE_TEXT_MESSAGE } from '../../../src/shared/safe-text';
import { calls } from '../../../src/shared/api';
import { signNameSchema } from '../../../src/shared/api/account';

const RLO = '\u202e';

describe('free text refuses control and bidirectional-override characters', () => {
  it('knows them', () => {
    for (const bad of ['a\u0000b', `示例${RLO}店`, 'x\u2066y', 'a\u200fb', 'a\u0085b', 'a\u001bb'])
      expect(hasUnsafeCharacters(bad), JSON.stringify(bad)).toBe(true);
    for (const fine of ['示例小店', 'Café 123', '【腾讯云】', '😀 emoji'])
      expect(hasUnsafeCharacters(fine)).toBe(false);
    expect(hasUnsafeCharacters('line 1\nline 2\tend', true)).toBe(false);
    expect(hasUnsafeCharacters('line 1\nline 2')).toBe(true);
  });

  it('every free-text input of the contract refuses them with the translatable message', () => {
    const inputs: [string, unknown][] = [
      ['signs.add', { signName: `示例${RLO}小店` }],
      ['signs.add', { signName: '示例\u0000小店' }],
      ['templates.add', { templateId: '1', content: `验证码{1}${RLO}` }],
      ['templates.add', { templateId: '1', content: '验证码{1}', name: 'a\u0007' }],
      ['templates.update', { templateId: '1', variableNames: [`x${RLO}`] }],
      ['account.updateSettings', { defaultSign: `小店${RLO}` }],
    ];
    for (const [name, input] of inputs) {
      const def = (calls as Record<string, { input: { safeParse(v: unknown): unknown } }>)[name];
      expect(def, name).toBeDefined();
      const r = def!.input.safeParse(input) as {
        success: boolean;
        error?: { issues: { message: string }[] };
      };
      expect(r.success, `${name} ${JSON.stringify(input)}`).toBe(false);
      expect(r.error!.issues.map((i) => i.message)).toContain(UNSAFE_TEXT_MESSAGE);
    }
    expect(signNameSchema.safeParse('示例小店').success).toBe(true);
    const job = calls['job.create'].input.safeParse({
      idempotencyKey: 'key-12345',
      kind: 'direct',
      templateId: '1',
      templateContent: '验证码{1}\n请勿泄露',
      templateKind: 'verification',
      signName: `小店${RLO}`,
      rows: [{ rowNo: 1, phone: '+8613800000000', params: ['1234'] }],
    });
    expect(job.success).toBe(false);
  });
});
