// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App as AntApp } from 'antd';
import { afterEach, describe, expect, it } from 'vitest';
import '../../../src/renderer/src/i18n';
import { UpdatesSection } from '../../../src/renderer/src/pages/settings/UpdatesSection';
import { fakeSms } from './fake-sms';

afterEach(() => {
  cleanup();
  delete window.sms;
});

describe('UpdatesSection (设置 → 自动更新)', () => {
  it('shows the saved value and turns automatic updates off through the contract', async () => {
    let enabled = true;
    const sms = fakeSms({
      'updates.settings': () => ({ enabled }),
      'updates.setEnabled': (input) => {
        enabled = input.enabled;
        return { enabled };
      },
    });
    window.sms = sms.api;
    render(
      <AntApp>
        <UpdatesSection />
      </AntApp>,
    );
    expect(await screen.findByText('自动更新')).toBeTruthy();
    const sw = await screen.findByTestId('updates-switch');
    expect(sw.getAttribute('aria-checked')).toBe('true');
    expect(screen.getByText(/只发送版本号和操作系统类型/)).toBeTruthy();

    fireEvent.click(sw);
    await waitFor(() => expect(sw.getAttribute('aria-checked')).toBe('false'));
    expect(enabled).toBe(false);
    expect(sms.calls.map((c) => c.name)).toEqual(['updates.settings', 'updates.setEnabled']);
    expect(sms.calls[1]!.input).toEqual({ enabled: false });
    expect(await screen.findByText('已保存')).toBeTruthy();
  });

  it('keeps the switch as it was and says so when saving fails', async () => {
    const sms = fakeSms({ 'updates.settings': () => ({ enabled: true }) });
    window.sms = sms.api;
    render(
      <AntApp>
        <UpdatesSection />
      </AntApp>,
    );
    const sw = await screen.findByTestId('updates-switch');
    fireEvent.click(sw);
    expect(await screen.findByText('保存失败，请重试')).toBeTruthy();
    expect(sw.getAttribute('aria-checked')).toBe('true');
  });
});
