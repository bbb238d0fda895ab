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
 * Groups rows with identical params into requests of at most `max` numbers, in order of first
 * appearance; rows with their own params become one request each.
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
  const open = new Map<string, { req: PlannedRequest<T>; phones: Set<string> | null }>();
  let last: { req: PlannedRequest<T>; phones: Set<string> | null } | undefined;
  for (const row of rows) {
    // Rows with shared params come one after another: the previous row's request is the one.
    let cur = last && last.req.params === row.params ? last : open.get(row.params);
    if (!cur || cur.req.rows.length >= max || cur.phones?.has(row.phone)) {
      cur = { req: { params: row.params, rows: [] }, phones: apart ? new Set() : null };
      open.set(row.params, cur);
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
