import { BEIJING_OFFSET_MS, type FrequencyRules } from './domain';

/**
 * Per-number cooldown math for the frequency ledger (issue 5, tencent-sms.md §3).
 *
 * Window semantics, used everywhere so the app, the ledger and the emulator agree:
 * - Rolling windows are half-open at the old end: a send at `s` counts at time `t` when
 *   `t - W < s <= t`. A send exactly 30 000 ms ago no longer counts, so with 1 / 30 s the next
 *   send is allowed at exactly `lastSend + 30 000`.
 * - The day window is the calendar day in Beijing (fixed UTC+8, no DST): a send counts when
 *   `beijingDayStart(t) <= s <= t`; a send at 00:00:00.000 belongs to the new day.
 * - Clock going backwards: a send or block recorded "in the future" is treated as happening at
 *   `now`, so waits never exceed one window and are never negative.
 */

export const THIRTY_SECONDS_MS = 30_000;
export const ONE_HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

export type ServerBlockKind = 'thirtySeconds' | 'oneHour' | 'day' | 'other';
/** A block Tencent reported with a LimitExceeded code: no sends to the number before `until`. */
export interface ServerBlock {
  kind: ServerBlockKind;
  at: number;
  until: number;
}

/** What computeCooldown needs of a block; `kind` only refines clock-went-backwards handling. */
export interface CooldownBlock {
  kind?: ServerBlockKind;
  at: number;
  until: number;
}

export type CooldownReason = 'thirtySeconds' | 'oneHour' | 'day' | 'server';
export interface CooldownCounts {
  s30: number;
  h1: number;
  day: number;
}
/** When one number may receive again: the one cooldown type (a `CooldownItem` adds the number). */
export interface Cooldown {
  /** Earliest time one more send is allowed; `<= now` (it is `now` then) means "send now". */
  allowedAt: number;
  /** What holds the number, null when it may be sent to now. */
  reason: CooldownReason | null;
  counts: CooldownCounts;
}

/** Start (UTC ms) of the Beijing calendar day containing `t`. */
export function beijingDayStart(t: number): number {
  return Math.floor((t + BEIJING_OFFSET_MS) / DAY_MS) * DAY_MS - BEIJING_OFFSET_MS;
}

/** The first Beijing midnight strictly after `t` (at exactly midnight: the next one). */
export function nextBeijingMidnight(t: number): number {
  return beijingDayStart(t) + DAY_MS;
}

/**
 * When a rolling window of `windowMs` with at most `limit` sends allows one more:
 * `sortedDesc` holds the in-window sends newest first; the `limit`-th newest must age out.
 */
function rollingAllowedAt(sortedDesc: readonly number[], limit: number, windowMs: number): number {
  if (sortedDesc.length < limit) return -Infinity;
  return (sortedDesc[limit - 1] ?? 0) + windowMs;
}

function blockUntil(block: CooldownBlock, now: number): number {
  if (block.at <= now) return block.until;
  // Recorded in the future (clock went backwards): replay it as if it had happened now.
  const replayed = now + Math.max(0, block.until - block.at);
  // A daily block ends at the next midnight; without a kind, a block longer than an hour is one.
  const daily =
    block.kind === 'day' || (block.kind === undefined && block.until - block.at > ONE_HOUR_MS);
  return daily ? Math.min(replayed, nextBeijingMidnight(now)) : replayed;
}

/**
 * The earliest time at which every window (and every active server block) allows one more send
 * to this number. Windows only ever get emptier as time passes without sends, so that time is
 * the latest of the per-window times. On a tie the more explanatory reason wins
 * (day > one hour > 30 s > server).
 */
export function computeCooldown(input: {
  sends: readonly number[];
  blocks: readonly CooldownBlock[];
  rules: FrequencyRules;
  now: number;
}): Cooldown {
  const { rules, now } = input;
  const s30Start = now - THIRTY_SECONDS_MS;
  const h1Start = now - ONE_HOUR_MS;
  const dayStart = beijingDayStart(now);

  const inHour: number[] = [];
  const in30: number[] = [];
  let day = 0;
  for (const raw of input.sends) {
    if (!Number.isFinite(raw)) continue;
    const s = raw > now ? now : raw;
    if (s >= dayStart) day++;
    if (s > h1Start) {
      inHour.push(s);
      if (s > s30Start) in30.push(s);
    }
  }
  inHour.sort((a, b) => b - a);
  in30.sort((a, b) => b - a);

  const candidates: [number, CooldownReason][] = [
    [day >= rules.perDay ? nextBeijingMidnight(now) : -Infinity, 'day'],
    [rollingAllowedAt(inHour, rules.perHour, ONE_HOUR_MS), 'oneHour'],
    [rollingAllowedAt(in30, rules.perThirtySeconds, THIRTY_SECONDS_MS), 'thirtySeconds'],
  ];
  let server = -Infinity;
  for (const b of input.blocks) {
    const until = blockUntil(b, now);
    if (until > server) server = until;
  }
  candidates.push([server, 'server']);

  let allowedAt = now;
  let reason: CooldownReason | null = null;
  for (const [at, why] of candidates) {
    if (at > allowedAt) {
      allowedAt = at;
      reason = why;
    }
  }
  return { allowedAt, reason, counts: { s30: in30.length, h1: inHour.length, day } };
}

/**
 * Tencent limit codes that mean "this number may not receive for a while", as a block starting
 * at `at`. `DeliveryFrequencyLimit` is Tencent's generic "frequency policy hit" without saying
 * which window: it becomes an 'other' block of 30 s, the shortest window — a rejected send is not
 * billed, so trying again early costs nothing, and a repeat hit simply records a new block.
 * Codes that are not per-number limits return null.
 */
export function serverBlockFor(code: string, at: number): ServerBlock | null {
  switch (code) {
    case 'LimitExceeded.PhoneNumberThirtySecondLimit':
      return { kind: 'thirtySeconds', at, until: at + THIRTY_SECONDS_MS };
    case 'LimitExceeded.PhoneNumberOneHourLimit':
      return { kind: 'oneHour', at, until: at + ONE_HOUR_MS };
    case 'LimitExceeded.PhoneNumberDailyLimit':
    case 'LimitExceeded.PhoneNumberSameContentDailyLimit':
      return { kind: 'day', at, until: nextBeijingMidnight(at) };
    case 'LimitExceeded.DeliveryFrequencyLimit':
      return { kind: 'other', at, until: at + THIRTY_SECONDS_MS };
    default:
      return null;
  }
}
