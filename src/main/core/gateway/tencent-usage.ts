import type {
  CallbackStatusStatisticsResponse,
  SendStatusStatisticsResponse,
  SmsPackagesStatisticsResponse,
} from 'tencentcloud-sdk-nodejs-sms/tencentcloud/services/sms/v20210111/sms_models';
import { BEIJING_OFFSET_MS } from '../../../shared/domain';
import type { CallOutcome } from './call-lifecycle';
import type { GatewayCallResult } from './types';
import type { CallbackStats, PackageInfo, SendStats, UsageGateway } from './usage-types';
import { secondsToMs } from './wire-records';

type Call = <T>(action: string, params: Record<string, unknown>) => Promise<CallOutcome<T>>;

/** "yyyymmddhh" in Beijing time, the statistics actions' time format. */
export function beijingHour(ms: number): string {
  return new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 13).replace(/[-T]/g, '');
}

const PACKAGE_PAGE = 500;
/** 10 pages of 500 packages: far beyond any real account, and under the 10/s limit. */
const MAX_PACKAGE_PAGES = 10;

/** The API 3.0 statistics calls over the gateway's own call path (agent, lifecycle, secrets). */
export function tencentUsage(sdkAppId: string, call: Call): UsageGateway {
  const window = (begin: number, end: number): Record<string, unknown> => ({
    SmsSdkAppId: sdkAppId,
    BeginTime: beijingHour(begin),
    EndTime: beijingHour(end),
  });
  return {
    sdkAppId,
    async packages(begin, end): Promise<GatewayCallResult<PackageInfo[]>> {
      const out: PackageInfo[] = [];
      for (let page = 0; page < MAX_PACKAGE_PAGES; page++) {
        const r = await call<SmsPackagesStatisticsResponse>('SmsPackagesStatistics', {
          ...window(begin, end),
          Limit: PACKAGE_PAGE,
          Offset: page * PACKAGE_PAGE,
        });
        if (!r.ok) return { ok: false, failure: r.failure, code: r.code, message: r.message };
        const set = r.value.SmsPackagesStatisticsSet ?? [];
        for (const p of set) {
          out.push({
            packageId: p.PackageId ?? 0,
            type: p.PackageType === 1 ? 'purchased' : 'gift',
            amount: p.PackageAmount ?? 0,
            used: p.CurrentUsage ?? 0,
            createdAt: secondsToMs(p.PackageCreateTime),
            effectiveAt: secondsToMs(p.PackageEffectiveTime),
            expiresAt: secondsToMs(p.PackageExpiredTime),
          });
        }
        if (set.length < PACKAGE_PAGE) break;
      }
      return { ok: true, value: out };
    },
    async sendStats(begin, end): Promise<GatewayCallResult<SendStats>> {
      const r = await call<SendStatusStatisticsResponse>('SendStatusStatistics', {
        ...window(begin, end),
        Limit: 0,
        Offset: 0,
      });
      if (!r.ok) return { ok: false, failure: r.failure, code: r.code, message: r.message };
      const s = r.value.SendStatusStatistics;
      return {
        ok: true,
        value: {
          requestCount: s?.RequestCount ?? 0,
          requestSuccessCount: s?.RequestSuccessCount ?? 0,
          feeCount: s?.FeeCount ?? 0,
        },
      };
    },
    async callbackStats(begin, end): Promise<GatewayCallResult<CallbackStats>> {
      const r = await call<CallbackStatusStatisticsResponse>('CallbackStatusStatistics', {
        ...window(begin, end),
        Limit: 0,
        Offset: 0,
      });
      if (!r.ok) return { ok: false, failure: r.failure, code: r.code, message: r.message };
      const s = r.value.CallbackStatusStatistics;
      return {
        ok: true,
        value: {
          callbackCount: s?.CallbackCount ?? 0,
          requestSuccessCount: s?.RequestSuccessCount ?? 0,
          callbackFailCount: s?.CallbackFailCount ?? 0,
          callbackSuccessCount: s?.CallbackSuccessCount ?? 0,
          internalErrorCount: s?.InternalErrorCount ?? 0,
          invalidNumberCount: s?.InvalidNumberCount ?? 0,
          shutdownErrorCount: s?.ShutdownErrorCount ?? 0,
          blackListCount: s?.BlackListCount ?? 0,
          frequencyLimitCount: s?.FrequencyLimitCount ?? 0,
        },
      };
    },
  };
}
