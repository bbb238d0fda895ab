import type { StatsFigures } from '../../../../shared/api/usage';

/** Delivered share of the receipts that arrived, in whole percent; null without receipts. */
export function deliveryRate(f: Pick<StatsFigures, 'delivered' | 'deliveryFailed'>): number | null {
  const known = f.delivered + f.deliveryFailed;
  return known === 0 ? null : Math.round((f.delivered / known) * 1000) / 10;
}
