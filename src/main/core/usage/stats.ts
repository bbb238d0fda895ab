import type { Stats, StatsFigures } from '../../../shared/api/usage';
import { addCost, emptyCost, type CostTotal, type PriceTable } from '../../../shared/usage/cost';
import type { RollupRow } from './rollup';

export type Granularity = Stats['granularity'];

const DAY_MS = 86_400_000;
const SHANGHAI_MS = 8 * 3_600_000;

/** Asia/Shanghai day number of a time (days since 1970-01-01 in UTC+8). */
export const dayOf = (ms: number): number => Math.floor((ms + SHANGHAI_MS) / DAY_MS);

/** YYYY-MM-DD of a day number. */
export const dayKey = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** The bucket a day falls in: itself, its week's Monday, or its month. */
export function bucketKey(day: number, g: Granularity): string {
  if (g === 'day') return dayKey(day);
  if (g === 'month') return dayKey(day).slice(0, 7);
  // 1970-01-01 was a Thursday: day 4 is the first Monday.
  const monday = day - ((((day - 4) % 7) + 7) % 7);
  return dayKey(monday);
}

const emptyFigures = (): StatsFigures & { cost: CostTotal } => ({
  sends: 0,
  sent: 0,
  failed: 0,
  segments: 0,
  cost: emptyCost(),
  delivered: 0,
  deliveryFailed: 0,
  waiting: 0,
});

/** A price table lookup by the stored destination prefix ('86' or the first 4 digits). */
function phoneFor(cc: string): string {
  return cc === '86' ? '+86' : `+${cc}`;
}

function add(f: StatsFigures, r: RollupRow, prices: PriceTable): void {
  f.sends += r.n;
  if (r.state === 'sent') {
    f.sent += r.n;
    f.segments += r.fee;
    addCost(f.cost, phoneFor(r.cc), r.fee, prices);
  } else {
    f.failed += r.n;
  }
}

export interface JobInfo {
  templateId: string;
  templateName: string;
  signName: string;
}

export interface StatsInput {
  range: { from: number; to: number };
  rows: RollupRow[];
  fromDay: number;
  toDay: number;
  granularity: Granularity;
  prices: PriceTable;
  jobs: Map<number, JobInfo>;
  delivery: Array<{ day: string; delivered: number; failed: number; waiting: number }>;
  hasReceipts: boolean;
}

/** Folds rollup rows into the page's figures: buckets, totals, failures, templates, signs. */
export function buildStats(input: StatsInput): Stats {
  const { rows, fromDay, toDay, granularity, prices } = input;
  const buckets = new Map<string, StatsFigures & { key: string }>();
  for (let d = fromDay; d < toDay; d++) {
    const key = bucketKey(d, granularity);
    if (!buckets.has(key)) buckets.set(key, { key, ...emptyFigures() });
  }
  const totals = emptyFigures();
  const failures = new Map<string, number>();
  const templates = new Map<string, Stats['byTemplate'][number]>();
  const signs = new Map<string, Stats['bySign'][number]>();
  for (const r of rows) {
    if (r.day < fromDay || r.day >= toDay) continue;
    // Only this application's jobs: practice sends never mix with the real account's.
    const job = input.jobs.get(r.job_id);
    if (!job) continue;
    const bucket = buckets.get(bucketKey(r.day, granularity));
    if (bucket) add(bucket, r, prices);
    add(totals, r, prices);
    if (r.state === 'failed') failures.set(r.code, (failures.get(r.code) ?? 0) + r.n);
    const t = templates.get(job.templateId) ?? {
      templateId: job.templateId,
      name: job.templateName,
      sends: 0,
      segments: 0,
      cost: emptyCost(),
    };
    const s = signs.get(job.signName) ?? {
      signName: job.signName,
      sends: 0,
      segments: 0,
      cost: emptyCost(),
    };
    for (const x of [t, s]) {
      x.sends += r.n;
      if (r.state === 'sent') {
        x.segments += r.fee;
        addCost(x.cost, phoneFor(r.cc), r.fee, prices);
      }
    }
    templates.set(job.templateId, t);
    signs.set(job.signName, s);
  }
  for (const d of input.delivery) {
    const day = Math.round(Date.parse(`${d.day}T00:00:00Z`) / DAY_MS);
    if (day < fromDay || day >= toDay) continue;
    const bucket = buckets.get(bucketKey(day, granularity));
    for (const f of bucket ? [bucket, totals] : [totals]) {
      f.delivered += d.delivered;
      f.deliveryFailed += d.failed;
      f.waiting += d.waiting;
    }
  }
  const bySends = <T extends { sends: number }>(a: T, b: T): number => b.sends - a.sends;
  return {
    granularity,
    range: input.range,
    buckets: [...buckets.values()],
    totals,
    failures: [...failures]
      .map(([code, count]) => ({ code, count }))
      .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code))
      .slice(0, 10),
    byTemplate: [...templates.values()].sort(bySends),
    bySign: [...signs.values()].sort(bySends),
    hasReceipts: input.hasReceipts,
  };
}
