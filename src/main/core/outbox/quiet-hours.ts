import { beijingDayStart } from '../../../shared/frequency';

const HOUR = 60 * 60 * 1000;
/** Tencent accepts marketing SMS only 08:00–22:00 Beijing time. */
export const MARKETING_START_HOUR = 8;
export const MARKETING_END_HOUR = 22;

/** When a marketing send may go, if `now` is outside the window; null when it may go now. */
export function marketingQuietUntil(now: number): number | null {
  const day = beijingDayStart(now);
  const open = day + MARKETING_START_HOUR * HOUR;
  const close = day + MARKETING_END_HOUR * HOUR;
  if (now < open) return open;
  if (now >= close) return beijingDayStart(day + 25 * HOUR) + MARKETING_START_HOUR * HOUR;
  return null;
}
