// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import '../../../src/renderer/src/i18n';
import { ConnectWizard } from '../../../src/renderer/src/pages/settings/ConnectWizard';
import { AccountBanner } from '../../../src/renderer/src/components/AccountBanner';
import type { AccountStatus, ConnectionTest } from '../../../src/shared/api/account';
import { fakeSms } from './fake-sms';

const none: AccountStatus = {
  mode: 'practice',
  stored: 'none',
  secretIdMasked: null,
  profile: null,
  keychain: { available: false, reason: 'no-session-bus' },
  verified: false,
  needsSecret: false,
};
const KEY = 'abcdefghijklmnopqrstuvwxyz012345';
const ID = 'AKIDabcdefghijklmnopqrstuvwxyz012345';

const testResult = (over: Partial<ConnectionTest>): ConnectionTest => ({
  ok: false,
  problem: null,
  code: null,
  personalCannotListTemplates: false,
  signs: null,
  templates: null,
  ...over,
});

afterEach(() => {
  cleanup();
  delete window.sms;
});

const input = (id: string) => screen.getByTestId(id);

describe('ConnectWizard', () => {
  it('offers the legacy App Key kind, explains a SecretKey pasted as App Key, and tests it', async () => {
    const APP_KEY = '5f03a35d00ee52a21327ab048186a2c4';
    const sms = fakeSms({
      'account.testConnection': () => testResult({ ok: true, manualTemplates: true }),
    });
    window.sms = sms.api;
    render(<ConnectWizard status={none} onDone={() => {}} onCancel={() => {}} />);
    // Both kinds, each with where it is found.
    await screen.findByText('API 密钥（推荐）');
    screen.getByText(/SecretId 和 SecretKey，在腾讯云控制台“访问管理 → API 密钥管理”中创建/);
    screen.getByText(/“应用管理 → 应用信息”中的 App Key（32 位）/);
    fireEvent.click(screen.getByText('旧版 App Key'));
    fireEvent.change(input('wizard-sdkAppId'), { target: { value: '1400123456' } });
    fireEvent.click(input('wizard-next-1'));

    await screen.findByText(/保存后请在“模板和签名”中手动添加/);
    fireEvent.change(input('wizard-appKey'), { target: { value: KEY } });
    fireEvent.click(input('wizard-next-2'));
    await screen.findByText(/这看起来是 API 密钥的 SecretKey/);
    fireEvent.change(input('wizard-appKey'), { target: { value: ID } });
    fireEvent.click(input('wizard-next-2'));
    await screen.findByText(/这是 SecretId（以 AKID 开头），不是 App Key/);
    expect(sms.calls).toEqual([]);
    fireEvent.change(input('wizard-appKey'), { target: { value: APP_KEY } });
    fireEvent.click(input('wizard-next-2'));

    await screen.findByText(/查询一个无人使用的号码的回执/);
    fireEvent.click(input('wizard-test'));
    await screen.findByText(/App Key 和应用 ID 正确/);
    expect(sms.calls[0]).toEqual({
      name: 'account.testConnection',
      input: { kind: 'appKey', sdkAppId: '1400123456', region: 'ap-guangzhou', appKey: APP_KEY },
    });
  });

  it('checks each field before any call, then names the exact problem and saves a working key', async () => {
    let next = testResult({
      problem: 'ipNotAllowed',
      code: 'UnauthorizedOperation.RequestIpNotInWhitelist',
    });
    const sms = fakeSms({
      'account.testConnection': () => next,
      'account.save': () => ({
        saved: true,
        test: next,
        status: { ...none, mode: 'account', stored: 'session', verified: true },
      }),
    });
    window.sms = sms.api;
    const onDone = vi.fn();
    render(<ConnectWizard status={none} onDone={onDone} onCancel={() => {}} />);

    fireEvent.change(input('wizard-sdkAppId'), { target: { value: '12ab' } });
    fireEvent.click(input('wizard-next-1'));
    await screen.findByText('应用 ID 应为 1400 开头的 10 位数字，例如 1400123456。');
    fireEvent.change(input('wizard-sdkAppId'), { target: { value: '1400123456' } });
    fireEvent.click(input('wizard-next-1'));

    fireEvent.change(input('wizard-secretId'), { target: { value: 'XYZ123' } });
    fireEvent.change(input('wizard-secretKey'), { target: { value: KEY } });
    fireEvent.click(input('wizard-next-2'));
    await screen.findByText(/SecretId 应以 AKID 开头/);
    expect(sms.calls).toEqual([]);
    fireEvent.change(input('wizard-secretId'), { target: { value: ID } });
    fireEvent.click(input('wizard-next-2'));

    await screen.findByText('系统钥匙串不可用，只能在本次运行期间保存密钥。');
    fireEvent.click(input('wizard-test'));
    await screen.findByText(/不在该应用的 IP 白名单中/);
    expect(input('wizard-save').hasAttribute('disabled')).toBe(true);
    expect(sms.calls[0]).toEqual({
      name: 'account.testConnection',
      input: {
        kind: 'apiKey',
        sdkAppId: '1400123456',
        region: 'ap-guangzhou',
        secretId: ID,
        secretKey: KEY,
      },
    });

    next = testResult({ ok: true, signs: 2, templates: 5 });
    fireEvent.click(input('wizard-test'));
    await screen.findByText('连接成功：找到 2 个签名、5 个模板。');
    await waitFor(() => expect(input('wizard-save').hasAttribute('disabled')).toBe(false));
    fireEvent.click(input('wizard-save'));
    await waitFor(() => expect(onDone).toHaveBeenCalledOnce());
    expect(sms.calls.at(-1)).toEqual({
      name: 'account.save',
      input: {
        kind: 'apiKey',
        sdkAppId: '1400123456',
        region: 'ap-guangzhou',
        secretId: ID,
        secretKey: KEY,
        saveUnverified: false,
        sessionOnly: true,
      },
    });
  });

  it('offers "save unverified" only when Tencent cannot be reached', async () => {
    const sms = fakeSms({
      'account.testConnection': () =>
        testResult({ problem: 'networkDown', code: 'Network.Refused' }),
    });
    window.sms = sms.api;
    render(
      <ConnectWizard
        status={{ ...none, keychain: { available: true } }}
        onDone={() => {}}
        onCancel={() => {}}
      />,
    );
    fireEvent.change(input('wizard-sdkAppId'), { target: { value: '1400123456' } });
    fireEvent.click(input('wizard-next-1'));
    await waitFor(() => expect(screen.getByTestId('wizard-step-2').style.display).toBe('block'));
    fireEvent.change(input('wizard-secretId'), { target: { value: ID } });
    fireEvent.change(input('wizard-secretKey'), { target: { value: KEY } });
    fireEvent.click(input('wizard-next-2'));
    await waitFor(() => expect(screen.getByTestId('wizard-step-3').style.display).toBe('block'));
    expect(screen.queryByTestId('wizard-save-offline')).toBeNull();
    fireEvent.click(input('wizard-test'));
    await screen.findByText(/无法连接到腾讯云/);
    expect(screen.getByTestId('wizard-save-offline')).toBeTruthy();
  });
});

describe('AccountBanner', () => {
  it('explains session-only mode and how to fix it on Linux', async () => {
    window.sms = fakeSms({
      'account.status': () => ({ ...none, mode: 'account', stored: 'session', verified: true }),
    }).api;
    render(<AccountBanner platform="linux" onGoToSettings={() => {}} />);
    const banner = await screen.findByTestId('session-banner');
    expect(banner.textContent).toContain('系统钥匙串不可用');
    expect(banner.textContent).toContain('GNOME 钥匙串');
    expect(banner.textContent).toContain('KWallet');
  });

  it('shows nothing when the key is in the keychain', async () => {
    const sms = fakeSms({
      'account.status': () => ({
        ...none,
        mode: 'account',
        stored: 'keychain',
        keychain: { available: true },
      }),
    });
    window.sms = sms.api;
    const { container } = render(<AccountBanner platform="linux" onGoToSettings={() => {}} />);
    await waitFor(() => expect(sms.calls.length).toBe(1));
    expect(container.textContent).toBe('');
  });
});
