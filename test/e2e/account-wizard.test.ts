/**
 * A new user connects their Tencent Cloud SMS account in Chromium: practice mode → 设置 →
 * 连接腾讯云短信 (App ID, API key, a wrong key first, then the right one) → 测试连接 → 保存.
 * The "real" account is an emulator started here with a fresh random key, reached through
 * SMS_DESK_TENCENT_ENDPOINT. A screenshot per step goes to test-results/.
 *
 * Keychain: under scripts/with-keyring.mjs (SMS_DESK_KEYRING=1, a throwaway keyring) the key
 * goes to the real keychain; otherwise the session bus is pointed nowhere so the run never
 * touches a developer's own keyring and walks the session-only path with its banner.
 *
 * Every /__sms/call response is recorded, then scanned (with the logs and SQLite files) for
 * the SecretKey.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  defaultProfile,
  parseProfile,
  startEmulator,
  type RunningEmulator,
} from '../../src/main/core/emulator';
import type { Page } from 'playwright-core';
import { CallRecorder } from '../support/call-recorder';
import { RESULTS_DIR, startApp, type App, type Harness } from '../support/e2e';
import { findSecretInDir, findSecretInText, listFiles } from '../support/secret-scan';

const withKeyring = process.env.SMS_DESK_KEYRING === '1';
const alnum = (n: number) =>
  randomBytes(n * 2)
    .toString('base64')
    .replace(/[^0-9A-Za-z]/g, '')
    .slice(0, n);

const account = {
  secretId: `AKID${alnum(32)}`,
  secretKey: alnum(32),
  sdkAppId: `1400${String(100000 + (randomBytes(3).readUIntBE(0, 3) % 900000))}`,
  region: 'ap-guangzhou',
  accountType: 'enterprise' as const,
};
const IPC_LOG = join(RESULTS_DIR, 'account-wizard-ipc.jsonl');

let emulator: RunningEmulator;
let app: App;
let dataDir: string;
/** Every IPC answer the page gets, read and kept for the scan. */
const calls = new CallRecorder();
/** Everything else core sends out: pushed events and the harness's own stdout/stderr. */
let eventText = '';
let processOutput = '';
const eventStreams: AbortController[] = [];

beforeAll(async () => {
  emulator = await startEmulator({
    profile: parseProfile({ ...defaultProfile, accounts: [account] }),
  });
  dataDir = mkdtempSync(join(tmpdir(), 'sms-desk-e2e-account-'));
  const env: Record<string, string> = { SMS_DESK_TENCENT_ENDPOINT: emulator.endpoint };
  if (!withKeyring) env.DBUS_SESSION_BUS_ADDRESS = 'unix:path=/nonexistent/sms-desk-e2e';
  // Recording starts before the page opens the app, so the first load's calls (app.info,
  // account.status, …) are recorded as they happen, and no reload is needed to catch them.
  // "networkidle" (500 ms without a request) is no sign the first load is done: a fresh browser
  // evaluates the bundle, then draws the first screen, each 0.5-1.1 s with nothing on the
  // network; a reload issued then cut off the mount calls the first load made after it.
  app = await startApp({ dataDir, env, beforeOpen: record });
});

function record(page: Page, harness: Harness): void {
  harness.process.stdout?.on('data', (d: Buffer) => (processOutput += d.toString('latin1')));
  harness.process.stderr?.on('data', (d: Buffer) => (processOutput += d.toString('latin1')));
  // A listener of our own on the event stream: events are IPC output too (account.changed).
  const abort = new AbortController();
  eventStreams.push(abort);
  void fetch(new URL('/__sms/events', harness.url), { signal: abort.signal })
    .then(async (res) => {
      const decoder = new TextDecoder();
      for await (const chunk of res.body!) eventText += decoder.decode(chunk, { stream: true });
    })
    .catch(() => undefined);
  calls.attach(page);
}

afterAll(async () => {
  for (const a of eventStreams) a.abort();
  await app?.stop();
  await emulator?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('connection wizard in Chromium', () => {
  it('walks a new user from practice mode to a saved, working account', async () => {
    const { page } = app;
    await page.getByTestId('practice-banner').waitFor();
    await app.screenshot('account-wizard-01-practice');

    await page.getByTestId('nav-settings').click();
    await page.getByTestId('account-section').waitFor();
    expect(await page.getByTestId('account-mode').getAttribute('data-mode')).toBe('practice');
    await app.screenshot('account-wizard-02-settings');

    await page.getByTestId('account-connect').click();
    await page.getByTestId('connect-wizard').waitFor();
    // A malformed App ID is caught next to the field, before any call.
    await page.getByTestId('wizard-sdkAppId').fill('12345');
    await page.getByTestId('wizard-next-1').click();
    await page.getByText('应用 ID 应为 1400 开头的 10 位数字').waitFor();
    await page.getByTestId('wizard-sdkAppId').fill(account.sdkAppId);
    await app.screenshot('account-wizard-03-app-id');
    await page.getByTestId('wizard-next-1').click();

    await page.getByTestId('wizard-secretId').waitFor({ state: 'visible' });
    await page.getByText('不是 SecretKey').first().waitFor();
    await page.getByText('sms:DescribeSmsTemplateList').waitFor();
    await page.getByTestId('wizard-secretId').fill(account.secretId);
    await page.getByTestId('wizard-secretKey').fill('wrongWrongWrongWrongWrongWrong00');
    await app.screenshot('account-wizard-04-api-key');
    await page.getByTestId('wizard-next-2').click();

    // A wrong key first: the exact problem is named and nothing is saved.
    await page.getByTestId('wizard-test').waitFor({ state: 'visible' });
    await page.getByTestId('wizard-test').click();
    const result = page.getByTestId('wizard-result');
    await expect.poll(() => result.getAttribute('data-problem')).toBe('wrongKey');
    expect(await result.textContent()).toContain('SecretKey 不正确');
    expect(await page.getByTestId('wizard-save').isDisabled()).toBe(true);
    await app.screenshot('account-wizard-05-wrong-key');

    await page.getByText('上一步').last().click();
    await page.getByTestId('wizard-secretKey').fill(account.secretKey);
    await page.getByTestId('wizard-next-2').click();
    await page.getByTestId('wizard-test').click();
    await expect.poll(() => result.getAttribute('data-problem')).toBe('ok');
    expect(await result.textContent()).toContain('连接成功');
    await app.screenshot('account-wizard-06-tested');

    await page.getByTestId('wizard-save').click();
    await page.getByTestId('account-feedback').waitFor();
    expect(await page.getByTestId('account-feedback').textContent()).toContain('已保存');
    await expect
      .poll(() => page.getByTestId('account-mode').getAttribute('data-mode'))
      .toBe('account');
    expect(await page.getByTestId('account-stored').getAttribute('data-stored')).toBe(
      withKeyring ? 'keychain' : 'session',
    );
    expect(await page.getByTestId('account-secretId').textContent()).toBe(
      `AKID…${account.secretId.slice(-4)}`,
    );
    await expect.poll(() => page.getByTestId('practice-banner').count()).toBe(0);
    expect(await page.getByTestId('session-banner').count()).toBe(withKeyring ? 0 : 1);
    if (!withKeyring)
      expect(await page.getByTestId('session-banner').textContent()).toContain('GNOME');
    await app.screenshot('account-wizard-07-saved');

    // The key in the page is gone once saved; the password field was never echoed back.
    expect(await page.content()).not.toContain(account.secretKey);
    expect(app.consoleErrors).toEqual([]);

    // While the app runs, the WAL holds the latest writes unmerged: scan it now, not only after
    // close() has checkpointed it into the main file.
    expect(listFiles(dataDir).some((f) => f.endsWith('sms-desk.db-wal'))).toBe(true);
    expect(findSecretInDir(dataDir, account.secretKey)).toEqual([]);
  });

  it('after a restart: reads the key back from the keychain, or (session-only) asks again', async () => {
    await calls.allAnswered();
    await app.stop();
    const env: Record<string, string> = { SMS_DESK_TENCENT_ENDPOINT: emulator.endpoint };
    if (!withKeyring) env.DBUS_SESSION_BUS_ADDRESS = 'unix:path=/nonexistent/sms-desk-e2e';
    // As at the start: recorded from the first request, no reload.
    app = await startApp({ dataDir, env, beforeOpen: record });
    const { page } = app;
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('account-section').waitFor();
    if (withKeyring) {
      await expect
        .poll(() => page.getByTestId('account-mode').getAttribute('data-mode'))
        .toBe('account');
      expect(await page.getByTestId('account-stored').getAttribute('data-stored')).toBe('keychain');
    } else {
      await page.getByTestId('needs-secret-banner').waitFor();
      expect(await page.getByTestId('account-mode').getAttribute('data-mode')).toBe('practice');
      expect(await page.getByTestId('account-change-key').textContent()).toContain('重新输入密钥');
    }
    await app.screenshot('account-wizard-08-after-restart');
    expect(app.consoleErrors).toEqual([]);
  });

  it('left the SecretKey in no IPC response, log file or SQLite file', async () => {
    // Every response body read before the app goes: an unread body would be an unscanned one.
    await calls.allAnswered();
    expect(calls.unread).toEqual([]);
    await app.stop();
    writeFileSync(IPC_LOG, calls.responses.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const names = new Set(calls.responses.map((r) => r.name));
    for (const n of ['app.info', 'account.status', 'account.testConnection', 'account.save'])
      expect(names).toContain(n);

    expect(findSecretInText(readFileSync(IPC_LOG, 'latin1'), account.secretKey)).toEqual([]);
    // The save and the mode switch were pushed as events; crash text would be on stderr.
    expect(eventText).toContain('account.changed');
    expect(findSecretInText(eventText, account.secretKey)).toEqual([]);
    expect(findSecretInText(processOutput, account.secretKey)).toEqual([]);
    const files = listFiles(dataDir);
    expect(files.some((f) => f.endsWith('sms-desk.db'))).toBe(true);
    expect(files.some((f) => f.includes('logs'))).toBe(true);
    expect(findSecretInDir(dataDir, account.secretKey)).toEqual([]);
  });
});
