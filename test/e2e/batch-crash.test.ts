import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobSummary } from '../../src/shared/api/outbox';
import { startApp, type App } from '../support/e2e';
import {
  REMINDER_TEMPLATE_ID,
  killTree,
  startEmulatorProcess,
  statOf,
  textOf,
  writeCustomerList,
  type CustomerList,
  type EmulatorProcess,
} from '../support/batch-e2e';

const REMINDER_CONTENT = '{1}您好，您预约的{2}将于{3}开始，请准时到达。';

type Sms = Record<
  string,
  (input?: unknown) => Promise<{ ok: boolean; value?: unknown; error?: unknown }>
>;

/** Calls the core through the page's `window.sms`, as the renderer does. */
async function sms<T>(app: App, method: string, input?: unknown): Promise<T> {
  const res = await app.page.evaluate(
    async ([m, i]) => {
      const api = (globalThis as unknown as { sms: Sms }).sms;
      return api[m as string]!(i);
    },
    [method, input] as const,
  );
  if (!res.ok) throw new Error(`${method} failed: ${JSON.stringify(res.error)}`);
  return res.value as T;
}

/** Hands a file to the core as the page would: uploaded, answered by a grant. */
async function grantFor(app: App, path: string): Promise<string> {
  const res = await fetch(new URL('/__sms/upload?name=list.csv', app.harness.url), {
    method: 'POST',
    body: readFileSync(path),
  });
  return ((await res.json()) as { grant: string }).grant;
}

/**
 * The harness is killed (SIGKILL, no shutdown) in the middle of a batch. Restarted on the same
 * data, the job shows as interrupted, the user resumes it, and the emulator's record proves every
 * row went out exactly once.
 */
describe('batch send survives a crash (Chromium, external emulator)', () => {
  let app: App | null = null;
  let emu: EmulatorProcess;
  let dir: string;
  let dataDir: string;
  let list: CustomerList;
  let jobId = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sms-desk-crash-'));
    dataDir = mkdtempSync(join(tmpdir(), 'sms-desk-crash-data-'));
    list = writeCustomerList(dir, 400);
    emu = await startEmulatorProcess();
    await emu.addFault({ kind: 'latency', latencyMs: 100, share: 1 });
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
    await emu?.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts a batch and dies mid-way', async () => {
    app = await startApp({ dataDir, args: ['--emulator', emu.endpoint] });
    await sms(app, 'templatesSync');
    const opened = await sms<{ importId: number; summary: { valid: number } }>(app, 'importOpen', {
      grant: await grantFor(app, list.path),
      options: { templateId: REMINDER_TEMPLATE_ID },
    });
    expect(opened.summary.valid).toBe(list.valid);
    const created = await sms<{ job: JobSummary }>(app, 'jobCreate', {
      idempotencyKey: `crash-test-${Date.now()}`,
      kind: 'batch',
      templateId: REMINDER_TEMPLATE_ID,
      templateContent: REMINDER_CONTENT,
      templateKind: 'notification',
      signName: 'SMS Desk练习',
      importId: String(opened.importId),
    });
    jobId = created.job.id;
    expect(created.job.total).toBe(list.valid);
    await sms(app, 'jobStart', { jobId });

    await expect
      .poll(async () => (await emu.sent()).length, { timeout: 60_000, interval: 200 })
      .toBeGreaterThan(40);
    const pid = app.harness.process.pid!;
    killTree(pid);
    await new Promise<void>((ok) => {
      if (app!.harness.process.exitCode !== null || app!.harness.process.signalCode !== null) ok();
      else app!.harness.process.once('exit', () => ok());
    });
    await app.browser.close().catch(() => {});
    app = null;
    const atCrash = (await emu.sent()).length;
    expect(atCrash).toBeLessThan(list.valid);
    // Nothing keeps sending once the process is gone.
    await new Promise((r) => setTimeout(r, 1000));
    expect((await emu.sent()).length).toBe(atCrash);
  });

  it('restarts on the same data, shows the job as interrupted and finishes it once', async () => {
    app = await startApp({ dataDir, args: ['--emulator', emu.endpoint] });
    const { page } = app;
    // Practice mode is pointed at an external emulator: the app says so, with where.
    await expect
      .poll(() => page.getByTestId('override-banner').textContent(), { timeout: 20_000 })
      .toContain(emu.endpoint);
    await page.getByTestId('nav-batch').click();
    await expect
      .poll(() => page.getByTestId(`batch-list-status-${jobId}`).textContent(), {
        timeout: 20_000,
      })
      .toBe('已中断');
    await app.screenshot('batch-crash-1-list');
    await page.getByTestId(`batch-open-job-${jobId}`).click();
    await page.getByTestId('batch-interrupted').waitFor({ timeout: 20_000 });
    await app.screenshot('batch-crash-2-interrupted');

    await page.getByTestId('batch-resume').click();
    await expect
      .poll(() => page.getByTestId('batch-job-status').getAttribute('data-status'), {
        timeout: 100_000,
        interval: 500,
      })
      .toBe('finished');
    await app.screenshot('batch-crash-3-finished');

    // A row in flight at the crash is `unknown` until Tencent's records say otherwise. If the
    // request never left, no record ever appears: re-sending it is the user's explicit choice,
    // taken here only after one more check with Tencent.
    const unknownNow = async () =>
      (await sms<JobSummary>(app!, 'jobGet', { jobId })).counts.unknown;
    if ((await unknownNow()) > 0) {
      await page.getByTestId('batch-reconcile').click();
      await expect
        .poll(() => textOf(page, 'batch-results-note'), { timeout: 30_000 })
        .toContain('核对了');
    }
    const leftUnknown = await unknownNow();
    if (leftUnknown > 0) {
      const before = await emu.sent();
      const unknownRows = await sms<{ items: { phone: string }[] }>(app, 'jobRows', {
        jobId,
        states: ['unknown'],
      });
      // Only rows the emulator never received may still be unknown after a reconcile.
      for (const r of unknownRows.items) expect(before.map((x) => x.phone)).not.toContain(r.phone);
      await page.getByTestId('batch-resend-unknown').click();
      await page.getByTestId('batch-resend-ok').click();
      await expect
        .poll(async () => (await sms<JobSummary>(app!, 'jobGet', { jobId })).counts.sent, {
          timeout: 30_000,
        })
        .toBe(list.valid);
    }
    await expect
      .poll(async () => (await sms<JobSummary>(app!, 'jobGet', { jobId })).counts.sent, {
        timeout: 30_000,
      })
      .toBe(list.valid);
    const job = await sms<JobSummary>(app, 'jobGet', { jobId });
    expect(job.total).toBe(list.valid);
    expect(job.counts.unknown + job.counts.failed + job.counts.pending + job.counts.sending).toBe(
      0,
    );
    expect(await statOf(page, 'batch-count-sent')).toBe(list.valid);

    const sent = await emu.sent();
    const phones = sent.map((s) => s.phone.replace(/^\+86/, ''));
    expect(new Set(phones).size).toBe(phones.length);
    expect(new Set(phones)).toEqual(new Set(list.phones.map((p) => p.slice(3))));
  });
});
