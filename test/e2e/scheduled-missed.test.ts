import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../support/e2e';
import { textOf } from '../support/batch-e2e';

const MIN = 60_000;

type Job = { id: number; status: string; counts: { sent: number; cancelled: number } };

/** A contract call through the page's own `window.sms` (the harness twin), unwrapped. */
const sms = <T>(app: App, method: string, input: unknown): Promise<T> =>
  app.page.evaluate(
    `window.sms.${method}(${JSON.stringify(input)}).then((r) => {
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      return r.value;
    })`,
  ) as Promise<T>;

/**
 * The app was closed at the scheduled time: at the next start the jobs are offered with
 * 立即发送 / 改时间 / 取消 on whatever page opens, and nothing was sent on its own.
 */
describe('scheduled send missed while the app was closed (Chromium, 1280×800)', () => {
  let dataDir: string;
  let app: App | undefined;
  const ids: number[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'sms-desk-missed-'));
    const first = await startApp({ dataDir });
    for (const n of [1, 2]) {
      const { job } = await sms<{ job: Job }>(first, 'jobCreate', {
        idempotencyKey: `missed-e2e-${n}-000000`,
        kind: 'batch',
        templateId: '2001001',
        templateContent: '您的验证码是{1}，{2}分钟内有效，如非本人操作请忽略本短信。',
        templateKind: 'verification',
        signName: 'SMS Desk练习',
        rows: [1, 2, 3].map((i) => ({
          rowNo: i,
          phone: `+861390000${n}00${i}`,
          params: ['123456', '5'],
        })),
      });
      await sms(first, 'jobSchedule', { jobId: job.id, at: Date.now() + 2 * MIN });
      ids.push(job.id);
    }
    await first.stop();
    // Back 30 minutes later: well past the 10-minute grace window.
    app = await startApp({ dataDir, args: ['--clock-offset-ms', String(30 * MIN)] });
    await app.page.setViewportSize({ width: 1280, height: 800 });
  }, 180_000);

  afterAll(async () => {
    await app?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('offers each missed job instead of sending it', async () => {
    const { page } = app!;
    for (const id of ids) {
      await page.getByTestId(`missed-${id}`).waitFor({ timeout: 20_000 });
      expect(await textOf(page, `missed-${id}`)).toContain('定时任务错过了发送时间');
      expect(await sms<Job>(app!, 'jobGet', { jobId: id })).toMatchObject({
        status: 'scheduled',
        counts: { sent: 0 },
      });
    }
    await app!.screenshot('scheduled-missed-1-offered');
  });

  it('立即发送 sends one; 取消 (after confirming) cancels the other', async () => {
    const { page } = app!;
    const [now, drop] = ids as [number, number];
    await page.getByTestId(`schedule-start-${now}`).click();
    await expect
      .poll(async () => (await sms<Job>(app!, 'jobGet', { jobId: now })).counts.sent, {
        timeout: 20_000,
      })
      .toBe(3);
    await expect.poll(() => page.getByTestId(`missed-${now}`).count()).toBe(0);

    await page.getByTestId(`schedule-cancel-${drop}`).click();
    await page.getByTestId(`schedule-cancel-ok-${drop}`).click();
    await expect.poll(() => page.getByTestId(`missed-${drop}`).count()).toBe(0);
    expect(await sms<Job>(app!, 'jobGet', { jobId: drop })).toMatchObject({
      status: 'cancelled',
      counts: { sent: 0, cancelled: 3 },
    });
    await app!.screenshot('scheduled-missed-2-resolved');
    expect(app!.consoleErrors).toEqual([]);
  });
});
