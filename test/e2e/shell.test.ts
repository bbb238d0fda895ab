import { existsSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../support/e2e';

describe('app shell in Chromium', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('opens in Chinese with the five pages reachable, no console errors, and a screenshot', async () => {
    const { page } = app;
    await page.getByText('SMS Desk 短信助手').first().waitFor();
    expect(await page.evaluate<string>('document.documentElement.lang')).toBe('zh-CN');

    const pages: [string, string, string][] = [
      ['send', '发送', '发送短信'],
      ['batch', '批量发送', '批量发送'],
      ['cooldown', '号码冷却', '号码冷却'],
      ['history', '历史记录', '历史记录'],
      ['settings', '设置', '设置'],
    ];
    for (const [key, label] of pages) {
      await page.getByTestId(`nav-${key}`).click();
      expect(await page.getByTestId(`nav-${key}`).textContent()).toBe(label);
      await page.locator(`[data-page="${key}"]`).first().waitFor();
    }
    await page.getByTestId('nav-send').click();
    const shot = await app.screenshot('shell-zh');
    expect(existsSync(shot) && statSync(shot).size > 10_000).toBe(true);
    expect(app.consoleErrors).toEqual([]);
  });

  it('shows the practice-mode banner', async () => {
    await expect
      .poll(() => app.page.getByTestId('practice-banner').textContent())
      .toContain('练习模式');
    // No development override in this start: no override banner.
    expect(await app.page.getByTestId('override-banner').count()).toBe(0);
  });

  it('switches to English and back', async () => {
    const { page } = app;
    await page.getByTestId('language').click();
    await page.getByText('English', { exact: true }).click();
    await expect.poll(() => page.getByTestId('nav-send').textContent()).toBe('Send');
    expect(await page.evaluate<string>('document.documentElement.lang')).toBe('en-US');
    await app.screenshot('shell-en');
    await page.getByTestId('language').click();
    await page.getByText('简体中文', { exact: true }).click();
    await expect.poll(() => page.getByTestId('nav-send').textContent()).toBe('发送');
  });

  it('rejects a malformed call at the schema over the harness wire', async () => {
    const res = await app.page.evaluate(async () => {
      const r = await fetch('/__sms/call', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'app.info', input: { unexpected: true } }),
      });
      return (await r.json()) as { ok: boolean; error?: { code: string } };
    });
    expect(res).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(JSON.stringify(res)).not.toMatch(/at .*\.ts:\d+/);
  });
});
