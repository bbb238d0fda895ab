import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import { variableLabels } from '../../../../src/renderer/src/lib/variable-label';
import { resources } from '../../../../src/shared/locales';

const template = {
  variableNames: ['客户姓名', '', ''],
  variables: [
    { kind: 'name' as const, label: '', labelKey: 'name', chosen: false },
    { kind: 'number' as const, label: '', labelKey: 'minutes', chosen: false },
  ],
};

describe('variable labels', () => {
  it('uses the name given in 设置, else what the text says, else 变量 n', async () => {
    const i18n = i18next.createInstance();
    await i18n.init({ resources, lng: 'zh-CN', interpolation: { escapeValue: false } });
    expect(variableLabels(template, 3, i18n.t)).toEqual(['客户姓名', '分钟数', '变量 3']);
    await i18n.changeLanguage('en-US');
    const en = variableLabels(template, 3, i18n.t);
    expect(en[0]).toBe('客户姓名');
    expect(en[1]).toMatch(/^[A-Z]/);
    expect(en[2]).toMatch(/3/);
    expect(variableLabels(null, 1, i18n.t)[0]).toMatch(/1/);
  });
});
