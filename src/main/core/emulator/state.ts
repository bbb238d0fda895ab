import type { EmulatorProfile, ProfileAccount, ProfilePackage } from './profile';

/** One accepted number of a SendSms call, as `/__emulator/sent` reports it. */
export interface SentRecord {
  phone: string;
  templateId: string;
  params: string[];
  sign: string;
  sessionContext: string;
  serialNo: string;
  /** Business-clock ms. */
  at: number;
  fee: number;
  /** Which API the send came in through: API 3.0 (TC3-signed) or the legacy App Key API. */
  api: 'tc3' | 'legacy';
}

/** What the emulator keeps per accepted number (receipts, records, statistics). */
export interface StoredSend extends SentRecord {
  sdkAppId: string;
  countryCode: string;
  subscriber: string;
  isoCode: string;
  content: string;
  receiptAt: number;
  delivered: boolean;
  /** The carrier's status text: DELIVRD, or a realistic failure code. */
  description: string;
  /** PullSmsSendStatus hands out each receipt once (queue mode). */
  pulled: boolean;
}

/** A customer's reply (PullSmsReplyStatus), injected through `/__emulator/replies`. */
export interface StoredReply {
  sdkAppId: string;
  phone: string;
  countryCode: string;
  subscriber: string;
  text: string;
  sign: string;
  extendCode: string;
  /** Business-clock ms. */
  at: number;
  pulled: boolean;
}

/** Carrier failure codes a real receipt carries (the emulator rotates through them). */
export const FAIL_DESCRIPTIONS = ['UNDELIV', 'EXPIRED', 'MK:0001', 'DB:0141'] as const;

/** Per-number outcome counters for SendStatusStatistics. */
export interface NumberOutcome {
  sdkAppId: string;
  at: number;
  ok: boolean;
  fee: number;
}

export type ApiOutcome =
  { ok: true; data: Record<string, unknown> } | { ok: false; code: string; message: string };

/** One API 3.0 action: what the emulator answers for a request, given its state. */
export type Action = (
  state: EmulatorState,
  account: ProfileAccount,
  body: Record<string, unknown>,
) => ApiOutcome;

export function apiError(code: string, message: string): ApiOutcome {
  return { ok: false, code, message };
}

/** Mutable emulator state; everything time-based reads the business clock. */
export class EmulatorState {
  sends: StoredSend[] = [];
  outcomes: NumberOutcome[] = [];
  packageUsage = new Map<number, number>();
  replies: StoredReply[] = [];
  /** Numbers that refuse messages (profile list plus `/__emulator/blacklist`). */
  blacklist = new Set<string>();
  receiptDelayMs: number;
  receiptFailShare: number;
  /** While true, new sends never get a receipt (a carrier that never reports). */
  withholdReceipts = false;
  /** The profile's packages until a test replaces them (`POST /__emulator/packages`). */
  packages: ProfilePackage[] = [];
  private shiftMs = 0;
  private serialSeq = 0;
  private receiptSeq = 0;
  private failSeq = 0;

  constructor(
    readonly profile: EmulatorProfile,
    private readonly baseNow: () => number,
    private readonly initialDelayMs: number,
    private readonly initialFailShare: number,
  ) {
    this.receiptDelayMs = initialDelayMs;
    this.receiptFailShare = initialFailShare;
    this.reset();
  }

  now(): number {
    return this.baseNow() + this.shiftMs;
  }

  shiftClock(ms: number): void {
    this.shiftMs += ms;
  }

  /** Back to the profile's initial state: no sends, full packages, unshifted clock. */
  reset(): void {
    this.shiftMs = 0;
    this.sends = [];
    this.outcomes = [];
    this.setPackages(this.profile.packages);
    this.receiptSeq = 0;
    this.failSeq = 0;
    this.replies = [];
    this.blacklist = new Set(this.profile.blacklist);
    this.receiptDelayMs = this.initialDelayMs;
    this.receiptFailShare = this.initialFailShare;
    this.withholdReceipts = false;
  }

  accountBySecretId(secretId: string): ProfileAccount | undefined {
    return this.profile.accounts.find((a) => a.secretId === secretId);
  }

  appExists(sdkAppId: string): boolean {
    return this.profile.accounts.some((a) => a.sdkAppId === sdkAppId);
  }

  nextSerialNo(at: number): string {
    this.serialSeq += 1;
    // Shaped like Tencent's "<n>:<digits>" serials; unique per emulator run.
    return `2433:${Math.floor(at / 1000)}${String(this.serialSeq).padStart(12, '0')}`;
  }

  /**
   * Deterministic failing share: the k-th receipt fails when the running quota crosses an
   * integer, so a share of 0.25 fails exactly every 4th receipt and tests can rely on it.
   */
  nextReceiptDelivered(): boolean {
    return this.nextReceipt().delivered;
  }

  /** The next receipt's outcome and carrier text (failures rotate through FAIL_DESCRIPTIONS). */
  nextReceipt(): { delivered: boolean; description: string } {
    const k = this.receiptSeq++;
    const share = this.receiptFailShare;
    const delivered = Math.floor((k + 1) * share) === Math.floor(k * share);
    if (delivered) return { delivered, description: 'DELIVRD' };
    const f = this.failSeq++;
    return { delivered, description: FAIL_DESCRIPTIONS[f % FAIL_DESCRIPTIONS.length]! };
  }

  /**
   * Replaces the packages. Kept by reference (usage lives in `packageUsage`, never in them), so
   * a test holding the profile can still change a package's size in place.
   */
  setPackages(packages: ProfilePackage[]): void {
    this.packages = packages;
    this.packageUsage = new Map(this.packages.map((p) => [p.packageId, p.used]));
  }

  /** Remaining package balance (segments) over packages effective and not expired now. */
  balance(): number {
    const nowS = Math.floor(this.now() / 1000);
    let total = 0;
    for (const p of this.packages) {
      if (p.effectiveTime > nowS || p.expiredTime <= nowS) continue;
      total += Math.max(0, p.amount - (this.packageUsage.get(p.packageId) ?? 0));
    }
    return total;
  }

  consume(segments: number): void {
    const nowS = Math.floor(this.now() / 1000);
    let left = segments;
    for (const p of this.packages) {
      if (left <= 0) break;
      if (p.effectiveTime > nowS || p.expiredTime <= nowS) continue;
      const used = this.packageUsage.get(p.packageId) ?? 0;
      const take = Math.min(left, p.amount - used);
      if (take <= 0) continue;
      this.packageUsage.set(p.packageId, used + take);
      left -= take;
    }
  }

  /** Accepted sends to (app, number) with now - window < t <= now. */
  countSince(sdkAppId: string, phone: string, fromExclusive: number, now: number): number {
    let n = 0;
    for (const at of this.sendTimes(sdkAppId, phone)) {
      if (at > fromExclusive && at <= now) n++;
    }
    return n;
  }

  // `sends` is append-only between resets, so a per-number index can catch up lazily; without
  // it every send scans every earlier send and 100k-recipient benchmarks go quadratic.
  private byNumber = new Map<string, number[]>();
  private indexedArray: StoredSend[] | null = null;
  private indexedUpTo = 0;

  private sendTimes(sdkAppId: string, phone: string): readonly number[] {
    if (this.indexedArray !== this.sends || this.indexedUpTo > this.sends.length) {
      this.byNumber = new Map();
      this.indexedArray = this.sends;
      this.indexedUpTo = 0;
    }
    for (; this.indexedUpTo < this.sends.length; this.indexedUpTo++) {
      const s = this.sends[this.indexedUpTo]!;
      const key = `${s.sdkAppId}\u0000${s.phone}`;
      const list = this.byNumber.get(key);
      if (list) list.push(s.at);
      else this.byNumber.set(key, [s.at]);
    }
    return this.byNumber.get(`${sdkAppId}\u0000${phone}`) ?? [];
  }
}

const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** Start of the Asia/Shanghai calendar day (fixed UTC+8, no DST) containing t. */
export function shanghaiDayStart(t: number): number {
  const local = t + SHANGHAI_OFFSET_MS;
  return local - (((local % 86_400_000) + 86_400_000) % 86_400_000) - SHANGHAI_OFFSET_MS;
}

export function shanghaiHour(t: number): number {
  return new Date(t + SHANGHAI_OFFSET_MS).getUTCHours();
}

/** "yyyymmddhh" in Beijing time, the format the statistics actions use. */
export function parseBeijingHour(s: unknown): number | null {
  if (typeof s !== 'string' || !/^\d{10}$/.test(s)) return null;
  const t = Date.UTC(+s.slice(0, 4), +s.slice(4, 6) - 1, +s.slice(6, 8), +s.slice(8, 10));
  return Number.isNaN(t) ? null : t - SHANGHAI_OFFSET_MS;
}
