/**
 * How times, durations and counts look on screen. Times are Beijing wall time everywhere: the
 * clock Tencent's quiet hours and the user both use, whatever zone the computer is set to.
 */
const ZONE = 'Asia/Shanghai';

/** Date and time, e.g. 2026/12/3 08:00:00; empty for no time. */
export function formatTime(ms: number | null, lang: string): string {
  if (ms === null) return '';
  return new Date(ms).toLocaleString(lang, { timeZone: ZONE, hour12: false });
}

/** Time of day only, for things due within hours. */
export function formatTimeOfDay(ms: number, lang: string): string {
  return new Date(ms).toLocaleTimeString(lang, { timeZone: ZONE, hour12: false });
}

/**
 * `mm:ss` (or `h:mm:ss` past an hour) for a countdown or a time left; never negative. Rounds up,
 * so a number still cooling never shows 00:00.
 */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${pad(m)}:${pad(s)}`;
}

/** A count with thousands separators (12,345). */
export function formatCount(n: number): string {
  return n.toLocaleString();
}
