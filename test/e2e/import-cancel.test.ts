import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../support/e2e';
import {
  REMINDER_TEMPLATE_NAME,
  chooseOption,
  previewSettled,
  statOf,
  textOf,
  writeCustomerList,
  type CustomerList,
} from '../support/batch-e2e';

/**
 * A big list runs in a worker thread: the window answers while it is read, 取消导入 stops it
 * midway and nothing of it is kept, and importing the same file again works.
 */
describe('cancelling a large import in Chromium', () => {
  let app: App;
  let dir: string;
  let list: CustomerList;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sms-desk-import-cancel-'));
    list = writeCustomerList(dir, 400_000);
    app = await startApp();
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const importList = async (): Promise<unknown[]> => {
    const res = await fetch(new URL('__sms/call', app.harness.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'import.list' }),
    });
    return ((await res.json()) as { value: unknown[] }).value;
  };

  it('取消导入 stops the import, says nothing was saved, and the next import works', async () => {
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
    await page.getByTestId('batch-preview').waitFor({ timeout: 60_000 });
    await previewSettled(page);
    await expect.poll(() => page.getByTestId('batch-import-go').isEnabled()).toBe(true);

    await page.getByTestId('batch-import-go').click();
    const cancel = page.getByTestId('batch-import-cancel');
    await cancel.waitFor({ timeout: 30_000 });
    // Rows are being read when the user cancels.
    await expect
      .poll(() => textOf(page, 'batch-import-step'), { timeout: 30_000 })
      .toMatch(/正在读取第 [\d,]+ 行/);
    await app.screenshot('import-cancel-1-running');
    await cancel.click();

    await page.getByTestId('batch-import-notice').waitFor({ timeout: 30_000 });
    expect(await textOf(page, 'batch-import-notice')).toContain('已取消导入，没有保存任何内容');
    expect(await page.getByTestId('batch-import-error').count()).toBe(0);
    expect(await importList()).toEqual([]);
    await app.screenshot('import-cancel-2-cancelled');

    // The same pick imports in full afterwards.
    await page.getByTestId('batch-import-go').click();
    await page.getByTestId('batch-review-step').waitFor({ timeout: 120_000 });
    await expect.poll(() => statOf(page, 'batch-count-valid')).toBe(list.valid);
    expect(await importList()).toHaveLength(1);
    expect(app.consoleErrors).toEqual([]);
  });
});
