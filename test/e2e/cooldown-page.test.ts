import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLedgerRoom, type SendEntry } from '../../src/main/core/ledger';
import { openDatabase } from '../../src/main/core/store/db';
import { DEFAULT_FREQUENCY_RULES } from '../../src/shared/domain';
import { ROOT, startApp, type App } from '../support/e2e';

const COOLING = 10_000;
/** These few cool down for 30 s only, so the test sees them leave the list live. */
const SHORT = 20;

/** The practice account's SdkAppId: the ledger is kept per app. */
function practiceAppId(): string {
  const profile = JSON.parse(
    readFileSync(join(ROOT, 'src/main/core/emulator/default-profile.json'), 'utf8'),
  ) as { accounts: { sdkAppId: string }[] };
  return profile.accounts[0]!.sdkAppId;
}

const phoneOf = (i: number): string => `+86136${String(i).padStart(8, '0')}`;

function openLedger(dataDir: string, now: number) {
  const db = openDatabase(join(dataDir, 'sms-desk.db'));
  const ledger = createLedgerRoom({ db, clock: { now: () => now } });
  const scope = { sdkAppId: practiceAppId(), rules: DEFAULT_FREQUENCY_RULES };
  const write = (entries: SendEntry[], phones: string[]) =>
    db.transaction(() => {
      ledger.repo.recordSends(scope.sdkAppId, entries);
      for (let i = 0; i < phones.length; i += 1000)
        ledger.refresh(scope, phones.slice(i, i + 1000), now);
    })();
  return { db, write };
}

/**
 * Seeds the data dir's database through the ledger's own repository before the app starts:
 * numbers that each had 5 sends in the last hour, held by the hourly rule for 10–50 minutes.
 */
function seedHourly(dataDir: string): void {
  const now = Date.now();
  const { db, write } = openLedger(dataDir, now);
  const phones: string[] = [];
  const entries: SendEntry[] = [];
  for (let i = SHORT; i < COOLING; i++) {
    const phone = phoneOf(i);
    phones.push(phone);
    const base = now - 10 * 60_000 - (i % 2400) * 1000;
    for (let k = 0; k < 5; k++) entries.push({ phone, at: base - k * 1000 });
  }
  write(entries, phones);
  db.close();
}

/** With the app running (WAL lets both write): SHORT numbers sent 5 s ago, held for 25 s. */
function seedShort(dataDir: string): void {
  const now = Date.now();
  const { db, write } = openLedger(dataDir, now);
  const phones = Array.from({ length: SHORT }, (_, i) => phoneOf(i));
  write(
    phones.map((phone) => ({ phone, at: now - 5_000 })),
    phones,
  );
  db.close();
}

describe('cooldown page with 10,000 cooling numbers (practice mode)', () => {
  let app: App;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'sms-desk-cooldown-'));
    seedHourly(dataDir);
    app = await startApp({ dataDir });
    seedShort(dataDir);
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const count = async (): Promise<number> =>
    Number(await app.page.getByTestId('cooling-list').getAttribute('data-count'));

  it('lists every cooling number, soonest first, rendering only what is visible', async () => {
    const { page } = app;
    await page.getByTestId('nav-cooldown').click();
    await page.locator('[data-testid="cooling-list"][data-loaded="true"]').waitFor({
      timeout: 30_000,
    });
    expect(await count()).toBe(COOLING);
    expect(await page.getByTestId('cooling-title').textContent()).toContain(String(COOLING));

    // Virtualised: a screenful of rows in the DOM, not ten thousand.
    const rendered = await page.getByTestId('cooling-row').count();
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(100);

    // Soonest first: the 30-second numbers lead the list.
    const firstPhone = await page.getByTestId('cooling-row').first().getAttribute('data-phone');
    expect(Number(firstPhone!.slice(-8))).toBeLessThan(SHORT);
    const firstText = await page.getByTestId('cooling-row').first().textContent();
    expect(firstText).toContain('30 秒内已发送 1 条');
    await app.screenshot('cooldown-1-list-10000');

    // Scrolling to the end shows the latest releases (hourly rule).
    await page.getByTestId('cooling-scroll').evaluate((el) => {
      const box = el as unknown as { scrollTop: number; scrollHeight: number };
      box.scrollTop = box.scrollHeight;
    });
    await expect
      .poll(() => page.getByTestId('cooling-row').last().textContent())
      .toContain('1 小时内已发送 5 条');
  });

  it('counts down live and drops numbers whose time has come', async () => {
    const { page } = app;
    await page.getByTestId('cooling-scroll').evaluate((el) => {
      (el as unknown as { scrollTop: number }).scrollTop = 0;
    });
    const countdown = page.getByTestId('cooling-countdown').first();
    const before = await countdown.textContent();
    await expect.poll(() => countdown.textContent(), { timeout: 5_000 }).not.toBe(before);

    // The 30-second numbers leave the list by themselves when their time comes.
    await expect.poll(count, { timeout: 45_000, interval: 500 }).toBe(COOLING - SHORT);
    await expect
      .poll(() => page.getByTestId('cooling-row').first().textContent())
      .toContain('1 小时内已发送 5 条');
    await app.screenshot('cooldown-2-after-expiry');

    // The page keeps answering while 10,000 rows tick (frame rates belong in a benchmark).
    await page.evaluate('new Promise((r) => requestAnimationFrame(() => r(null)))');
  });

  it('a send made elsewhere appears at once, pushed by cooldown.changed', async () => {
    const { page } = app;
    const before = await count();
    const phone = '+8613500000001';
    // Sent through the same contract the send page uses (practice emulator).
    await page.evaluate(`(async () => {
      const created = await window.sms.jobCreate({
        idempotencyKey: 'cooldown-e2e-push-1',
        kind: 'direct',
        templateId: '2001001',
        templateContent: '您的验证码是{1}，{2}分钟内有效，如非本人操作请忽略本短信。',
        templateKind: 'verification',
        signName: 'SMS Desk练习',
        rows: [{ rowNo: 1, phone: '${phone}', params: ['123456', '5'] }],
      });
      if (!created.ok) throw new Error(created.error.code);
      const started = await window.sms.jobStart({ jobId: created.value.job.id });
      if (!started.ok) throw new Error(started.error.code);
    })()`);
    await expect.poll(count, { timeout: 15_000 }).toBe(before + 1);
    const row = page.locator(`[data-testid="cooling-row"][data-phone="${phone}"]`);
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain('30 秒内已发送 1 条');
    await app.screenshot('cooldown-3-pushed');
  });

  it('looks up one number: counts against the limits and the next allowed time', async () => {
    const { page } = app;
    await page.getByTestId('cooldown-lookup-input').fill('136 0000 0100');
    await page.getByTestId('cooldown-lookup-go').click();
    const details = page.getByTestId('cooldown-details');
    await details.waitFor({ timeout: 10_000 });
    const text = (await details.textContent()) ?? '';
    expect(text).toContain('136 0000 0100');
    expect(text).toContain('5 / 上限 5');
    expect(await page.getByTestId('cooldown-next').textContent()).toContain('1 小时内已发送 5 条');
    await app.screenshot('cooldown-4-lookup');
    expect(app.consoleErrors).toEqual([]);
  });
});
