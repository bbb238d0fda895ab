import { z } from 'zod';

/**
 * Cost estimates in 元. Prices are kept in 元 per billed segment as the user types them; sums
 * are carried in ten-thousandths of a 元 (integers), so adding a million 0.045 元 segments
 * never drifts, and rounding to 0.01 元 happens only when a figure is shown or exported.
 */

/** Price per billed segment in 元: positive, at most 4 decimals, below 100 元. */
export const priceSchema = z
  .number()
  .positive()
  .lt(100)
  .refine((v) => Math.abs(Math.round(v * 10_000) - v * 10_000) < 1e-6, 'at most 4 decimals');

/** Calling code without "+" (1, 44, 852, …). */
export const callingCodeSchema = z.string().regex(/^[1-9]\d{0,3}$/);

export const priceTableSchema = z.object({
  mainland: z.object({
    perSegment: priceSchema,
    /** Where the number came from: Tencent's list price (with its date) or the user. */
    source: z.enum(['default', 'user']),
    /** YYYY-MM-DD: when the default was read from Tencent's price list, or when the user set it. */
    since: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  }),
  /** Per calling code; a country not listed has no price ("价格未设置"). */
  international: z.record(callingCodeSchema, priceSchema),
});
export type PriceTable = z.infer<typeof priceTableSchema>;

/**
 * Tencent Cloud's public list price for mainland SMS (pay-as-you-go, per billed segment) as
 * read on the date below; users on a package plan pay less per segment and can change it.
 */
export const DEFAULT_MAINLAND_PRICE = 0.045;
export const DEFAULT_MAINLAND_PRICE_DATE = '2026-12-04';

/** Rough per-segment figures for the most common destinations; all editable. */
export const DEFAULT_INTERNATIONAL_PRICES: Record<string, number> = {
  '852': 0.35,
  '853': 0.35,
  '886': 0.4,
  '1': 0.1,
  '44': 0.3,
  '81': 0.45,
  '82': 0.2,
  '65': 0.25,
  '60': 0.2,
  '61': 0.35,
};

export const defaultPriceTable = (): PriceTable => ({
  mainland: {
    perSegment: DEFAULT_MAINLAND_PRICE,
    source: 'default',
    since: DEFAULT_MAINLAND_PRICE_DATE,
  },
  international: { ...DEFAULT_INTERNATIONAL_PRICES },
});

/** 1 元 = 10 000 units: enough for 4-decimal prices, exact in integer arithmetic. */
export const UNITS_PER_YUAN = 10_000;

export const priceUnits = (price: number): number => Math.round(price * UNITS_PER_YUAN);

/** The calling code of an E.164 number that has a price in the table (longest match). */
export function callingCodeOf(e164: string, table: PriceTable): string | null {
  if (!e164.startsWith('+')) return null;
  if (e164.startsWith('+86')) return '86';
  const digits = e164.slice(1, 5);
  for (let n = Math.min(4, digits.length); n >= 1; n--) {
    const code = digits.slice(0, n);
    if (code in table.international) return code;
  }
  return null;
}

/** Price of one billed segment to this number in units, or null when no price is set. */
export function unitPriceFor(e164: string, table: PriceTable): number | null {
  if (e164.startsWith('+86')) return priceUnits(table.mainland.perSegment);
  const code = callingCodeOf(e164, table);
  const price = code === null ? undefined : table.international[code];
  return price === undefined ? null : priceUnits(price);
}

/** Segments × price, in units; null when the destination has no price. */
export function costUnits(e164: string, segments: number, table: PriceTable): number | null {
  const unit = unitPriceFor(e164, table);
  return unit === null ? null : unit * segments;
}

/** A running total that remembers how many segments had no price. */
export interface CostTotal {
  units: number;
  segments: number;
  unpricedSegments: number;
}

export const emptyCost = (): CostTotal => ({ units: 0, segments: 0, unpricedSegments: 0 });

export function addCost(total: CostTotal, e164: string, segments: number, table: PriceTable): void {
  total.segments += segments;
  const c = costUnits(e164, segments, table);
  if (c === null) total.unpricedSegments += segments;
  else total.units += c;
}

/** One row's estimated cost in units for exports; null when some of its segments have no price. */
export function rowCost(e164: string, segments: number, table: PriceTable): number | null {
  const c = emptyCost();
  addCost(c, e164, segments, table);
  return c.unpricedSegments > 0 ? null : c.units;
}

/** Units as 元 rounded half-up to 0.01: "12.35". Only for showing and exporting. */
export function yuanText(units: number): string {
  const cents = Math.round(units / (UNITS_PER_YUAN / 100));
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
