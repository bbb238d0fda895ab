import { z } from 'zod';
import { priceTableSchema } from '../usage/cost';
import { defineCall } from './define';

export const packageSchema = z.object({
  packageId: z.number(),
  type: z.enum(['gift', 'purchased']),
  amount: z.number(),
  used: z.number(),
  remaining: z.number(),
  createdAt: z.number(),
  effectiveAt: z.number(),
  expiresAt: z.number(),
  /** Expired or not yet effective: it does not count in `remaining`. */
  active: z.boolean(),
});

/** Why Tencent's figures are missing: a specific, catalogued reason. */
export const usageProblemSchema = z.object({
  code: z.string(),
  messageKey: z.string(),
  /** The CAM permission the key lacks, e.g. "sms:SmsPackagesStatistics". */
  permission: z.string().optional(),
});
export type UsageProblem = z.infer<typeof usageProblemSchema>;

export const balanceSchema = z.object({
  /** Segments left over active packages; null: never read. */
  remaining: z.number().nullable(),
  packages: z.array(packageSchema),
  /** When the packages were read from Tencent (ms); null: never. */
  readAt: z.number().nullable(),
  /** The last refresh failed (the figures above are the older ones). */
  problem: usageProblemSchema.nullable(),
});
export type Balance = z.infer<typeof balanceSchema>;

export const costSchema = z.object({
  /** 1/10 000 元; round only when shown (yuanText). */
  units: z.number(),
  segments: z.number(),
  /** Segments to destinations without a price ("价格未设置"). */
  unpricedSegments: z.number(),
});

export const statsFiguresSchema = z.object({
  /** Rows that reached Tencent or failed there: sent + failed. */
  sends: z.number(),
  sent: z.number(),
  failed: z.number(),
  segments: z.number(),
  cost: costSchema,
  /** From receipts; all zero until receipts exist. */
  delivered: z.number(),
  deliveryFailed: z.number(),
  waiting: z.number(),
});
export type StatsFigures = z.infer<typeof statsFiguresSchema>;

export const granularitySchema = z.enum(['day', 'week', 'month']);

export const statsSchema = z.object({
  granularity: granularitySchema,
  /** The range answered (the last 30 Asia/Shanghai days when none was asked). */
  range: z.object({ from: z.number(), to: z.number() }),
  /** One per day / week (Monday) / month in the range, oldest first; key YYYY-MM-DD or YYYY-MM. */
  buckets: z.array(statsFiguresSchema.extend({ key: z.string() })),
  totals: statsFiguresSchema,
  /** Top 10 failure codes; the page shows their catalog text. */
  failures: z.array(z.object({ code: z.string(), count: z.number() })),
  byTemplate: z.array(
    statsFiguresSchema.pick({ sends: true, segments: true, cost: true }).extend({
      templateId: z.string(),
      name: z.string(),
    }),
  ),
  bySign: z.array(
    statsFiguresSchema.pick({ sends: true, segments: true, cost: true }).extend({
      signName: z.string(),
    }),
  ),
  /** False until the receipts room answers: the page then says 暂无回执数据. */
  hasReceipts: z.boolean(),
});
export type Stats = z.infer<typeof statsSchema>;

const rangeSchema = z
  .object({ from: z.number().int(), to: z.number().int() })
  .refine((r) => r.to > r.from && r.to - r.from <= 3 * 366 * 86_400_000, 'range');

export const remoteStatsSchema = z.object({
  /** Tencent's SendStatusStatistics for the range (or the part it still keeps). */
  send: z
    .object({ requestCount: z.number(), requestSuccessCount: z.number(), feeCount: z.number() })
    .nullable(),
  callback: z
    .object({
      callbackCount: z.number(),
      callbackSuccessCount: z.number(),
      callbackFailCount: z.number(),
    })
    .nullable(),
  /** The range was cut to what Tencent answers for (receipts: the last 32 days). */
  clipped: z.boolean(),
  problem: usageProblemSchema.nullable(),
});
export type RemoteStats = z.infer<typeof remoteStatsSchema>;

export const preflightSchema = z.object({
  rows: z.number(),
  segments: z.number(),
  cost: costSchema,
  /** Mainland segments, the ones packages pay for. */
  packageSegments: z.number(),
  remaining: z.number().nullable(),
  readAt: z.number().nullable(),
  /** Rows that go before the packages run out; null when they last (or are unknown). */
  rowsBeforeEmpty: z.number().nullable(),
});
export type Preflight = z.infer<typeof preflightSchema>;

export const overviewSchema = z.object({
  /** Rows sent or failed today (Asia/Shanghai), from local history. */
  todaySends: z.number(),
  remaining: z.number().nullable(),
  readAt: z.number().nullable(),
  /** The last job's receipts; null when there is no job or no receipt data. */
  lastJob: z
    .object({ jobId: z.number(), delivered: z.number(), failed: z.number(), waiting: z.number() })
    .nullable(),
});

export type Overview = z.infer<typeof overviewSchema>;

export const usageCalls = {
  /** The small 概览 card on the 发送 page. */
  'usage.overview': defineCall(z.object({}).default({}), overviewSchema),
  'usage.balance': defineCall(z.object({}).default({}), balanceSchema),
  /** Reads the packages from Tencent now (paced: a second call within seconds gets the cache). */
  'usage.refreshBalance': defineCall(z.object({}).default({}), balanceSchema),
  'usage.stats': defineCall(
    z.object({ range: rangeSchema.optional(), granularity: granularitySchema.default('day') }),
    statsSchema,
  ),
  'usage.remoteStats': defineCall(z.object({ range: rangeSchema.optional() }), remoteStatsSchema),
  'usage.prices': defineCall(z.object({}).default({}), priceTableSchema),
  'usage.setPrices': defineCall(priceTableSchema, priceTableSchema),
  /** A created (not yet started) job's segments and cost against the cached balance. */
  'usage.preflight': defineCall(z.object({ jobId: z.number().int().min(1) }), preflightSchema),
  /** What a job's sent rows cost (estimate). */
  'usage.jobCost': defineCall(z.object({ jobId: z.number().int().min(1) }), costSchema),
  /** Writes one chart's table as CSV where the user chooses; path null: cancelled. */
  'usage.exportTable': defineCall(
    z.object({
      name: z.string().regex(/^[a-z-]{1,30}$/),
      header: z.array(z.string().max(80)).min(1).max(20),
      rows: z.array(z.array(z.union([z.string().max(200), z.number()])).max(20)).max(5000),
    }),
    z.object({ path: z.string().nullable(), count: z.number().int() }),
  ),
};
