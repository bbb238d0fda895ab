import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../support/e2e';
import {
  REMINDER_TEMPLATE_NAME,
  chooseOption,
  previewSettled,
  startEmulatorProcess,
  statOf,
  textOf,
  writeCustomerList,
  type CustomerList,
  type EmulatorProcess,
} from '../support/batch-e2e';

/**
 * A new user in practice mode sends a 1,000-row GBK list: import, see the problems with their
 * row numbers, pre-flight, confirm, pause, resume, finish, export. The practice emulator runs as
 * its own process with a little latency per request, so the pause lands mid-batch.
 */
describe('batch send in Chromium (practice mode)', () => {
  let app: App;
  let emu: EmulatorProcess;
  let dir: string;
  let list: CustomerList;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sms-desk-batch-'));
    list = writeCustomerList(dir, 1000);
    emu = await startEmulatorProcess();
    await emu.addFault({ kind: 'latency', latencyMs: 25, share: 1 });
    app = await startApp({ args: ['--emulator', emu.endpoint] });
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
    await emu?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('imports the GBK list and lists the problems with row numbers', async () => {
    const { page } = app;
    await page.getByTestId('nav-batch').click();
    await page.getByTestId('batch-new').click();
    await page.getByTestId('batch-import-step').waitFor();
    await expect
      .poll(() => page.locator('[data-testid="batch-template"]').textContent(), { timeout: 20_000 })
      .not.toBe('');
    await chooseOption(page, 'batch-template', REMINDER_TEMPLATE_NAME);
    // A file dragged onto the window is taken (here a tiny one, replaced below). A string, as
    // this file is type-checked without the DOM library.
    await page.evaluate(`(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['手机号\\r\\n13900000000\\r\\n'], '拖进来的.csv', { type: 'text/csv' }));
      window.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, cancelable: true }));
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, cancelable: true }));
    })()`);
    await expect.poll(() => textOf(page, 'batch-import-step')).toContain('已选择：拖进来的.csv');
    await page.getByTestId('batch-preview').waitFor({ timeout: 20_000 });

    await page
      .locator('[data-testid="batch-import-step"] input[type=file]')
      .setInputFiles(list.path);
    await expect.poll(() => textOf(page, 'batch-import-step')).toContain('已选择：客户名单.csv');

    // GBK decoded: the Chinese headers show in the preview, mapped by position.
    await page.getByTestId('batch-preview').waitFor({ timeout: 20_000 });
    await expect.poll(() => textOf(page, 'batch-preview')).toContain('姓名');
    await expect.poll(() => textOf(page, 'batch-preview')).toContain('张伟0');
    await previewSettled(page);
    // Forcing the wrong encoding garbles the preview at once; automatic brings it back.
    await chooseOption(page, 'batch-encoding', 'UTF-8');
    await previewSettled(page);
    await expect.poll(() => textOf(page, 'batch-preview')).not.toContain('张伟0');
    await app.screenshot('batch-1-wrong-encoding');
    await chooseOption(page, 'batch-encoding', '自动');
    await previewSettled(page);
    await expect.poll(() => textOf(page, 'batch-preview')).toContain('张伟0');
    await app.screenshot('batch-1-import-preview');

    await expect.poll(() => page.getByTestId('batch-import-go').isEnabled()).toBe(true);
    await page.getByTestId('batch-import-go').click();
    await page.getByTestId('batch-review-step').waitFor({ timeout: 60_000 });
    await expect.poll(() => statOf(page, 'batch-count-valid')).toBe(list.valid);
    expect(await statOf(page, 'batch-count-problems')).toBe(2);
    expect(await statOf(page, 'batch-count-duplicates')).toBe(1);

    await page.getByTestId('batch-review-filter').getByText('只看有问题的').click();
    await expect
      .poll(() => page.getByTestId('batch-import-rows-row').count(), { timeout: 10_000 })
      .toBe(2);
    const rows = await page.getByTestId('batch-import-rows-row').allTextContents();
    const sci = rows.find((r) => r.startsWith(String(list.scientificRow)));
    const bad = rows.find((r) => r.startsWith(String(list.badRow)));
    expect(sci).toContain('科学计数法');
    expect(sci).toContain('设为文本');
    expect(bad).toBeTruthy();
    await app.screenshot('batch-2-review-problems');

    // The problem rows go to a CSV the user can fix in Excel.
    await page.getByTestId('batch-export-problems').click();
    await expect
      .poll(() => textOf(page, 'batch-problems-exported'), { timeout: 20_000 })
      .toContain('已导出 2 行');
    const exported = await textOf(page, 'batch-problems-exported');
    const problemsFile = exported.slice(exported.indexOf('：') + 1).trim();
    const problemsCsv = readFileSync(problemsFile, 'utf8');
    expect(problemsCsv.charCodeAt(0)).toBe(0xfeff);
    expect(problemsCsv).toContain('1.39123E+10');

    await page.getByTestId('batch-review-filter').getByText('重复的').click();
    await expect
      .poll(() => page.getByTestId('batch-import-rows-row').allTextContents(), { timeout: 10_000 })
      .toEqual([expect.stringContaining(`和第 2 行完全一样`)]);
    expect((await page.getByTestId('batch-import-rows-row').first().textContent()) ?? '').toMatch(
      new RegExp(`^${list.duplicateRow}`),
    );
  });

  it('shows the pre-flight numbers and asks before spending', async () => {
    const { page } = app;
    await page.getByTestId('batch-to-preflight').click();
    await page.getByTestId('batch-preflight').waitFor({ timeout: 20_000 });
    await expect.poll(() => statOf(page, 'batch-plan-rows'), { timeout: 20_000 }).toBe(list.valid);
    expect(await statOf(page, 'batch-plan-segments')).toBeGreaterThanOrEqual(list.valid);
    await app.screenshot('batch-3-preflight');

    await page.getByTestId('batch-send').click();
    await page.getByTestId('batch-confirm').waitFor();
    expect(await textOf(page, 'batch-confirm')).toContain(`发送给 ${list.valid} 个号码`);
    await app.screenshot('batch-4-confirm');
    await page.getByTestId('batch-confirm-ok').click();
    await page.getByTestId('batch-progress').waitFor({ timeout: 20_000 });
  });

  it('pauses, resumes and finishes', async () => {
    const { page } = app;
    const bar = page.getByTestId('batch-progress-bar');
    const done = async () => Number((await bar.getAttribute('data-done')) ?? 0);
    await expect.poll(done, { timeout: 30_000 }).toBeGreaterThan(0);
    await page.getByTestId('batch-pause').click();
    await expect
      .poll(() => page.getByTestId('batch-job-status').getAttribute('data-status'), {
        timeout: 20_000,
      })
      .toBe('paused');
    expect(await textOf(page, 'batch-job-status')).toBe('已暂停');
    // Requests already in flight settle; after that nothing moves while paused.
    await page.waitForTimeout(1500);
    const pausedAt = (await emu.sent()).length;
    await page.waitForTimeout(1500);
    expect((await emu.sent()).length).toBe(pausedAt);
    expect(pausedAt).toBeLessThan(list.valid);
    await app.screenshot('batch-5-paused');

    await page.getByTestId('batch-resume').click();
    await expect
      .poll(() => page.getByTestId('batch-job-status').getAttribute('data-status'))
      .toBe('running');
    await expect.poll(() => textOf(page, 'batch-speed'), { timeout: 10_000 }).toContain('每秒');

    // Closing the window mid-send asks first; staying keeps the batch going.
    const asked = new Promise<string>((ok) =>
      page.once('dialog', (d) => {
        ok(d.type());
        void d.dismiss();
      }),
    );
    await page.close({ runBeforeUnload: true });
    expect(await asked).toBe('beforeunload');
    expect(page.isClosed()).toBe(false);
    await expect
      .poll(() => page.getByTestId('batch-job-status').getAttribute('data-status'), {
        timeout: 90_000,
        interval: 500,
      })
      .toBe('finished');
    await expect.poll(() => statOf(page, 'batch-count-sent')).toBe(list.valid);
    await app.screenshot('batch-6-finished');

    const sent = await emu.sent();
    expect(sent).toHaveLength(list.valid);
    expect(new Set(sent.map((s) => s.phone)).size).toBe(list.valid);
  });

  it('exports every result to a CSV Excel opens', async () => {
    const { page } = app;
    await page.getByTestId('batch-export-results').click();
    await expect
      .poll(() => textOf(page, 'batch-results-note'), { timeout: 20_000 })
      .toContain('已导出');
    const note = await textOf(page, 'batch-results-note');
    const path = note.slice(note.indexOf('：') + 1).trim();
    // Where the (harness's) save dialog said, never inside the data folder.
    expect(path.startsWith(app.harness.dataDir)).toBe(false);
    expect(existsSync(path)).toBe(true);
    const text = readFileSync(path, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).split('\r\n').filter(Boolean);
    expect(lines[0]).toMatch(/^行号,手机号,变量1,变量2,变量3,状态/);
    expect(lines).toHaveLength(list.valid + 1);
    expect(lines.slice(1).every((l) => l.includes(',已发送,'))).toBe(true);
    await app.screenshot('batch-7-exported');
    expect(app.consoleErrors).toEqual([]);
  });
});
