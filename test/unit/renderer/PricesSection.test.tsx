// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import '../../../src/renderer/src/i18n';
import { PricesSection } from '../../../src/renderer/src/pages/settings/PricesSection';
import { defaultPriceTable } from '../../../src/shared/usage/cost';
import { fakeSms } from './fake-sms';

afterEach(() => {
  cleanup();
  delete window.sms;
});

describe('PricesSection (设置 → 短信单价)', () => {
  it('refuses a price of 0 with a message and saves nothing', async () => {
    const sms = fakeSms({ 'usage.prices': () => defaultPriceTable() });
    window.sms = sms.api;
    render(<PricesSection />);
    const field = await screen.findByTestId('price-mainland');
    const input = field.tagName === 'INPUT' ? field : field.querySelector('input')!;
    expect(screen.getByTestId('price-source').textContent).toContain('默认值取自腾讯云公开价格');
    fireEvent.change(input, { target: { value: '0' } });
    fireEvent.blur(input);
    fireEvent.click(screen.getByTestId('price-save'));
    await waitFor(() =>
      expect(screen.getByTestId('price-problem').textContent).toContain('单价必须大于 0'),
    );
    expect(sms.calls.map((c) => c.name)).not.toContain('usage.setPrices');
  });
});
