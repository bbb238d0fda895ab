/**
 * How times, durations and counts look on screen. Times are Beijing wall time everywhere: the
 * clock Tencent's quiet hours and the user both use, whatever zone the computer is set to. One
 * numeric shape for both languages (2026-12-03 08:00:00), so English does not mix date orders.
 */
const ZONE = 'Asia/Shanghai';
const BEIJING_OFFSET_MS = 8 * 3600_000;

const parts = new Intl.DateTimeFormat('en-US', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function beijing(
  ms: number,
): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', string> {
  const out = { year: '', month: '', day: '', hour: '', minute: '', second: '' };
  for (const p of parts.formatToParts(new Date(ms)))
    if (p.type in out) out[p.type as keyof typeof out] = p.value;
  return out;
}

/**
 * Whether the computer's clock shows another wall time than Beijing's at `ms` (then the app
 * says 北京时间 next to times, so the two never seem to disagree silently).
 */
export function computerIsElsewhere(ms: number = Date.now()): boolean {
  return -new Date(ms).getTimezoneOffset() * 60_000 !== BEIJING_OFFSET_MS;
}

/** ' 北京时间' / ' Beijing time' when the computer is in another zone, else ''. */
export function zoneSuffix(lang: string, ms?: number): string {
  if (!computerIsElsewhere(ms)) return '';
  return lang === 'en-US' ? ' Beijing time' : ' 北京时间';
}

/** '（北京时间）' / ' (Beijing time)' for a column title when the computer is elsewhere, else ''. */
export function zoneNote(lang: string): string {
  if (!computerIsElsewhere()) return '';
  return lang === 'en-US' ? ' (Beijing time)' : '（北京时间）';
}

/**
 * Date and time, e.g. 2026-12-03 08:00:00 (北京时间); empty for no time. `labelled: false` for
 * a table cell whose column title carries `zoneNote` instead.
 */
export function formatTime(ms: number | null, lang: string, labelled = true): string {
  if (ms === null) return '';
  const p = beijing(ms);
  const zone = labelled ? zoneSuffix(lang, ms) : '';
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}${zone}`;
}

/** Time of day only (08:00:05), for things due within hours. */
export function formatTimeOfDay(ms: number, lang: string): string {
  const p = beijing(ms);
  return `${p.hour}:${p.minute}:${p.second}${zoneSuffix(lang, ms)}`;
}

/** Hour and minute (08:00), for a time the user waits for, such as the end of quiet hours. */
export function formatHourMinute(ms: number, lang: string): string {
  const p = beijing(ms);
  return `${p.hour}:${p.minute}${zoneSuffix(lang, ms)}`;
}

/**
 * A moment something waits for: 08:00 when it is on the minute (the end of quiet hours),
 * 10:00:30 when seconds matter (a cooldown); with the date only when it is a day or more away.
 */
export function formatWaitTime(ms: number, lang: string, now: number = Date.now()): string {
  const p = beijing(ms);
  const clock = p.second === '00' ? `${p.hour}:${p.minute}` : `${p.hour}:${p.minute}:${p.second}`;
  const soon = ms - now < 24 * 3600_000;
  return `${soon ? '' : `${p.year}-${p.month}-${p.day} `}${clock}${zoneSuffix(lang, ms)}`;
}

/** Epoch ms of 00:00 Beijing time on a calendar day (month 0-11), e.g. a date picker's day. */
export function beijingDayStart(year: number, month: number, day: number): number {
  return Date.UTC(year, month, day) - BEIJING_OFFSET_MS;
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
