import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import type { LegacyTel } from './client';

const MAINLAND = /^\+86(1\d{10})$/;

/** An E.164 number as the legacy API's `{nationcode, mobile}`. */
export function telOf(e164: string): LegacyTel {
  const m = MAINLAND.exec(e164);
  if (m) return { nationcode: '86', mobile: m[1]! };
  const p = parsePhoneNumberFromString(e164);
  if (p) return { nationcode: p.countryCallingCode, mobile: p.nationalNumber };
  // Not ours to judge: Tencent answers 1016 (bad number) for it.
  return { nationcode: '86', mobile: e164.replace(/\D/g, '') };
}

export const e164Of = (t: { nationcode?: unknown; mobile?: unknown }): string =>
  `+${typeof t.nationcode === 'string' ? t.nationcode : '86'}${typeof t.mobile === 'string' ? t.mobile : ''}`;

const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** The legacy pull's `user_receive_time` ("2026-11-27 10:00:05", Beijing time) as ms. */
export function beijingTimeMs(v: unknown): number {
  if (typeof v === 'number') return v * 1000;
  if (typeof v !== 'string') return 0;
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(v.trim());
  if (!m) return 0;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, ...number[]];
  return Date.UTC(y!, mo! - 1, d, h, mi, s) - SHANGHAI_OFFSET_MS;
}
