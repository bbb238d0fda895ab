/**
 * Message length and billed-segment rules (tencent-sms.md §4).
 *
 * Counting choice: SMS with Chinese text travels as UCS-2, where every UTF-16 code unit is one
 * character slot. An emoji or another astral character is a surrogate pair and therefore costs
 * 2 slots, which matches Tencent's note that "some emoji and rare characters count as ≥ 2". So
 * `smsLength` is the UTF-16 length (`text.length`), never the code-point count: under-counting
 * would under-estimate the bill, over-counting by one for an occasional emoji is the safe side.
 *
 * Empty text bills 0 segments: nothing is sent, so nothing is charged (the caller decides whether
 * an empty message is an error).
 */

/** Tencent's hard cap on signature + body, in characters. */
export const MAX_SMS_LENGTH = 500;

/** Mainland and non-GSM international text: one message up to 70, then 67 per segment. */
export const UCS2_SINGLE = 70;
export const UCS2_SEGMENT = 67;
/** International pure GSM-7 text: one message up to 160 septets, then 153 per segment. */
export const GSM7_SINGLE = 160;
export const GSM7_SEGMENT = 153;

const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** Reached through the escape code, so each costs 2 septets. Form feed is part of the table too. */
const GSM7_EXTENDED = '^{}\\[~]|€\f';

/** 0 = not GSM-7, 1 = basic, 2 = extended. Indexed by UTF-16 code unit (all GSM-7 chars are BMP). */
const GSM7_COST = new Map<number, number>();
for (const ch of GSM7_BASIC) GSM7_COST.set(ch.charCodeAt(0), 1);
for (const ch of GSM7_EXTENDED) GSM7_COST.set(ch.charCodeAt(0), 2);

/** Characters as Tencent counts them for length and billing: UTF-16 code units (see above). */
export function smsLength(text: string): number {
  return text.length;
}

/**
 * Septets the text needs in GSM-7, or -1 when some character is outside the GSM-7 alphabet.
 */
export function gsm7Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const cost = GSM7_COST.get(text.charCodeAt(i));
    if (cost === undefined) return -1;
    n += cost;
  }
  return n;
}

/** True when every character is in the GSM-7 basic or extended table (the empty text is). */
export function isGsm7(text: string): boolean {
  return gsm7Length(text) >= 0;
}

function segmentsFor(length: number, single: number, perSegment: number): number {
  if (length <= 0) return 0;
  if (length <= single) return 1;
  return Math.ceil(length / perSegment);
}

/**
 * How many messages Tencent bills for one recipient. Mainland always uses 70 / 67; international
 * uses 160 / 153 septets when the text is pure GSM-7, otherwise 70 / 67. Text over
 * MAX_SMS_LENGTH still gets a count (the caller reports "too long" separately).
 */
export function billedSegments(text: string, opts?: { international?: boolean }): number {
  if (opts?.international) {
    const septets = gsm7Length(text);
    if (septets >= 0) return segmentsFor(septets, GSM7_SINGLE, GSM7_SEGMENT);
  }
  return segmentsFor(smsLength(text), UCS2_SINGLE, UCS2_SEGMENT);
}
