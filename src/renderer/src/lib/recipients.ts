import {
  formatPhone,
  normalizePhone,
  splitPhoneList,
  type PhoneProblem,
} from '../../../shared/phone';

export interface RecipientEntry {
  /** As typed or pasted. */
  raw: string;
  /** E.164 when valid. */
  e164: string | null;
  /** How the customer writes it (138 1234 5678), or the raw text when invalid. */
  display: string;
  problem: PhoneProblem | null;
  /** Index (in `entries`) of the earlier entry with the same number, when this one repeats it. */
  duplicateOf: number | null;
}

export interface Recipients {
  entries: RecipientEntry[];
  /** Distinct valid numbers in first-seen order. */
  phones: string[];
  invalid: number;
  duplicates: number;
}

/** Numbers as pasted → normalised, invalid ones explained, repeats merged into the first. */
export function parseRecipients(text: string, opts: { international?: boolean } = {}): Recipients {
  const entries: RecipientEntry[] = [];
  const firstSeen = new Map<string, number>();
  const phones: string[] = [];
  let invalid = 0;
  let duplicates = 0;
  for (const raw of splitPhoneList(text)) {
    const r = normalizePhone(raw, { international: opts.international ?? false });
    if (!r.ok) {
      invalid++;
      entries.push({ raw, e164: null, display: raw, problem: r.reason, duplicateOf: null });
      continue;
    }
    const first = firstSeen.get(r.e164);
    if (first !== undefined) duplicates++;
    else {
      firstSeen.set(r.e164, entries.length);
      phones.push(r.e164);
    }
    entries.push({
      raw,
      e164: r.e164,
      display: formatPhone(r.e164),
      problem: null,
      duplicateOf: first ?? null,
    });
  }
  return { entries, phones, invalid, duplicates };
}
