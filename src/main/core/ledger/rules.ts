/**
 * The one seam between the ledger's storage and the shared frequency rules: the math lives in
 * `src/shared/frequency.ts`; this file only adapts shapes, so a change there is a change here.
 */
import {
  beijingDayStart,
  computeCooldown,
  nextBeijingMidnight,
  serverBlockFor,
} from '../../../shared/frequency';
import type { FrequencyRules } from '../../../shared/domain';
import type { Cooldown } from '../../../shared/frequency';

export interface StoredBlock {
  code: string;
  at: number;
  until: number;
}

/** Oldest send time that can still matter at `now`: the start of the longest window. */
export function windowStart(now: number): number {
  return Math.min(now - 60 * 60 * 1000, beijingDayStart(now));
}

export function cooldownOf(
  sends: readonly number[],
  blocks: readonly StoredBlock[],
  rules: FrequencyRules,
  now: number,
): Cooldown {
  const r = computeCooldown({
    sends,
    blocks: blocks.map((b) => {
      const kind = serverBlockFor(b.code, b.at)?.kind;
      return kind ? { kind, at: b.at, until: b.until } : { at: b.at, until: b.until };
    }),
    rules,
    now,
  });
  return { allowedAt: r.allowedAt, reason: r.reason, counts: r.counts };
}

/** The server-reported block for a Tencent limit code, or null when the code is not one. */
export function blockFor(code: string, at: number): StoredBlock | null {
  const b = serverBlockFor(code, at);
  return b ? { code, at, until: b.until } : null;
}

export { nextBeijingMidnight, beijingDayStart };
