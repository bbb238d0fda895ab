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
 * appearance; rows with their own params become one request each. A number never appears twice
 * in one request (that would be two messages to one phone in one call).
 */
export function groupRequests<T extends PlanRow>(
  rows: readonly T[],
  max: number = MAX_NUMBERS_PER_REQUEST,
): PlannedRequest<T>[] {
  const out: PlannedRequest<T>[] = [];
  const open = new Map<string, { req: PlannedRequest<T>; phones: Set<string> }>();
  for (const row of rows) {
    let cur = open.get(row.params);
    if (!cur || cur.req.rows.length >= max || cur.phones.has(row.phone)) {
      cur = { req: { params: row.params, rows: [] }, phones: new Set() };
      open.set(row.params, cur);
      out.push(cur.req);
    }
    cur.req.rows.push(row);
    cur.phones.add(row.phone);
  }
  return out;
}

/** Canonical params text: equal arrays give equal strings. */
export const paramsJson = (params: readonly string[]): string => JSON.stringify(params);
