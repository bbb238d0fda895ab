import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

/** How SendSms reads one entry of PhoneNumberSet (reference §1: mainland short forms imply +86). */
export type ParsedNumber =
  | { kind: 'mainland'; e164: string; subscriber: string; valid: true }
  | {
      kind: 'international';
      e164: string;
      countryCode: string;
      subscriber: string;
      iso: string;
      valid: true;
    }
  | { kind: 'mainland' | 'international'; e164: string; valid: false };

const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;

export function parseNumber(raw: string): ParsedNumber {
  const s = raw.trim().replace(/[\s-]/g, '');
  let mainland: string | null = null;
  if (s.startsWith('+86')) mainland = s.slice(3);
  else if (s.startsWith('0086')) mainland = s.slice(4);
  else if (/^86\d{11}$/.test(s)) mainland = s.slice(2);
  else if (!s.startsWith('+') && !s.startsWith('00')) mainland = s;

  if (mainland !== null) {
    const e164 = `+86${mainland}`;
    return MAINLAND_MOBILE.test(mainland)
      ? { kind: 'mainland', e164, subscriber: mainland, valid: true }
      : { kind: 'mainland', e164: /^\d+$/.test(mainland) ? e164 : raw, valid: false };
  }
  const intl = s.startsWith('00') ? `+${s.slice(2)}` : s;
  const p = parsePhoneNumberFromString(intl);
  if (!p || !p.isValid()) return { kind: 'international', e164: raw, valid: false };
  return {
    kind: 'international',
    e164: p.number,
    countryCode: p.countryCallingCode,
    subscriber: p.nationalNumber,
    iso: p.country ?? 'DEF',
    valid: true,
  };
}
