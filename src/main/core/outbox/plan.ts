/** One row as the planner sees it; `params` is the canonical JSON text of the params array. */
export interface PlanRow {
  rowNo: number;
  phone: string;
  params: string;
}

export interface PlannedRequest<T extends PlanRow = PlanRow> {
  params: string;
  rows: T[];
}

/** Tencent's SendSms limit. */
export const MAX_NUMBERS_PER_REQUEST = 200;

/**
 * Tencent refuses a SendSms that mixes mainland and international numbers
 * (UnsupportedOperation.ContainDomesticAndInternationalPhoneNumber): they never share one.
 */
export const regionOf = (e164: string): 'mainland' | 'international' =>
  e164.startsWith('+86') ? 'mainland' : 'international';

/**
 * Groups rows with identical params and the same region (see `regionOf`) into requests of at
 * most `max` numbers, in order of first appearance; rows with their own params become one
 * request each.
 *
 * `apart`: a number never appears twice in one request (that would be two messages to one
 * phone in one call). The runner passes false: it sends no number that is already in flight,
 * which covers a number repeated within a request too, and saves a set per request.
 */
export function groupRequests<T extends PlanRow>(
  rows: readonly T[],
  max: number = MAX_NUMBERS_PER_REQUEST,
  apart = true,
): PlannedRequest<T>[] {
  const out: PlannedRequest<T>[] = [];
  type Open = { key: string; req: PlannedRequest<T>; phones: Set<string> | null };
  const open = new Map<string, Open>();
  let last: Open | undefined;
  for (const row of rows) {
    const key = regionOf(row.phone) === 'mainland' ? row.params : `intl\u0000${row.params}`;
    // Rows with shared params come one after another: the previous row's request is the one.
    let cur = last && last.key === key ? last : open.get(key);
    if (!cur || cur.req.rows.length >= max || cur.phones?.has(row.phone)) {
      cur = { key, req: { params: row.params, rows: [] }, phones: apart ? new Set() : null };
      open.set(key, cur);
      out.push(cur.req);
    }
    cur.req.rows.push(row);
    cur.phones?.add(row.phone);
    last = cur;
  }
  return out;
}

/** Canonical params text: equal arrays give equal strings. */
export const paramsJson = (params: readonly string[]): string => JSON.stringify(params);
