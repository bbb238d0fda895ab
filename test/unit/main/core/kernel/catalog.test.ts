import { describe, expect, it } from 'vitest';
import { catalogText, type CatalogLanguage } from '../../../../../src/main/core/kernel/catalog';
import zhBatch from '../../../../../src/shared/locales/zh-CN/batch.json';
import enBatch from '../../../../../src/shared/locales/en-US/batch.json';
import zhHistory from '../../../../../src/shared/locales/zh-CN/history.json';
import enSend from '../../../../../src/shared/locales/en-US/send.json';

describe('catalogText', () => {
  it('reads the renderer catalog files for either language', () => {
    expect(catalogText('zh-CN', 'history.csv.phone')).toBe(zhHistory.history.csv.phone);
    expect(catalogText('en-US', 'send.state.unknown')).toBe(enSend.send.state.unknown);
    expect(catalogText('en-US', 'batch.state.held')).toBe(enBatch.batch.state.held);
    expect(catalogText('zh-CN', 'batch.state.held')).toBe(zhBatch.batch.state.held);
    expect(catalogText('en-US', 'batch.state.held')).not.toBe(
      catalogText('zh-CN', 'batch.state.held'),
    );
  });

  it('fills {{name}} placeholders and leaves unknown ones visible', () => {
    expect(catalogText('zh-CN', 'batch.export.columns.variable', { n: 3 })).toBe('变量3');
    expect(catalogText('en-US', 'batch.export.columns.variable', { n: 3 })).toBe('Variable 3');
    expect(catalogText('en-US', 'batch.export.columns.variable')).toBe('Variable {{n}}');
    expect(catalogText('en-US', 'batch.export.columns.variable', { m: 1 })).toBe('Variable {{n}}');
  });

  it('falls back to zh-CN, then to the key itself', () => {
    expect(catalogText('fr-FR' as CatalogLanguage, 'send.state.sent')).toBe('已发送');
    expect(catalogText('en-US', 'no.such.key')).toBe('no.such.key');
    // A branch of the tree is not a text.
    expect(catalogText('en-US', 'send.state')).toBe('send.state');
  });
});
