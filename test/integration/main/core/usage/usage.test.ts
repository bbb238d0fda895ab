/**
 * The usage room against the emulator through the real SDK: package balance before and after a
 * batch, a package emptied mid-batch and topped up, and local statistics against Tencent's.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../../src/main/core/kernel/log';
import { SettingsRepo } from '../../../../../src/main/core/store/settings';
import { UsageService } from '../../../../../src/main/core/usage';
import {
  BEIJING_10AM,
  phoneOf,
  startOutboxEnv,
  testProfile,
  until,
  type OutboxEnv,
} from '../../../../support/outbox/env';
import { jobInput, runToEnd, sharedRows } from '../../../../support/outbox/jobs';

let env: OutboxEnv | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

const DAY = 86_400_000;

function usageOf(e: OutboxEnv): UsageService {
  return new UsageService({
    db: e.db,
    clock: e.clock,
    logger: silentLogger,
    settings: new SettingsRepo(e.db),
    reads: e.outbox.sendJournal.reads,
    gateway: () => Promise.resolve(e.gateway),
  });
}

async function setPackages(e: OutboxEnv, amount: number, used: number): Promise<void> {
  const r = await fetch(`${e.emulator.endpoint}/__emulator/packages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ packages: [{ amount, used }] }),
  });
  expect(r.status).toBe(200);
}

describe('usage: package balance', () => {
  it('falls by exactly the segments a 1,000-row batch billed', async () => {
    env = await startOutboxEnv();
    const usage = usageOf(env);
    const before = await usage.refreshBalance();
    expect(before.remaining).toBe(100_000_000);
    expect(before.readAt).toBe(BEIJING_10AM);

    const { job } = await env.outbox.create(jobInput(sharedRows(1000)));
    const pre = await usage.preflight(job.id);
    expect(pre).toMatchObject({ rows: 1000, segments: 1000, rowsBeforeEmpty: null });
    expect(pre.cost.units).toBe(1000 * 450);
    await runToEnd(env, job.id);
    const billed = env.emulator.sent().reduce((n, s) => n + s.fee, 0);
    expect(billed).toBe(1000);

    // Two asking at once share one read, which started after both asked.
    const [after, same] = await Promise.all([usage.refreshBalance(), usage.refreshBalance()]);
    expect(same).toBe(after);
    expect(before.remaining! - after.remaining!).toBe(billed);
    expect(await usage.jobCost(job.id)).toEqual({
      units: billed * 450,
      segments: billed,
      unpricedSegments: 0,
    });
  });

  it('warns before a batch that the package runs out, and after a top-up 继续发送 sends every row once', async () => {
    env = await startOutboxEnv({ profile: testProfile() });
    const usage = usageOf(env);
    await setPackages(env, 300, 0);
    await usage.refreshBalance();
    const { job } = await env.outbox.create(
      jobInput(sharedRows(500), {
        options: { marketing: false, heldPolicy: 'wait', concurrency: 1 },
      }),
    );
    const pre = await usage.preflight(job.id);
    expect(pre).toMatchObject({ remaining: 300, packageSegments: 500, rowsBeforeEmpty: 300 });

    await env.outbox.start(job.id);
    await until(() => env!.outbox.get(job.id).status === 'paused', 10_000, 'the job to pause');
    await env.outbox.idle();
    expect(env.outbox.get(job.id).counts).toMatchObject({ sent: 300, pending: 200 });
    env.clock.advance(10_000);
    expect((await usage.refreshBalance()).remaining).toBe(0);

    await setPackages(env, 1000, 0);
    env.clock.advance(10_000);
    expect((await usage.refreshBalance()).remaining).toBe(1000);
    await runToEnd(env, job.id);
    const sent = env.emulator.sent().map((s) => s.phone);
    expect(sent).toHaveLength(500);
    expect(new Set(sent).size).toBe(500);
  });
});

describe('usage: statistics', () => {
  it('counts local history exactly as Tencent’s SendStatusStatistics for the same range', async () => {
    env = await startOutboxEnv();
    const usage = usageOf(env);
    const first = await env.outbox.create(jobInput(sharedRows(120)));
    await runToEnd(env, first.job.id);
    // A second batch the next day: one number on the blacklist fails.
    env.clock.advance(DAY);
    const rows = [
      ...sharedRows(3).map((r) => ({ ...r, phone: phoneOf(500 + r.rowNo) })),
      { rowNo: 4, phone: '+8613900000000', params: ['123456', '5'] },
    ];
    const second = await env.outbox.create(jobInput(rows));
    await runToEnd(env, second.job.id);

    const range = { from: BEIJING_10AM - 10 * 3_600_000, to: BEIJING_10AM + 2 * DAY };
    const local = await usage.stats(range, 'day');
    const remote = await usage.remoteStats(range);
    expect(remote.problem).toBeNull();
    expect(local.totals).toMatchObject({ sends: 124, sent: 123, failed: 1, segments: 123 });
    expect(remote.send).toEqual({
      requestCount: local.totals.sends,
      requestSuccessCount: local.totals.sent,
      feeCount: local.totals.segments,
    });
    expect(local.buckets.map((b) => [b.key, b.sent])).toEqual([
      ['2026-11-27', 120],
      ['2026-11-28', 3],
      ['2026-11-29', 0],
    ]);
    expect(local.failures).toEqual([{ code: 'FailedOperation.PhoneNumberInBlacklist', count: 1 }]);
    expect(local.byTemplate).toEqual([
      expect.objectContaining({ templateId: '2001001', sends: 124, segments: 123 }),
    ]);
    expect(local.hasReceipts).toBe(false);
    // Finished jobs are rolled up once; a second query reads the same figures from the rollup.
    expect((await usage.stats(range, 'week')).totals).toEqual(local.totals);
  });
});
