/**
 * The date-time picker works in the computer's own zone; scheduled sends are chosen in Beijing
 * time. A picker value therefore holds Beijing's wall time (its fields read as Beijing's), and
 * these two functions convert between that and the instant it names.
 */
import dayjs, { type Dayjs } from 'dayjs';

const BEIJING_OFFSET_MS = 8 * 3600_000;

/** The instant `ms` as a picker value showing Beijing's date and time. */
export function toBeijingPicker(ms: number): Dayjs {
  const b = new Date(ms + BEIJING_OFFSET_MS);
  return dayjs(
    new Date(
      b.getUTCFullYear(),
      b.getUTCMonth(),
      b.getUTCDate(),
      b.getUTCHours(),
      b.getUTCMinutes(),
    ),
  );
}

/** The instant a picker value names when read as Beijing time (seconds dropped). */
export function fromBeijingPicker(d: Dayjs): number {
  return Date.UTC(d.year(), d.month(), d.date(), d.hour(), d.minute()) - BEIJING_OFFSET_MS;
}

/** Beijing's hour of day at `ms`. */
export const beijingHour = (ms: number): number => new Date(ms + BEIJING_OFFSET_MS).getUTCHours();
