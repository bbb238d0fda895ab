import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ROOT, startApp, type App } from '../support/e2e';
import { startEmulatorProcess, type EmulatorProcess } from '../support/batch-e2e';

/**
 * Practice mode, statistics: two batches go out (100 and 50 verification codes), then 统计 shows
 * the charts and the tables behind them with the right totals, and Tencent's figures (here the
 * emulator's) beside the local ones. Then the package is nearly empty and the 发送 page's
 * confirmation warns, before any money is spent, that it will run out after 2 rows.
 */
const FIRST = 100;
const SECOND = 50;

const phone = (i: number): string => `+86135${String(10_000_000 + i).slice(-8)}`;

async function sendBatch(page: Page, key: string, from: number, n: number): Promise<number> {
  const rows = Array.from({ length: n }, (_, i) => ({
    rowNo: i + 1,
    phone: phone(from + i),
    params: ['123456', '5'],
  }));
  const input = {
    idempotencyKey: `stats-e2e-${key}`,
    kind: 'batch',
    templateId: '2001001',
    templateContent: '您的验证码是{1}，{2}分钟内有效，如非本人操作请忽略本短信。',
    templateKind: 'verification',
    signName: 'SMS Desk练习',
    rows,
  };
  const created = (await page.evaluate(
    (i) =>
      (globalThis as unknown as { sms: { jobCreate(x: unknown): Promise<unknown> } }).sms.jobCreate(
        i,
      ),
    input,
  )) as { ok: boolean; value: { job: { id: number } } };
  expect(created.ok).toBe(true);
  const id = created.value.job.id;
  await page.evaluate(
    (jobId) =>
      (globalThis as unknown as { sms: { jobStart(x: unknown): Promise<unknown> } }).sms.jobStart({
        jobId,
      }),
    id,
  );
  return id;
}

async function jobStatus(page: Page, jobId: number): Promise<string> {
  const r = (await page.evaluate(
    (id) =>
      (globalThis as unknown as { sms: { jobGet(x: unknown): Promise<unknown> } }).sms.jobGet({
        jobId: id,
      }),
    jobId,
  )) as { value: { status: string } };
  return r.value.status;
}

/** The cell texts of one column of a stats table. */
const cells = (page: Page, table: string, column: string) =>
  page.locator(`[data-testid="table-${table}"] [data-cell="${table}-${column}"]`).allTextContents();

/** One cell of the trend table's 合计 row. */
const total = (page: Page, column: string) =>
  page
    .locator(`[data-testid="table-trend"] tr[data-row-key="total"] [data-cell="trend-${column}"]`)
    .textContent();

describe('statistics page in Chromium (practice mode)', () => {
  let app: App;
  let emu: EmulatorProcess;

  beforeAll(async () => {
    emu = await startEmulatorProcess();
    app = await startApp({ args: ['--emulator', emu.endpoint] });
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
    await emu?.stop();
  });

  it('counts two batches in the charts’ tables, with cost and Tencent’s figures', async () => {
    const { page } = app;
    await page.getByTestId('nav-send').click();
    await page.getByTestId('page-send').waitFor({ timeout: 30_000 });
    const a = await sendBatch(page, 'a', 0, FIRST);
    await expect.poll(() => jobStatus(page, a), { timeout: 60_000 }).toBe('finished');
    const b = await sendBatch(page, 'b', 1000, SECOND);
    await expect.poll(() => jobStatus(page, b), { timeout: 60_000 }).toBe('finished');

    // The 概览 card on 发送 counts today's sends.
    await expect
      .poll(() => page.getByTestId('overview-today').textContent(), { timeout: 15_000 })
      .toContain(String(FIRST + SECOND));

    await page.getByTestId('nav-stats').click();
    await page.getByTestId('stats-page').waitFor();
    await expect.poll(() => total(page, 'sends'), { timeout: 30_000 }).toBe(String(FIRST + SECOND));
    expect(await total(page, 'segments')).toBe(String(FIRST + SECOND));
    // 150 segments × 0.045 元 = 6.75 元 (estimate).
    expect(await total(page, 'cost')).toBe('6.75');
    expect(await total(page, 'failed')).toBe('0');
    // Every send of today is in today's row of the daily table.
    const sends = (await cells(page, 'trend', 'sends')).map(Number);
    expect(sends.slice(0, -1).reduce((x, y) => x + y, 0)).toBe(FIRST + SECOND);
    expect(await cells(page, 'templates', 'sends')).toEqual([String(FIRST + SECOND)]);
    expect(await cells(page, 'signs', 'sign')).toEqual(['SMS Desk练习']);
    // Delivery comes from the receipts room: the emulator's receipts are pulled in time.
    await page
      .locator('[data-testid="chart-delivery"] canvas')
      .first()
      .waitFor({ timeout: 30_000 });
    // The charts render (canvas inside each), loaded from their own chunk.
    await page.locator('[data-testid="chart-sends"] canvas').first().waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="chart-package"] canvas').first().waitFor({ timeout: 30_000 });
    // Tencent's figures (the emulator's) agree and say where they come from.
    await expect
      .poll(() => page.getByTestId('remote-fee').textContent(), { timeout: 15_000 })
      .toBe(String(FIRST + SECOND));
    expect(await page.getByTestId('remote-success').textContent()).toBe(String(FIRST + SECOND));
    // The package table: the practice package of 1000 with 150 used.
    await expect.poll(() => cells(page, 'packages', 'used'), { timeout: 15_000 }).toEqual(['150']);
    expect(await cells(page, 'packages', 'left')).toEqual(['850']);
    await page.waitForTimeout(500); // let the chart animation settle for the picture
    const shot = await app.screenshot('stats-page');
    // The README's picture is refreshed on request only, so a test run leaves the tree clean.
    if (process.env.SMS_DESK_UPDATE_DOCS === '1') copyFileSync(shot, join(ROOT, 'docs/stats.png'));
    expect(app.consoleErrors).toEqual([]);
  });

  it('warns at the confirmation that the package runs out, and after how many rows', async () => {
    const { page } = app;
    const res = await fetch(`${emu.endpoint.replace(/\/$/, '')}/__emulator/packages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ packages: [{ amount: 1000, used: 998 }] }),
    });
    expect(res.status).toBe(200);
    // 刷新余量 reads it again (paced: retry until the pacing interval has passed).
    await expect
      .poll(
        async () => {
          await page.getByTestId('stats-refresh-balance').click();
          return cells(page, 'packages', 'left');
        },
        { timeout: 30_000, interval: 2_000 },
      )
      .toEqual(['2']);

    await page.getByTestId('nav-send').click();
    await page.getByTestId('page-send').waitFor();
    await page.getByTestId('send-template').click();
    await page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
      .filter({ hasText: '验证码' })
      .first()
      .click();
    await page.getByTestId('var-1').fill('654321');
    await page.getByTestId('var-2').fill('5');
    await page
      .getByTestId('send-numbers')
      .fill(['13600000001', '13600000002', '13600000003', '13600000004'].join('\n'));
    await expect.poll(() => page.getByTestId('recipient').count()).toBe(4);
    await expect.poll(() => page.getByTestId('send-submit').isEnabled()).toBe(true);
    await page.getByTestId('send-submit').click();
    await page.getByTestId('send-confirm').waitFor({ timeout: 20_000 });
    const pre = page.getByTestId('usage-preflight');
    await expect.poll(() => pre.getAttribute('data-runs-out'), { timeout: 10_000 }).toBe('yes');
    const warning = (await page.getByTestId('usage-preflight-balance').textContent()) ?? '';
    expect(warning).toContain('剩余 2 条');
    expect(warning).toContain('前 2 行');
    expect(await page.getByTestId('usage-preflight-cost').textContent()).toContain('0.18 元');
    await app.screenshot('stats-preflight-runs-out');
    expect(app.consoleErrors).toEqual([]);
  });
});
