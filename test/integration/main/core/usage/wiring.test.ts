import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../../../src/main/core';
import { silentLogger } from '../../../../../src/main/core/kernel/log';

let core: Core | undefined;
let dir: string | undefined;
afterEach(async () => {
  await core?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const value = async <T>(name: string, input: unknown): Promise<T> => {
  const r = await core!.call(name, input);
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.value as T;
};

describe('usage in the composition root (practice mode)', () => {
  it('reads the balance on start and again after every job, and counts the job in 统计', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sms-usage-core-'));
    core = await createCore({ dataDir: dir, logger: silentLogger });
    await expect
      .poll(async () => (await value<{ remaining: number | null }>('usage.balance', {})).remaining)
      .toBe(1000);
    const rows = Array.from({ length: 5 }, (_, i) => ({
      rowNo: i + 1,
      phone: `+86137${String(10_000_000 + i).slice(-8)}`,
      params: ['123456', '5'],
    }));
    const { job } = await value<{ job: { id: number } }>('job.create', {
      idempotencyKey: 'usage-wiring-1',
      kind: 'batch',
      templateId: '2001001',
      templateContent: '您的验证码是{1}，{2}分钟内有效，如非本人操作请忽略本短信。',
      templateKind: 'verification',
      signName: 'SMS Desk练习',
      rows,
    });
    await value('job.start', { jobId: job.id });
    // Nobody asks for a refresh: the job's end does it.
    await expect
      .poll(
        async () => (await value<{ remaining: number | null }>('usage.balance', {})).remaining,
        {
          timeout: 15_000,
        },
      )
      .toBe(995);
    const stats = await value<{ totals: { sends: number; segments: number } }>('usage.stats', {});
    expect(stats.totals).toMatchObject({ sends: 5, segments: 5 });
    const overview = await value<{
      todaySends: number;
      remaining: number;
      lastJob: { jobId: number } | null;
    }>('usage.overview', {});
    expect(overview).toMatchObject({ todaySends: 5, remaining: 995 });
    // The receipts room answers for the last job (its receipts may still be on their way).
    expect(overview.lastJob).toMatchObject({ jobId: job.id });
    expect(await value('usage.jobCost', { jobId: job.id })).toEqual({
      units: 5 * 450,
      segments: 5,
      unpricedSegments: 0,
    });
  });
});
