import { describe, expect, it } from 'vitest';
import {
  addCost,
  callingCodeOf,
  costUnits,
  defaultPriceTable,
  emptyCost,
  priceSchema,
  yuanText,
  type PriceTable,
} from '../../../../src/shared/usage/cost';

const table = (): PriceTable => ({
  mainland: { perSegment: 0.045, source: 'default', since: '2026-12-04' },
  international: { '1': 0.1, '852': 0.35, '44': 0.3 },
});

describe('cost in 元', () => {
  it('is billed segments times the mainland price', () => {
    expect(costUnits('+8613812345678', 1, table())).toBe(450);
    expect(costUnits('+8613812345678', 3, table())).toBe(1350);
    expect(yuanText(1350)).toBe('0.14');
  });

  it('uses the price of the destination country for international numbers', () => {
    expect(costUnits('+85251234567', 2, table())).toBe(7000);
    expect(costUnits('+14155550123', 1, table())).toBe(1000);
    expect(costUnits('+447700900123', 1, table())).toBe(3000);
    expect(callingCodeOf('+85251234567', table())).toBe('852');
  });

  it('has no price for a country not in the table', () => {
    expect(costUnits('+33612345678', 1, table())).toBeNull();
    const total = emptyCost();
    addCost(total, '+33612345678', 2, table());
    addCost(total, '+8613812345678', 1, table());
    expect(total).toEqual({ units: 450, segments: 3, unpricedSegments: 2 });
  });

  it('rounds to 0.01 元 only at display, so small prices add up exactly', () => {
    const total = emptyCost();
    // 1 segment is 0.045 元 (shows 0.05); a thousand are exactly 45 元, not 50 元.
    for (let i = 0; i < 1000; i++) addCost(total, '+8613812345678', 1, table());
    expect(yuanText(total.units)).toBe('45.00');
    expect(yuanText(450)).toBe('0.05');
    expect(yuanText(449)).toBe('0.04');
    expect(yuanText(0)).toBe('0.00');
  });

  it('refuses a price of 0, a negative price and more than 4 decimals', () => {
    expect(priceSchema.safeParse(0).success).toBe(false);
    expect(priceSchema.safeParse(-0.05).success).toBe(false);
    expect(priceSchema.safeParse(0.04501).success).toBe(false);
    expect(priceSchema.safeParse(0.0451).success).toBe(true);
  });

  it('defaults to a dated mainland list price and common international destinations', () => {
    const d = defaultPriceTable();
    expect(d.mainland.perSegment).toBe(0.045);
    expect(d.mainland.since).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(d.international['852']).toBeGreaterThan(0);
  });
});
