import { z } from 'zod';

/** Injected failures, so clients can be tested against every way a send can go wrong. */

export const faultKinds = [
  'latency',
  'http5xx',
  'requestLimit',
  'internalTimeout',
  'hang',
  'nonJson',
  'acceptThenDrop',
] as const;
export type FaultKind = (typeof faultKinds)[number];

export const faultSpecSchema = z.object({
  kind: z.enum(faultKinds),
  /** Apply to the next N SendSms requests. Default 1 when neither count nor share is given. */
  count: z.number().int().positive().optional(),
  /** Apply to this share of SendSms requests (deterministically spread; combine with count to cap). */
  share: z.number().min(0).max(1).optional(),
  /** For 'latency': added delay, default 1000 ms. */
  latencyMs: z.number().int().nonnegative().optional(),
});
export type FaultSpec = z.infer<typeof faultSpecSchema>;

interface ActiveFault {
  spec: FaultSpec;
  remaining: number;
  seen: number;
}

export interface FaultDecision {
  latencyMs: number;
  kind: Exclude<FaultKind, 'latency'> | null;
}

export class FaultQueue {
  private faults: ActiveFault[] = [];

  add(spec: FaultSpec): void {
    const remaining = spec.count ?? (spec.share === undefined ? 1 : Number.POSITIVE_INFINITY);
    this.faults.push({ spec, remaining, seen: 0 });
  }

  clear(): void {
    this.faults = [];
  }

  /** Whether a fault fires on this request; consumes one use when it does. */
  private fires(f: ActiveFault): boolean {
    if (f.remaining <= 0) return false;
    let hit = true;
    if (f.spec.share !== undefined) {
      // Every k-th request in a deterministic spread, so tests can count on exact numbers.
      const k = f.seen++;
      hit = Math.floor((k + 1) * f.spec.share) > Math.floor(k * f.spec.share);
    }
    if (hit) f.remaining -= 1;
    return hit;
  }

  /** Decides the faults for one SendSms request: all firing latencies add up, then the first other kind wins. */
  take(): FaultDecision {
    let latencyMs = 0;
    let kind: FaultDecision['kind'] = null;
    for (const f of this.faults) {
      if (f.spec.kind === 'latency') {
        if (this.fires(f)) latencyMs += f.spec.latencyMs ?? 1000;
      } else if (kind === null && this.fires(f)) {
        kind = f.spec.kind;
      }
    }
    this.faults = this.faults.filter((f) => f.remaining > 0);
    return { latencyMs, kind };
  }
}
