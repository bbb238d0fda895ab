import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { RESULTS_DIR, startApp, type App } from '../support/e2e';

/**
 * A first session's rough edges, at 1280×800: feedback after sending, a held direct send that
 * can be cancelled and survives a page switch, history without sideways scrolling, and English
 * kept after a reload.
 */
const A = '13812340001';
const A_E164 = `+86${A}`;

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

/** What the user sees now (not the whole page): the toast and the scroll are about the fold. */
const viewShot = (page: Page, name: string) =>
  page.screenshot({ path: join(RESULTS_DIR, `${name}.png`) });

/** Top of an element relative to the window, and the window's height. */
const placeOf = (page: Page, testId: string) =>
  page.evaluate(
    `(() => { const r = document.querySelector('[data-testid="${testId}"]')?.getBoundingClientRect();
      return r ? { top: r.top, height: window.innerHeight } : null; })()`,
  ) as Promise<{ top: number; height: number } | null>;

async function sendOnce(page: Page): Promise<void> {
  await expect.poll(() => page.getByTestId('send-submit').isEnabled()).toBe(true);
  await page.getByTestId('send-submit').click();
  await page.getByTestId('send-confirm').waitFor({ timeout: 20_000 });
  await page.getByTestId('send-confirm-ok').click();
  await page.getByTestId('send-confirm').waitFor({ state: 'detached', timeout: 20_000 });
}

describe('rough edges in Chromium at 1280×800 (practice mode)', () => {
  let app: App;

  beforeAll(async () => {
    app = await startApp();
    await app.page.setViewportSize({ width: 1280, height: 800 });
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
  });

  it('says nothing is wrong before typing, then confirms the send with a toast and shows the results', async () => {
    const { page } = app;
    await page.getByTestId('nav-send').click();
    await page.getByTestId('page-send').waitFor();
    await chooseTemplate(page, '验证码');
    await page.getByTestId('var-1').waitFor();
    // A form just opened has no red errors yet; the button says what is missing instead.
    expect(await page.getByTestId('var-1-error').count()).toBe(0);
    expect(await page.getByTestId('var-2-error').count()).toBe(0);
    // Labels come from the template's own words, not 变量 1.
    expect(await page.getByTestId('page-send').textContent()).not.toContain('变量 1');
    await page.getByTestId('var-1').fill('123456');
    await page.getByTestId('var-2').fill('5');
    await page.getByTestId('send-numbers').fill(A);
    // Two-character buttons keep their letters together (no "返 回").
    await sendOnce(page);

    const toast = page.locator('.ant-message-notice').filter({ hasText: '已开始发送给 1 个号码' });
    await toast.waitFor({ timeout: 10_000 });
    // The results card is brought into view below the fold.
    await expect
      .poll(async () => {
        const p = await placeOf(page, 'job-results');
        return p !== null && p.top >= 0 && p.top < p.height - 100;
      })
      .toBe(true);
    // The toast has slid in (no entering animation left) before the picture is taken.
    await expect
      .poll(() =>
        page.evaluate(
          `(() => { const n = document.querySelector('.ant-message-notice-wrapper');
            return !!n && !/(appear|enter)/.test(n.className) && n.getBoundingClientRect().top >= 0; })()`,
        ),
      )
      .toBe(true);
    await viewShot(page, 'polish-1-send-toast');
    await expect.poll(() => rowState(page, A_E164), { timeout: 30_000 }).toBe('sent');
    expect(app.consoleErrors).toEqual([]);
  });

  it('keeps a held send on 发送 across a page switch and cancels one held number', async () => {
    const { page } = app;
    // The same number at once: held by the 30-second rule.
    await sendOnce(page);
    await expect.poll(() => rowState(page, A_E164), { timeout: 15_000 }).toBe('held');
    const jobId = await page.getByTestId('job-results').getAttribute('data-job');

    await page.getByTestId('nav-history').click();
    await page.getByTestId('page-history').waitFor();
    await page.getByTestId('nav-send').click();
    await page.getByTestId('page-send').waitFor();
    // The page shows the last send again, with the number still held and a 取消 beside it.
    await expect
      .poll(() => page.getByTestId('job-results').getAttribute('data-job'), { timeout: 10_000 })
      .toBe(jobId);
    await expect.poll(() => rowState(page, A_E164), { timeout: 10_000 }).toBe('held');

    await page.getByTestId('cancel-held').click();
    await page.getByTestId('cancel-held-ok').click();
    await expect.poll(() => rowState(page, A_E164), { timeout: 10_000 }).toBe('cancelled');
    await expect
      .poll(() => page.getByTestId('job-counts').textContent(), { timeout: 10_000 })
      .toContain('取消 1 条');
    await expect.poll(() => page.getByTestId('cancel-held').count()).toBe(0);
    await viewShot(page, 'polish-2-held-cancelled');

    // Nothing goes out later: the row stays cancelled past the 30 seconds.
    const job = (await page.evaluate(`window.sms.jobGet({ jobId: ${jobId} })`)) as {
      value: { status: string; counts: { sent: number; cancelled: number } };
    };
    expect(job.value.counts).toMatchObject({ sent: 0, cancelled: 1 });
    expect(app.consoleErrors).toEqual([]);
  });

  it('fits 历史记录 in 1280 px with the 签名 on one line, details under the row', async () => {
    const { page } = app;
    await page.getByTestId('nav-history').click();
    await page.getByTestId('page-history').waitFor();
    // The sent message and the cancelled one.
    await expect.poll(() => page.getByTestId('history-row').count(), { timeout: 10_000 }).toBe(2);
    const fits = await page.evaluate(
      `(() => { const el = document.querySelector('[data-testid="page-history"] .ant-table-content')
        ?? document.querySelector('[data-testid="page-history"] .ant-table-body');
        return el ? el.scrollWidth <= el.clientWidth + 1 : false; })()`,
    );
    expect(fits).toBe(true);
    const sign = await page.getByTestId('history-sign').first().boundingBox();
    expect(sign).not.toBeNull();
    expect(sign!.height).toBeLessThan(30);
    const sent = page.locator('[data-testid="history-row"][data-state="sent"]');
    expect(await sent.textContent()).toContain('发送成功');
    await sent.locator('.ant-table-row-expand-icon').click();
    await expect.poll(() => page.getByTestId('history-details').textContent()).toContain('123456');
    await viewShot(page, 'polish-3-history');
  });

  it('keeps English after a reload, with singular and plural right', async () => {
    const { page } = app;
    await page.getByTestId('language').click();
    await page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
      .filter({ hasText: 'English' })
      .click();
    await expect.poll(() => page.getByTestId('nav-send').textContent()).toBe('Send');

    await page.reload();
    await page.getByTestId('nav-send').waitFor();
    await expect.poll(() => page.getByTestId('nav-send').textContent()).toBe('Send');
    await page.getByTestId('nav-send').click();
    await chooseTemplate(page, '验证码');
    await page.getByTestId('send-numbers').fill(A);
    await expect.poll(() => page.getByTestId('send-submit').textContent()).toBe('Send to 1 number');
    await page.getByTestId('send-numbers').fill(`${A}\n13812340002`);
    await expect
      .poll(() => page.getByTestId('send-submit').textContent())
      .toBe('Send to 2 numbers');
    await expect
      .poll(() => page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').count())
      .toBe(0);
    await viewShot(page, 'polish-4-english-after-reload');
    expect(app.consoleErrors).toEqual([]);
  });
});
