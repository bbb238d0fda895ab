import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SmsGateway } from '../../../../../src/main/core/gateway/types';
import type { UsageGateway } from '../../../../../src/main/core/gateway/usage-types';
import { silentLogger } from '../../../../../src/main/core/kernel/log';
import { openDatabase, type Db } from '../../../../../src/main/core/store/db';
import { SettingsRepo } from '../../../../../src/main/core/store/settings';
import { UsageService, problemOf } from '../../../../../src/main/core/usage';

let dir: string | undefined;
let db: Db | undefined;
afterEach(() => {
  db?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function service(gateway: object): UsageService {
  dir = mkdtempSync(join(tmpdir(), 'sms-usage-'));
  db = openDatabase(join(dir, 'sms-desk.db'));
  return new UsageService({
    db,
    clock: { now: () => 1_800_000_000_000 },
    logger: silentLogger,
    settings: new SettingsRepo(db),
    reads: { foldJournal: () => {}, read: (f) => f() },
    gateway: () => Promise.resolve(gateway as SmsGateway),
  });
}

const refused = (code: string): UsageGateway => {
  const no = () =>
    Promise.resolve({ ok: false as const, failure: 'permanent' as const, code, message: '' });
  return { sdkAppId: '1400000001', packages: no, sendStats: no, callbackStats: no };
};

describe('usage problems', () => {
  it('names the missing CAM permission', () => {
    expect(
      problemOf('UnauthorizedOperation.RequestPermissionDeny', 'SmsPackagesStatistics'),
    ).toEqual({
      code: 'UnauthorizedOperation.RequestPermissionDeny',
      messageKey: 'usage.problem.permission',
      permission: 'sms:SmsPackagesStatistics',
    });
    expect(problemOf('InternalError', 'SendStatusStatistics').messageKey).toBe(
      'usage.problem.failed',
    );
  });

  it('keeps the old balance and says why a refresh failed; statistics still answer locally', async () => {
    const usage = service({
      sdkAppId: '1400000001',
      usage: refused('UnauthorizedOperation.RequestPermissionDeny'),
    });
    const b = await usage.refreshBalance();
    expect(b).toMatchObject({
      remaining: null,
      readAt: null,
      problem: { messageKey: 'usage.problem.permission', permission: 'sms:SmsPackagesStatistics' },
    });
    const remote = await usage.remoteStats();
    expect(remote.problem?.permission).toBe('sms:SendStatusStatistics');
    expect((await usage.stats(undefined, 'day')).buckets).toHaveLength(30);
  });

  it('tells a legacy App Key account that packages and Tencent statistics are not available', async () => {
    const usage = service({ sdkAppId: '1400000001' });
    expect((await usage.refreshBalance()).problem?.messageKey).toBe('usage.problem.notAvailable');
    expect((await usage.remoteStats()).problem?.code).toBe('usage_not_available');
  });

  it('stores prices and falls back to the dated default', () => {
    const usage = service({ sdkAppId: '1400000001' });
    expect(usage.prices().mainland).toMatchObject({ perSegment: 0.045, source: 'default' });
    usage.setPrices({
      mainland: { perSegment: 0.04, source: 'user', since: '2026-12-04' },
      international: { '852': 0.3 },
    });
    expect(usage.costOf('+8613812345678', 2)).toBe(800);
    expect(usage.costOf('+85251234567', 1)).toBe(3000);
    expect(usage.costOf('+14155550123', 1)).toBeNull();
  });
});
