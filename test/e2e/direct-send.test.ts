import { basename } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startApp, type App } from '../support/e2e';

/**
 * A new user in practice mode sends verification codes from the 发送 page: two numbers at once,
 * then the same number again at once (held by the 30-second rule, counted down, then sent),
 * then a pasted list with an invalid and a duplicate number.
 */
const A = '13812345678';
const B = '13712345679';
const A_E164 = `+86${A}`;
const B_E164 = `+86${B}`;

async function chooseTemplate(page: Page, name: string): Promise<void> {
  await page.getByTestId('send-template').click();
  await page
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
    .filter({ hasText: name })
    .first()
    .click();
}

const rowState = (page: Page, phone: string) =>
  page.locator(`[data-testid="result-row"][data-phone="${phone}"]`).getAttribute('data-state');

/** Seconds shown by the held row's countdown ("00:27 后发送" → 27), or NaN. */
async function heldSeconds(page: Page, phone: string): Promise<number> {
  const el = page.locator(
    `[data-testid="result-row"][data-phone="${phone}"] [data-testid="held-countdown"]`,
  );
  if ((await el.count()) === 0) return Number.NaN;
  const m = /(\d+):(\d{2})/.exec((await el.textContent()) ?? '');
  return m ? Number(m[1]) * 60 + Number(m[2]) : Number.NaN;
}

async function submitAndConfirm(app: App, shot: string): Promise<void> {
  const { page } = app;
  await expect.poll(() => page.getByTestId('send-submit').isEnabled()).toBe(true);
  // An impatient double click still makes one job.
  await page.getByTestId('send-submit').dblclick();
  await page.getByTestId('send-confirm').waitFor({ timeout: 20_000 });
  await app.screenshot(shot);
  await page.getByTestId('send-confirm-ok').click();
  await page.getByTestId('send-confirm').waitFor({ state: 'detached', timeout: 20_000 });
}

describe('direct send in Chromium (practice mode)', () => {
  let app: App;

  beforeAll(async () => {
    app = await startApp();
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
  });

  it('fills the verification-code template and previews exactly what the phone shows', async () => {
    const { page } = app;
    await page.getByTestId('nav-send').click();
    await page.getByTestId('page-send').waitFor();
    // A new user has never synced: the page fetches the practice templates by itself.
    await chooseTemplate(page, '验证码');
    await page.getByTestId('var-1').fill('123456');
    await page.getByTestId('var-2').fill('5');
    await expect.poll(() => page.getByTestId('var-1-error').count()).toBe(0);
    await page.getByTestId('send-numbers').fill(`${A}\n${B}`);

    const preview = page.getByTestId('preview-text');
    await expect
      .poll(() => preview.textContent())
      .toMatch(/^【.+】您的验证码是123456，5分钟内有效/);
    await expect.poll(() => page.getByTestId('recipient').count()).toBe(2);
    // Numbers are shown the way the customer writes them, each with its cooldown badge.
    await expect
      .poll(() => page.getByTestId('recipients').textContent())
      .toContain('138 1234 5678');
    await app.screenshot('direct-1-filled');

    // A verification code must be digits: the field says so while typing.
    await page.getByTestId('var-1').fill('12a');
    await expect.poll(() => page.getByTestId('var-1-error').textContent()).toContain('数字');
    expect(await page.getByTestId('send-submit').isEnabled()).toBe(false);
    await page.getByTestId('var-1').fill('123456');
  });

  it('sends to two numbers and shows both sent with serial numbers', async () => {
    const { page } = app;
    await submitAndConfirm(app, 'direct-2-confirm');
    await expect
      .poll(async () => [await rowState(page, A_E164), await rowState(page, B_E164)], {
        timeout: 30_000,
      })
      .toEqual(['sent', 'sent']);
    const serials = await page.getByTestId('row-serial').allTextContents();
    expect(serials).toHaveLength(2);
    for (const s of serials) expect(s.trim()).not.toBe('');
    // Both numbers now cool down (30 s rule), shown live next to each number.
    await expect
      .poll(() =>
        page
          .locator(
            '[data-testid="result-row"] [data-testid="cooldown-badge"][data-state="cooling"]',
          )
          .count(),
      )
      .toBe(2);
    await app.screenshot('direct-3-sent');
    const jobs = (await page.evaluate('window.sms.jobList({})')) as {
      ok: boolean;
      value: { total: number };
    };
    expect(jobs.value.total).toBe(1);
    expect(app.consoleErrors).toEqual([]);
  });

  it('holds an immediate re-send by the 30-second rule, counts down, then sends', async () => {
    const { page } = app;
    await page.getByTestId('send-numbers').fill(A);
    await expect.poll(() => page.getByTestId('recipient').count()).toBe(1);
    await expect.poll(() => page.getByTestId('send-submit').isEnabled()).toBe(true);
    await page.getByTestId('send-submit').click();
    await page.getByTestId('send-confirm').waitFor({ timeout: 20_000 });
    // The confirmation says the number is held and when it will go.
    await expect.poll(() => page.getByTestId('confirm-held').count()).toBe(1);
    await app.screenshot('direct-4-confirm-held');
    await page.getByTestId('send-confirm-ok').click();

    await expect.poll(() => rowState(page, A_E164), { timeout: 15_000 }).toBe('held');
    await expect.poll(() => heldSeconds(page, A_E164), { timeout: 10_000 }).not.toBeNaN();
    const first = await heldSeconds(page, A_E164);
    expect(first).toBeGreaterThanOrEqual(15);
    expect(first).toBeLessThanOrEqual(30);
    await app.screenshot('direct-5-held-countdown');

    // The countdown moves on the shared clock.
    await expect.poll(() => heldSeconds(page, A_E164), { timeout: 5_000 }).toBeLessThan(first);

    // It reaches zero and the outbox sends it by itself.
    await expect
      .poll(() => rowState(page, A_E164), { timeout: 60_000, interval: 500 })
      .toBe('sent');
    const serial = await page
      .locator(`[data-testid="result-row"][data-phone="${A_E164}"] [data-testid="row-serial"]`)
      .textContent();
    expect(serial?.trim()).not.toBe('');
    await app.screenshot('direct-6-held-then-sent');
  });

  it('explains an invalid and a duplicate number in a pasted list', async () => {
    const { page } = app;
    await page.getByTestId('send-numbers').fill(`${A}，12345、138 1234 5678；${B}`);
    await expect.poll(() => page.getByTestId('recipient').count()).toBe(4);
    const summary = await page.getByTestId('recipients-summary').textContent();
    expect(summary).toContain('2 个号码可发送');
    expect(summary).toContain('1 个无效');
    expect(summary).toContain('1 个重复');
    const invalid = page.locator('[data-testid="recipient"][data-state="invalid"]');
    await expect.poll(() => invalid.count()).toBe(1);
    expect(await invalid.textContent()).toContain('12345');
    expect(await invalid.getByTestId('recipient-problem').textContent()).not.toBe('');
    const dup = page.locator('[data-testid="recipient"][data-state="duplicate"]');
    expect(await dup.getByTestId('recipient-duplicate').textContent()).toContain('重复');
    await app.screenshot('direct-7-invalid-and-duplicate');
    expect(app.consoleErrors).toEqual([]);
  });
  it("finds every send in 历史记录, opens a number's cooldown and exports the list", async () => {
    const { page } = app;
    await page.getByTestId('nav-history').click();
    await page.getByTestId('page-history').waitFor();
    await expect.poll(() => page.getByTestId('history-row').count(), { timeout: 10_000 }).toBe(3);
    expect(await page.getByTestId('history-total').textContent()).toContain('3');
    const rows = await page.getByTestId('history-row').allTextContents();
    expect(rows[0]).toContain('138 1234 5678');
    expect(rows.every((r) => r.includes('已发送'))).toBe(true);

    await page.getByTestId('history-phone').fill('137 1234 5679');
    await page.getByTestId('history-search').click();
    await expect.poll(() => page.getByTestId('history-row').count()).toBe(1);
    await app.screenshot('direct-8-history');

    await page.getByTestId('history-phone-link').first().click();
    const details = page.getByTestId('cooldown-details');
    await details.waitFor({ timeout: 10_000 });
    expect(await details.getAttribute('data-phone')).toBe(B_E164);
    await page.keyboard.press('Escape');
    await details.waitFor({ state: 'detached', timeout: 10_000 });

    await page.getByTestId('history-export').click();
    const notice = page.getByTestId('history-exported');
    await notice.waitFor({ timeout: 10_000 });
    const path = /(\/\S+\.csv)/.exec((await notice.textContent()) ?? '')?.[1] ?? '';
    // Saved where the (harness's) save dialog said, never inside the data folder.
    expect(path).not.toBe('');
    expect(path.startsWith(app.harness.dataDir)).toBe(false);
    const res = await fetch(
      new URL(`/__sms/download?name=${encodeURIComponent(basename(path))}`, app.harness.url),
    );
    expect(res.status).toBe(200);
    // Bytes, not res.text(): the text decoder would drop the BOM Excel needs.
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = bytes.toString('utf8');
    expect(csv).toContain('137 1234 5679');
    expect(csv).not.toContain('138 1234 5678');
    expect(app.consoleErrors).toEqual([]);
  });
  it('shows the synced templates and signs with their review status under 设置', async () => {
    const { page } = app;
    await page.getByTestId('nav-settings').click();
    const section = page.getByTestId('templates-section');
    await section.waitFor({ timeout: 10_000 });
    // The rejected practice template is listed with Tencent's reply, the sign under review too.
    await expect.poll(() => section.textContent(), { timeout: 10_000 }).toContain('未通过');
    const text = (await section.textContent()) ?? '';
    expect(text).toContain('拒收请回复R');
    expect(text).toContain('审核中');
    expect(text).toContain('【SMS Desk练习】');
    await section.scrollIntoViewIfNeeded();
    await app.screenshot('direct-9-settings-templates');
    expect(app.consoleErrors).toEqual([]);
  });
});
