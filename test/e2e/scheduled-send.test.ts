import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../support/e2e';
import {
  REMINDER_TEMPLATE_NAME,
  chooseOption,
  textOf,
  writeCustomerList,
  type CustomerList,
} from '../support/batch-e2e';

/** Beijing wall time of `ms` as the picker's text, `YYYY-MM-DD HH:mm`. */
const beijingText = (ms: number): string =>
  new Date(ms + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

/** A job as the core sees it, through the page's own `window.sms` (the harness twin). */
const jobOf = (app: App, jobId: number) =>
  app.page.evaluate(`window.sms.jobGet({ jobId: ${jobId} }).then((r) => r.value)`) as Promise<{
    status: string;
    counts: { sent: number };
    scheduledAt: number | null;
  }>;

/**
 * 定时发送 in Chromium at 1280×800: a batch scheduled two minutes ahead waits in 已定时, and runs
 * when the harness's clock is moved past its time (no real wait).
 */
describe('scheduled batch send in Chromium (practice mode)', () => {
  let app: App;
  let dir: string;
  let list: CustomerList;
  let jobId = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sms-desk-scheduled-'));
    list = writeCustomerList(dir, 6);
    app = await startApp();
    await app.page.setViewportSize({ width: 1280, height: 800 });
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('schedules a batch two minutes ahead and shows it in 已定时', async () => {
    const { page } = app;
    await page.getByTestId('nav-batch').click();
    await page.getByTestId('batch-new').click();
    await page.getByTestId('batch-import-step').waitFor();
    await expect
      .poll(() => page.locator('[data-testid="batch-template"]').textContent(), { timeout: 20_000 })
      .not.toBe('');
    await chooseOption(page, 'batch-template', REMINDER_TEMPLATE_NAME);
    await page
      .locator('[data-testid="batch-import-step"] input[type=file]')
      .setInputFiles(list.path);
    await page.getByTestId('batch-preview').waitFor({ timeout: 20_000 });
    await expect.poll(() => page.getByTestId('batch-import-go').isEnabled()).toBe(true);
    await page.getByTestId('batch-import-go').click();
    await page.getByTestId('batch-review-step').waitFor({ timeout: 60_000 });
    await page.getByTestId('batch-to-preflight').click();
    await page.getByTestId('batch-preflight').waitFor({ timeout: 20_000 });
    await page.getByTestId('batch-send').click();
    await page.getByTestId('batch-confirm').waitFor();

    await page.getByTestId('send-time-later').click();
    // The OK button waits for a time.
    expect(await page.getByTestId('batch-confirm-ok').isDisabled()).toBe(true);
    const at = Math.floor((Date.now() + 2 * 60_000 + 59_000) / 60_000) * 60_000;
    const picker = page.locator('[data-testid="batch-confirm"] .ant-picker input');
    await picker.click();
    await picker.fill(beijingText(at));
    await picker.press('Enter');
    await expect.poll(() => textOf(page, 'batch-confirm')).toContain('北京时间');
    await expect.poll(() => page.getByTestId('batch-confirm-ok').isEnabled()).toBe(true);
    await app.screenshot('scheduled-1-confirm');
    await page.getByTestId('batch-confirm-ok').click();

    // First time only: 开机自动启动 is offered (a scheduled job needs the app running).
    await page.getByTestId('login-offer-no').click();
    await expect.poll(() => page.locator('.ant-message').textContent()).toContain('已定时');
    await page.getByTestId('scheduled-job').waitFor({ timeout: 20_000 });
    jobId = Number(await page.getByTestId('batch-job-view').getAttribute('data-job-id'));
    expect(await jobOf(app, jobId)).toMatchObject({
      status: 'scheduled',
      scheduledAt: at,
      counts: { sent: 0 },
    });
    expect(await textOf(page, 'scheduled-job-at')).toContain(beijingText(at).slice(11));

    await page.getByTestId('batch-back-to-list').click();
    await page.getByTestId('scheduled-batch').waitFor();
    expect(await textOf(page, `scheduled-at-${jobId}`)).toContain('已定时');
    await app.screenshot('scheduled-2-list');
  });

  it('runs at its time once the clock gets there, not before', async () => {
    const { page } = app;
    const advance = (ms: number) =>
      fetch(new URL('/__sms/clock', app.harness.url), {
        method: 'POST',
        body: JSON.stringify({ advanceMs: ms }),
      }).then((r) => r.json() as Promise<{ now: number }>);

    // Not yet: a minute early changes nothing.
    const { scheduledAt } = await jobOf(app, jobId);
    const early = await advance(0);
    await advance(Math.max(0, scheduledAt! - early.now - 60_000));
    await new Promise((r) => setTimeout(r, 300));
    expect((await jobOf(app, jobId)).status).toBe('scheduled');

    // The time comes: the job starts, leaves 已定时 and sends every row.
    const now = await advance(0);
    await advance(scheduledAt! - now.now + 1_000);
    await expect
      .poll(async () => (await jobOf(app, jobId)).status, { timeout: 20_000 })
      .not.toBe('scheduled');
    await expect
      .poll(() => page.getByTestId('scheduled-batch').count(), { timeout: 10_000 })
      .toBe(0);
    await page.getByTestId(`batch-list-status-${jobId}`).click();
    await page.getByTestId('batch-progress').waitFor({ timeout: 20_000 });
    await expect
      .poll(async () => (await jobOf(app, jobId)).counts.sent, { timeout: 20_000 })
      .toBe(list.valid);
    await app.screenshot('scheduled-3-ran');
    expect(app.consoleErrors).toEqual([]);
  });

  it('schedules a direct send on 发送, lists it there, and cancels it after confirming', async () => {
    const { page } = app;
    await page.getByTestId('nav-send').click();
    await page.getByTestId('page-send').waitFor();
    await page.getByTestId('send-template').click();
    await page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
      .filter({ hasText: '验证码' })
      .first()
      .click();
    await page.getByTestId('var-1').fill('123456');
    await page.getByTestId('var-2').fill('5');
    await page.getByTestId('send-numbers').fill('13812345678');
    await expect.poll(() => page.getByTestId('send-submit').isEnabled()).toBe(true);
    await page.getByTestId('send-submit').click();
    await page.getByTestId('send-confirm').waitFor({ timeout: 20_000 });
    await page.getByTestId('send-time-later').click();
    // The clock of the core is ahead of this browser after the test above: pick from its time.
    const { now } = (await (await fetch(new URL('/__sms/clock', app.harness.url))).json()) as {
      now: number;
    };
    const at = Math.floor((now + 10 * 60_000) / 60_000) * 60_000;
    const picker = page.locator('[data-testid="send-confirm"] .ant-picker input');
    await picker.click();
    await picker.fill(beijingText(at));
    await picker.press('Enter');
    await expect.poll(() => page.getByTestId('send-confirm-ok').isEnabled()).toBe(true);
    await page.getByTestId('send-confirm-ok').click();
    await page.getByTestId('scheduled-direct').waitFor({ timeout: 20_000 });
    // 开机自动启动 was offered once already (the batch above): not again.
    expect(await page.getByTestId('login-offer-no').count()).toBe(0);
    const direct = Number(
      (await page
        .locator('[data-testid^="schedule-actions-"]')
        .first()
        .getAttribute('data-testid'))!
        .split('-')
        .pop(),
    );
    expect(await jobOf(app, direct)).toMatchObject({ status: 'scheduled', scheduledAt: at });
    await app.screenshot('scheduled-3b-direct-listed');

    await page.getByTestId(`schedule-cancel-${direct}`).click();
    await page.getByTestId(`schedule-cancel-ok-${direct}`).click();
    await expect.poll(() => page.getByTestId('scheduled-direct').count()).toBe(0);
    expect((await jobOf(app, direct)).status).toBe('cancelled');
  });

  it('设置 holds the grace window, tray, notification and login-item choices', async () => {
    const { page } = app;
    await page.getByTestId('nav-settings').click();
    // antd puts the test id on the input itself or on its wrapper, by version.
    const grace = page
      .locator(
        'input[data-testid="pref-scheduleGraceMinutes"], [data-testid="pref-scheduleGraceMinutes"] input',
      )
      .first();
    await grace.waitFor({ timeout: 20_000 });
    expect(await grace.inputValue()).toBe('10');
    await grace.fill('5');
    await grace.blur();
    await page.getByTestId('pref-openAtLogin').click();
    await expect
      .poll(
        () =>
          app.page.evaluate(`Promise.all(['scheduleGraceMinutes', 'openAtLogin', 'closeToTray']
            .map((key) => window.sms.prefsGet({ key }).then((r) => r.value.value)))`),
        { timeout: 10_000 },
      )
      .toEqual([5, true, null]);
    await page.getByText('定时发送与桌面').scrollIntoViewIfNeeded();
    await app.screenshot('scheduled-4-settings');
  });

  it('keeps English after a reload once the user switched to it', async () => {
    const { page } = app;
    await chooseOption(page, 'language', 'English');
    await expect.poll(() => textOf(page, 'nav-batch')).not.toContain('批量');
    const english = await textOf(page, 'nav-batch');
    await page.reload();
    await expect.poll(() => textOf(page, 'nav-batch'), { timeout: 20_000 }).toBe(english);
    // The last page came back too.
    await page.locator('[data-page="settings"]').first().waitFor();
    await app.screenshot('scheduled-5-english-after-reload');
  });
});
