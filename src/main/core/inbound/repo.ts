import type { Db } from '../store/db';
import type { StatusRecord } from '../gateway/types';
import type { ReplyRecord } from '../gateway/inbound-types';
import { BEIJING_OFFSET_MS } from '../../../shared/domain';
import { DELIVERY_EXPR, RECEIPT_HORIZON_MS, RECEIPT_JOIN } from './receipt-sql';

export interface DayCounts {
  /** YYYY-MM-DD, Asia/Shanghai. */
  day: string;
  delivered: number;
  failed: number;
  waiting: number;
}

export interface JobCounts {
  delivered: number;
  failed: number;
  waiting: number;
  expired: number;
}

export interface PendingNumber {
  phone: string;
  /** Earliest send of this number still waiting, ms. */
  since: number;
}

export interface OtherReceipt {
  serialNo: string;
  phone: string;
  delivered: boolean;
  description: string;
  receivedAt: number;
}

export interface StoredReply {
  id: number;
  phone: string;
  text: string;
  sign: string;
  extendCode: string;
  repliedAt: number;
  optOut: boolean;
}

const DAY_MS = 86_400_000;

/** Receipts and replies (migration 1100), and the questions asked of them. */
export class InboundRepo {
  private readonly putReceipt;
  private readonly putReply;

  constructor(private readonly db: Db) {
    // A receipt seen twice (queue pull, then a by-number backfill) is the same receipt.
    this.putReceipt = db.prepare(
      `INSERT OR IGNORE INTO receipts (sdk_app_id, serial_no, phone, session_context, delivered,
         report_status, description, received_at, pulled_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.putReply = db.prepare(
      `INSERT OR IGNORE INTO replies (sdk_app_id, phone, text, sign, extend_code, replied_at,
         pulled_at, opt_out) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  /** Stores receipts (call inside the caller's transaction); returns how many were new. */
  storeReceipts(sdkAppId: string, items: readonly StatusRecord[], now: number): number {
    let n = 0;
    for (const s of items) {
      // Without a serial number a receipt is keyed by number and session context instead.
      const serial = s.serialNo || `ctx:${s.phone}:${s.sessionContext}:${s.receivedAt}`;
      n += this.putReceipt.run(
        sdkAppId,
        serial,
        s.phone,
        s.sessionContext,
        s.reportStatus === 'SUCCESS' ? 1 : 0,
        s.reportStatus,
        s.description,
        s.receivedAt,
        now,
      ).changes;
    }
    return n;
  }

  /** Stores replies; returns the new ones (a backfill may see a reply again). */
  storeReplies(
    sdkAppId: string,
    items: readonly ReplyRecord[],
    now: number,
    optOut: (r: ReplyRecord) => boolean,
  ): ReplyRecord[] {
    const fresh: ReplyRecord[] = [];
    for (const r of items) {
      const stop = optOut(r);
      const c = this.putReply.run(
        sdkAppId,
        r.phone,
        r.text,
        r.sign,
        r.extendCode,
        r.repliedAt,
        now,
        stop ? 1 : 0,
      ).changes;
      if (c > 0) fresh.push(r);
    }
    return fresh;
  }

  /** Is any row sent since `since` still without its receipt? */
  anyWaitingSince(sdkAppId: string, since: number): boolean {
    return (
      this.db
        .prepare(
          `SELECT 1 FROM jobs j JOIN job_rows r ON r.job_id = j.id
           ${RECEIPT_JOIN}
           WHERE j.sdk_app_id = ? AND j.started_at IS NOT NULL
             AND COALESCE(j.finished_at, j.updated_at) >= ?
             AND r.state = 'sent' AND r.serial_no IS NOT NULL AND r.sent_at >= ?
             AND x.serial_no IS NULL
           LIMIT 1`,
        )
        .get(sdkAppId, since, since) !== undefined
    );
  }

  /**
   * Numbers with a row sent in [from, before) and no receipt yet, oldest first: what a by-number
   * backfill asks Tencent about. The window starts at each row's own send time, reconciled rows
   * with an earlier time included.
   */
  waitingNumbers(sdkAppId: string, from: number, before: number, limit: number): PendingNumber[] {
    return this.db
      .prepare(
        `SELECT r.phone AS phone, MIN(COALESCE(r.sent_at, r.attempted_at)) AS since
         FROM jobs j JOIN job_rows r ON r.job_id = j.id
         ${RECEIPT_JOIN}
         WHERE j.sdk_app_id = ? AND j.started_at IS NOT NULL
           AND COALESCE(j.finished_at, j.updated_at) >= ?
           AND r.state = 'sent' AND COALESCE(r.sent_at, r.attempted_at) >= ?
           AND COALESCE(r.sent_at, r.attempted_at) < ?
           AND x.serial_no IS NULL
         GROUP BY r.phone ORDER BY since LIMIT ?`,
      )
      .all(sdkAppId, from, from, before, limit) as PendingNumber[];
  }

  /** Was anything sent with this account since `since` (replies are worth pulling)? */
  sentSince(sdkAppId: string, since: number): boolean {
    return (
      this.db
        .prepare(
          `SELECT 1 FROM jobs WHERE sdk_app_id = ? AND started_at IS NOT NULL
             AND COALESCE(finished_at, updated_at) >= ? LIMIT 1`,
        )
        .get(sdkAppId, since) !== undefined
    );
  }

  /** Delivery counts per Beijing day for sends in [fromMs, toMs). */
  countsPerDay(sdkAppId: string, fromMs: number, toMs: number, now: number): DayCounts[] {
    const rows = this.db
      .prepare(
        `SELECT (COALESCE(r.sent_at, r.attempted_at) + ${BEIJING_OFFSET_MS}) / ${DAY_MS} AS d,
           ${DELIVERY_EXPR} AS s, COUNT(*) AS n
         FROM jobs j JOIN job_rows r ON r.job_id = j.id
         ${RECEIPT_JOIN}
         WHERE j.sdk_app_id = @app AND r.state = 'sent'
           AND COALESCE(r.sent_at, r.attempted_at) >= @from
           AND COALESCE(r.sent_at, r.attempted_at) < @to
         GROUP BY d, s ORDER BY d`,
      )
      .all({
        app: sdkAppId,
        from: fromMs,
        to: toMs,
        expiredBefore: now - RECEIPT_HORIZON_MS,
      }) as { d: number; s: string; n: number }[];
    const byDay = new Map<number, DayCounts>();
    for (const r of rows) {
      let c = byDay.get(r.d);
      if (!c) {
        c = {
          day: new Date(r.d * DAY_MS).toISOString().slice(0, 10),
          delivered: 0,
          failed: 0,
          waiting: 0,
        };
        byDay.set(r.d, c);
      }
      // An expired receipt is still "no answer": the statistics count it as waiting.
      if (r.s === 'delivered') c.delivered += r.n;
      else if (r.s === 'failed') c.failed += r.n;
      else c.waiting += r.n;
    }
    return [...byDay.values()];
  }

  countsForJob(jobId: number, now: number): JobCounts {
    const rows = this.db
      .prepare(
        `SELECT ${DELIVERY_EXPR} AS s, COUNT(*) AS n
         FROM job_rows r JOIN jobs j ON j.id = r.job_id
         ${RECEIPT_JOIN}
         WHERE r.job_id = @job AND r.state = 'sent' GROUP BY s`,
      )
      .all({ job: jobId, expiredBefore: now - RECEIPT_HORIZON_MS }) as { s: string; n: number }[];
    const out: JobCounts = { delivered: 0, failed: 0, waiting: 0, expired: 0 };
    for (const r of rows) {
      if (r.s in out) out[r.s as keyof JobCounts] += r.n;
    }
    return out;
  }

  receiptsFor(
    serialNos: readonly string[],
  ): Map<string, { phone: string; delivered: boolean; at: number }> {
    const out = new Map<string, { phone: string; delivered: boolean; at: number }>();
    const stmt = this.db.prepare(
      `SELECT serial_no AS s, phone, delivered, received_at AS at FROM receipts
       WHERE serial_no IN (SELECT value FROM json_each(?))`,
    );
    for (let i = 0; i < serialNos.length; i += 5000) {
      const chunk = JSON.stringify(serialNos.slice(i, i + 5000));
      for (const r of stmt.all(chunk) as {
        s: string;
        phone: string;
        delivered: number;
        at: number;
      }[]) {
        out.set(r.s, { phone: r.phone, delivered: r.delivered === 1, at: r.at });
      }
    }
    return out;
  }

  /** Full receipts (carrier text included) for serial numbers of one account. */
  receiptsOf(
    sdkAppId: string,
    serialNos: readonly string[],
  ): Map<string, { delivered: boolean; description: string; at: number }> {
    const out = new Map<string, { delivered: boolean; description: string; at: number }>();
    if (serialNos.length === 0) return out;
    const rows = this.db
      .prepare(
        `SELECT serial_no AS s, delivered, description, received_at AS at FROM receipts
         WHERE sdk_app_id = ? AND serial_no IN (SELECT value FROM json_each(?))`,
      )
      .all(sdkAppId, JSON.stringify(serialNos)) as {
      s: string;
      delivered: number;
      description: string;
      at: number;
    }[];
    for (const r of rows) {
      out.set(r.s, { delivered: r.delivered === 1, description: r.description, at: r.at });
    }
    return out;
  }

  /** Receipts no row of ours knows (sends made elsewhere with the same account), newest first. */
  otherReceipts(
    sdkAppId: string,
    offset: number,
    limit: number,
  ): { rows: OtherReceipt[]; total: number } {
    const from = `FROM receipts x WHERE x.sdk_app_id = ?
      AND NOT EXISTS (SELECT 1 FROM job_rows r WHERE r.serial_no = x.serial_no)`;
    const total = this.db.prepare(`SELECT COUNT(*) ${from}`).pluck().get(sdkAppId) as number;
    const rows = this.db
      .prepare(
        `SELECT x.serial_no AS serialNo, x.phone, x.delivered, x.description,
           x.received_at AS receivedAt ${from} ORDER BY x.received_at DESC LIMIT ? OFFSET ?`,
      )
      .all(sdkAppId, limit, offset) as (Omit<OtherReceipt, 'delivered'> & { delivered: number })[];
    return { rows: rows.map((r) => ({ ...r, delivered: r.delivered === 1 })), total };
  }

  replies(
    sdkAppId: string,
    search: string,
    offset: number,
    limit: number,
  ): { rows: StoredReply[]; total: number } {
    const needle = search.trim();
    const digits = needle.replace(/\D/g, '');
    const where =
      needle === '' ? '' : `AND (text LIKE @q ESCAPE '\\' OR phone LIKE @d ESCAPE '\\')`;
    const params = {
      app: sdkAppId,
      q: `%${needle.replace(/[\\%_]/g, '\\$&')}%`,
      d: digits === '' ? '\u0000' : `%${digits}%`,
    };
    const total = this.db
      .prepare(`SELECT COUNT(*) FROM replies WHERE sdk_app_id = @app ${where}`)
      .pluck()
      .get(params) as number;
    const rows = this.db
      .prepare(
        `SELECT id, phone, text, sign, extend_code AS extendCode, replied_at AS repliedAt,
           opt_out AS optOut FROM replies WHERE sdk_app_id = @app ${where}
         ORDER BY replied_at DESC, id DESC LIMIT @limit OFFSET @offset`,
      )
      .all({ ...params, limit, offset }) as (Omit<StoredReply, 'optOut'> & { optOut: number })[];
    return { rows: rows.map((r) => ({ ...r, optOut: r.optOut === 1 })), total };
  }
}
