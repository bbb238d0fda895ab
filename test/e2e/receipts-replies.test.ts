import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../support/e2e';
import {
  REMINDER_TEMPLATE_NAME,
  chooseOption,
  startEmulatorProcess,
  statOf,
  textOf,
  type EmulatorProcess,
} from '../support/batch-e2e';

/**
 * A new user in practice mode: sends a batch of 20, watches 已送达 arrive in the job results and
 * history, a customer replies 退订 (injected through the emulator's control endpoint), the reply
 * shows on 回复 and the number on 免打扰名单, and the next batch leaves it out at pre-flight.
 */
const phones = Array.from({ length: 20 }, (_, i) => `1370000${String(1000 + i)}`);

describe('receipts, replies and the do-not-send list in Chromium (practice mode)', () => {
  let app: App;
  let emu: EmulatorProcess;
  let dir: string;
  let list: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sms-desk-receipts-'));
    list = join(dir, '客户.csv');
    const rows = phones.map((p, i) => `${p},客户${i},洁牙,明天10点`);
    writeFileSync(list, `\uFEFF手机号,姓名,项目,时间\r\n${rows.join('\r\n')}\r\n`);
    emu = await startEmulatorProcess();
    app = await startApp({ args: ['--emulator', emu.endpoint] });
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
    await emu?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function batchToPreflight(file: string): Promise<void> {
    const { page } = app;
    await page.getByTestId('nav-batch').click();
    await page.getByTestId('batch-new').click();
    await page.getByTestId('batch-import-step').waitFor();
    await expect
      .poll(() => page.locator('[data-testid="batch-template"]').textContent(), { timeout: 20_000 })
      .not.toBe('');
    await chooseOption(page, 'batch-template', REMINDER_TEMPLATE_NAME);
    await page.locator('[data-testid="batch-import-step"] input[type=file]').setInputFiles(file);
    await page.getByTestId('batch-preview').waitFor({ timeout: 20_000 });
    await expect.poll(() => page.getByTestId('batch-import-go').isEnabled()).toBe(true);
    await page.getByTestId('batch-import-go').click();
    await page.getByTestId('batch-review-step').waitFor({ timeout: 60_000 });
    await page.getByTestId('batch-to-preflight').click();
    await page.getByTestId('batch-preflight').waitFor({ timeout: 20_000 });
  }

  it('sends a batch of 20 and shows 已送达 in the results and in history', async () => {
    const { page } = app;
    await batchToPreflight(list);
    await expect.poll(() => statOf(page, 'batch-plan-rows'), { timeout: 20_000 }).toBe(20);
    await page.getByTestId('batch-send').click();
    await page.getByTestId('batch-confirm-ok').click();
    await expect
      .poll(() => page.getByTestId('batch-job-status').getAttribute('data-status'), {
        timeout: 60_000,
      })
      .toBe('finished');
    // Receipts come a few seconds after the send, as from Tencent, and are pulled on their own.
    await expect
      .poll(() => textOf(page, 'job-delivery'), { timeout: 30_000 })
      .toMatch(/送达率 \d+(\.\d)?%.*等待回执 0/);
    await expect
      .poll(() => page.locator('[data-delivery="delivered"]').count(), { timeout: 10_000 })
      .toBeGreaterThan(0);
    await app.screenshot('receipts-1-job-results');

    await page.getByTestId('nav-history').click();
    await page.getByTestId('page-history').waitFor();
    await expect
      .poll(() => page.locator('[data-delivery="delivered"]').count(), { timeout: 10_000 })
      .toBeGreaterThan(15);
    expect(await page.locator('[data-delivery="waiting"]').count()).toBe(0);
    await app.screenshot('receipts-2-history');
  });

  it('a 退订 reply shows on 回复 and puts the number on 免打扰名单', async () => {
    const { page } = app;
    const res = await fetch(`${emu.endpoint.replace(/\/$/, '')}/__emulator/replies`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone: `+86${phones[0]}`, text: '退订' }),
    });
    expect(res.status).toBe(200);
    await page.getByTestId('nav-replies').click();
    await page.getByTestId('page-replies').waitFor();
    await page.getByTestId('replies-pull').click();
    await expect.poll(() => page.getByTestId('reply-row').count(), { timeout: 20_000 }).toBe(1);
    const row = await page.getByTestId('reply-row').first().textContent();
    expect(row).toContain('退订');
    expect(row).toContain('137 0000 1000');
    expect(row).toContain('已加入免打扰');
    await app.screenshot('receipts-3-replies');

    await page.getByTestId('nav-optout').click();
    await page.getByTestId('page-optout').waitFor();
    await expect.poll(() => page.getByTestId('optout-row').count(), { timeout: 10_000 }).toBe(1);
    const entry = await page.getByTestId('optout-row').first().textContent();
    expect(entry).toContain('137 0000 1000');
    expect(entry).toContain('客户回复退订');
    await app.screenshot('receipts-4-optout-list');
  });

  it('the next batch leaves that number out at pre-flight', async () => {
    const { page } = app;
    const next = join(dir, '第二批.csv');
    writeFileSync(
      next,
      `\uFEFF手机号,姓名,项目,时间\r\n${phones[0]},客户0,复诊,后天9点\r\n13700009999,新客户,复诊,后天9点\r\n`,
    );
    await batchToPreflight(next);
    await expect
      .poll(() => textOf(page, 'plan-optout'), { timeout: 20_000 })
      .toContain('1 个号码在免打扰名单中');
    expect(await textOf(page, 'plan-optout')).toContain('137 0000 1000');
    expect(await statOf(page, 'batch-plan-rows')).toBe(1);
    await app.screenshot('receipts-5-preflight-skips');
    expect(app.consoleErrors).toEqual([]);
  });
});
