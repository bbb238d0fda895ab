import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../support/e2e';
import { chooseOption, textOf } from '../support/batch-e2e';

/**
 * Mapping by meaning as a user sees it: a list whose columns are not in the template's order,
 * with titles that are synonyms, maps right with no manual step and the review shows rendered
 * rows; after a list of another layout was imported for the same template, the same file still
 * maps right and the review says the remembered layout was not used.
 */
const TEMPLATE = {
  templateId: '3001001',
  name: '登录验证',
  content: '{1}您好，您的验证码是{2}',
  kind: 'notification',
};
const NAMES = ['汪峰慧', '李娜', '张伟', '王芳', '陈静'];
const person = (i: number) => ({
  phone: `1390013${String(i).padStart(4, '0')}`,
  name: NAMES[i % NAMES.length]!,
  code: String(483512 + i * 7),
});

describe('import mapping by meaning in Chromium', () => {
  let app: App;
  let dir: string;
  let shuffled: string;
  let plain: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sms-desk-mapping-'));
    shuffled = join(dir, '动态码名单.csv');
    writeFileSync(
      shuffled,
      [
        '动态码,客户姓名,电话号码',
        ...Array.from({ length: 81 }, (_v, i) => {
          const p = person(i);
          return `${p.code},${p.name},${p.phone}`;
        }),
      ].join('\r\n') + '\r\n',
    );
    plain = join(dir, '老格式.csv');
    writeFileSync(
      plain,
      [
        '手机号,姓名,验证码',
        ...Array.from({ length: 10 }, (_v, i) => {
          const p = person(100 + i);
          return `${p.phone},${p.name},${p.code}`;
        }),
      ].join('\r\n') + '\r\n',
    );
    app = await startApp();
    const res = await fetch(new URL('__sms/call', app.harness.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'templates.add', input: TEMPLATE }),
    });
    expect(((await res.json()) as { ok: boolean }).ok).toBe(true);
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function openImport(path: string): Promise<void> {
    const { page } = app;
    // A fresh start of the batch flow, as after coming back to the app later.
    await page.reload();
    await page.getByTestId('nav-batch').click();
    await page.getByTestId('batch-new').click();
    await page.getByTestId('batch-import-step').waitFor();
    await expect
      .poll(() => page.locator('[data-testid="batch-template"]').textContent(), { timeout: 20_000 })
      .not.toBe('');
    await chooseOption(page, 'batch-template', TEMPLATE.name);
    await page.locator('[data-testid="batch-import-step"] input[type=file]').setInputFiles(path);
    await page.getByTestId('batch-mapping').waitFor({ timeout: 20_000 });
  }

  it('maps 动态码,客户姓名,电话号码 to {2}, {1} and the phone, and shows rendered rows', async () => {
    await openImport(shuffled);
    const { page } = app;
    await expect.poll(() => textOf(page, 'batch-mapping')).toContain('已按标题含义对应');
    await expect.poll(() => textOf(page, 'batch-map-phone')).toContain('电话号码');
    await expect.poll(() => textOf(page, 'batch-map-param-1')).toContain('客户姓名');
    await expect.poll(() => textOf(page, 'batch-map-param-2')).toContain('动态码');
    await expect
      .poll(() => textOf(page, 'batch-mapping-examples'))
      .toContain(`${person(0).name}您好，您的验证码是${person(0).code}`);
    expect(await page.getByTestId('batch-mapping-check').count()).toBe(0);
    await app.screenshot('import-mapping-1-by-meaning');
    await page.getByTestId('batch-import-go').click();
    await page.getByTestId('batch-review-step').waitFor({ timeout: 30_000 });
    await expect.poll(() => textOf(page, 'batch-count-valid')).toContain('81');
  });

  it('after another layout was remembered, the same file still maps right and says why', async () => {
    await openImport(plain);
    const { page } = app;
    await page.getByTestId('batch-import-go').click();
    await page.getByTestId('batch-review-step').waitFor({ timeout: 30_000 });

    await openImport(shuffled);
    const check = page.getByTestId('batch-mapping-check');
    await check.waitFor({ timeout: 20_000 });
    await expect.poll(() => textOf(page, 'batch-mapping-check')).toContain('上次');
    // Both ways, so the user sees what the remembered layout would have sent.
    await expect
      .poll(() => textOf(page, 'batch-mapping-check'))
      .toContain(`${person(0).name}您好，您的验证码是${person(0).code}`);
    await expect
      .poll(() => textOf(page, 'batch-mapping-check'))
      .toContain(`${person(0).name}您好，您的验证码是${person(0).phone}`);
    await expect.poll(() => textOf(page, 'batch-map-param-1')).toContain('客户姓名');
    await app.screenshot('import-mapping-2-other-layout-warning');
    expect(app.consoleErrors).toEqual([]);
  });
});
