/**
 * A user who only has the legacy App Key connects it in Chromium: 设置 → 连接腾讯云短信 →
 * 旧版 App Key → App ID → App Key (a SecretKey pasted by mistake first, then a wrong App Key,
 * then the right one) → 测试连接 → 保存; then adds the template by hand (the legacy API lists
 * none) and sends one message, which goes out through the legacy API of an emulator started
 * here with a fresh random App Key (SMS_DESK_TENCENT_LEGACY_ENDPOINT). Screenshots go to
 * test-results/; every /__sms/call response, the logs and the data files are scanned for the key.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  defaultProfile,
  parseProfile,
  startEmulator,
  type RunningEmulator,
} from '../../src/main/core/emulator';
import { chooseOption } from '../support/batch-e2e';
import { CallRecorder } from '../support/call-recorder';
import { startApp, type App } from '../support/e2e';
import { findSecretInDir, findSecretInText } from '../support/secret-scan';

const withKeyring = process.env.SMS_DESK_KEYRING === '1';
const account = {
  secretId: `AKID${randomBytes(16).toString('hex')}`,
  secretKey: randomBytes(24)
    .toString('base64')
    .replace(/[^0-9A-Za-z]/g, 'x')
    .slice(0, 32),
  appKey: randomBytes(16).toString('hex'),
  sdkAppId: `1400${String(100000 + (randomBytes(3).readUIntBE(0, 3) % 900000))}`,
  region: 'ap-guangzhou',
  accountType: 'enterprise' as const,
};
const PHONE = '13812345678';

let emulator: RunningEmulator;
let app: App;
let dataDir: string;
/** Every IPC answer the page gets, from its first load on, read and kept for the scan. */
const calls = new CallRecorder();

beforeAll(async () => {
  emulator = await startEmulator({
    profile: parseProfile({ ...defaultProfile, accounts: [account] }),
  });
  dataDir = mkdtempSync(join(tmpdir(), 'sms-desk-e2e-legacy-'));
  const env: Record<string, string> = { SMS_DESK_TENCENT_LEGACY_ENDPOINT: emulator.endpoint };
  if (!withKeyring) env.DBUS_SESSION_BUS_ADDRESS = 'unix:path=/nonexistent/sms-desk-e2e';
  app = await startApp({ dataDir, env, beforeOpen: (page) => calls.attach(page) });
  // The build machines are shared: give each step room under load (nothing here is timed).
  app.page.setDefaultTimeout(60_000);
});

afterAll(async () => {
  await app?.stop();
  await emulator?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function chooseTemplate(page: Page, name: string): Promise<void> {
  await page.getByTestId('send-template').click();
  await page
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
    .filter({ hasText: name })
    .first()
    .click();
}

describe('connection wizard with a legacy App Key, in Chromium', () => {
  it('connects with the App Key: the wrong kinds of key are explained, 测试连接 succeeds', async () => {
    const { page } = app;
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('account-connect').click();
    await page.getByTestId('connect-wizard').waitFor();
    // Both kinds on the first step, each saying where it is found.
    await page.getByText('API 密钥（推荐）').waitFor();
    await page
      .getByText(/应用管理 → 应用信息/)
      .first()
      .waitFor();
    await page.getByTestId('wizard-kind-appKey').click();
    await page.getByTestId('wizard-sdkAppId').fill(account.sdkAppId);
    await app.screenshot('legacy-wizard-01-kind');
    await page.getByTestId('wizard-next-1').click();

    await page.getByTestId('wizard-appKey').waitFor({ state: 'visible' });
    await page.getByTestId('wizard-appKey-manual').waitFor();
    // A SecretKey pasted as App Key is recognised by its shape, before any call.
    await page.getByTestId('wizard-appKey').fill(account.secretKey);
    await page.getByTestId('wizard-next-2').click();
    await page.getByText(/这看起来是 API 密钥的 SecretKey/).waitFor();
    await app.screenshot('legacy-wizard-02-secret-key-as-app-key');

    // A wrong App Key: the sig error is named as such, nothing is saved.
    await page.getByTestId('wizard-appKey').fill('f'.repeat(32));
    await page.getByTestId('wizard-next-2').click();
    await page.getByTestId('wizard-test').waitFor({ state: 'visible' });
    await page.getByTestId('wizard-test').click();
    const result = page.getByTestId('wizard-result');
    await expect.poll(() => result.getAttribute('data-problem')).toBe('wrongAppKey');
    expect(await result.textContent()).toContain('App Key 不正确');
    expect(await page.getByTestId('wizard-save').isDisabled()).toBe(true);

    await page.getByText('上一步').last().click();
    await page.getByTestId('wizard-appKey').fill(account.appKey);
    await page.getByTestId('wizard-next-2').click();
    await page.getByTestId('wizard-test').click();
    await expect.poll(() => result.getAttribute('data-problem')).toBe('ok');
    expect(await result.textContent()).toContain('App Key 和应用 ID 正确');
    await app.screenshot('legacy-wizard-03-tested');

    await page.getByTestId('wizard-save').click();
    await expect
      .poll(() => page.getByTestId('account-mode').getAttribute('data-mode'))
      .toBe('account');
    expect(await page.getByTestId('account-kind').getAttribute('data-kind')).toBe('appKey');
    expect(await page.getByTestId('account-stored').getAttribute('data-stored')).toBe(
      withKeyring ? 'keychain' : 'session',
    );
    await app.screenshot('legacy-wizard-04-saved');
    expect(await page.content()).not.toContain(account.appKey);
  });

  it('adds the template by hand, and a send goes out through the legacy API', async () => {
    const { page } = app;
    // The legacy API lists no templates: add the console's template by hand.
    await page.getByTestId('template-add').click();
    await page.getByTestId('template-add-id').fill('2001001');
    await page
      .getByTestId('template-add-content')
      .fill('您的验证码是{1}，{2}分钟内有效，如非本人操作请忽略本短信。');
    // A template added by hand asks for its kind as approved in the console; it never guesses.
    await chooseOption(page, 'template-add-kind', '验证码');
    await page.getByTestId('template-add-ok').click();
    await page.getByTestId('template-add-ok').waitFor({ state: 'detached' });
    const sign = (await page.evaluate(
      "window.sms.signsAdd({ signName: 'SMS Desk练习', international: false })",
    )) as { ok: boolean };
    expect(sign.ok).toBe(true);

    await page.getByTestId('nav-send').click();
    await page.getByTestId('page-send').waitFor();
    await chooseTemplate(page, '2001001');
    await page.getByTestId('var-1').fill('246810');
    await page.getByTestId('var-2').fill('5');
    await page.getByTestId('send-numbers').fill(PHONE);
    await expect.poll(() => page.getByTestId('recipient').count()).toBe(1);
    await expect.poll(() => page.getByTestId('send-submit').isEnabled()).toBe(true);
    await page.getByTestId('send-submit').click();
    await page.getByTestId('send-confirm').waitFor({ timeout: 20_000 });
    await page.getByTestId('send-confirm-ok').click();
    const row = page.locator(`[data-testid="result-row"][data-phone="+86${PHONE}"]`);
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 60_000 }).toBe('sent');
    await app.screenshot('legacy-wizard-05-sent');

    const sent = emulator.sent();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ phone: `+86${PHONE}`, api: 'legacy', templateId: '2001001' });
    expect(app.consoleErrors).toEqual([]);
  });

  it('left the App Key in no IPC response and no data file', async () => {
    // Every answer read, none left unread (an unread body would be an unscanned one).
    await calls.allAnswered();
    expect(calls.unread).toEqual([]);
    const names = new Set(calls.responses.map((r) => r.name));
    for (const n of ['app.info', 'account.status', 'account.save']) expect(names).toContain(n);
    for (const r of calls.responses) expect(findSecretInText(r.body, account.appKey)).toEqual([]);
    expect(findSecretInDir(dataDir, account.appKey)).toEqual([]);
  });
});
