/**
 * A real outbox for tests: real SQLite file in a temp dir, the real gateway (official SDK) and
 * the emulator on loopback, a ManualClock shared by core and emulator, and a ManualScheduler
 * so held rows and backoffs fire when the test says so.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_FREQUENCY_RULES, type FrequencyRules } from '../../../src/shared/domain';
import type { EventName } from '../../../src/shared/api';
import { ManualClock } from '../../../src/main/core/kernel/clock';
import {
  defaultProfile,
  parseProfile,
  startEmulator,
  type EmulatorOptions,
  type EmulatorProfile,
  type RunningEmulator,
} from '../../../src/main/core/emulator';
import { EventBus } from '../../../src/main/core/kernel/events';
import { TencentGateway } from '../../../src/main/core/gateway/tencent-gateway';
import type { SendRequest, SmsGateway } from '../../../src/main/core/gateway/types';
import { silentLogger, type Logger } from '../../../src/main/core/kernel/log';
import { ManualScheduler, OutboxService } from '../../../src/main/core/outbox';
import type { RetryPolicy } from '../../../src/main/core/outbox/retry';
import type { LocalReceipts } from '../../../src/main/core/outbox/local-receipts';
import { openDatabase, type Db } from '../../../src/main/core/store/db';
import { WalDurability, type SendDurability } from '../../../src/main/core/store/durability';

/** 2026-11-27 10:00 Beijing (02:00 UTC): inside marketing hours, package valid. */
export const BEIJING_10AM = Date.UTC(2026, 10, 27, 2, 0, 0);

/** The default profile with a package big enough for any test, optionally other limits. */
export function testProfile(limits?: EmulatorProfile['limits']): EmulatorProfile {
  return parseProfile({
    ...defaultProfile,
    ...(limits ? { limits } : {}),
    packages: defaultProfile.packages.map((p) => ({ ...p, amount: 100_000_000 })),
  });
}

/** Verification template of the default profile: `{1}` ≤ 6 digits, `{2}` minutes. */
export const TEMPLATE = {
  templateId: '2001001',
  templateContent: '您的验证码是{1}，{2}分钟内有效，如非本人操作请忽略本短信。',
  templateKind: 'verification' as const,
  signName: 'SMS Desk练习',
};

export const phoneOf = (i: number): string => `+86138${String(10_000_000 + i).slice(-8)}`;

export interface OutboxEnv {
  dir: string;
  db: Db;
  clock: ManualClock;
  scheduler: ManualScheduler;
  emulator: RunningEmulator;
  gateway: SmsGateway;
  events: { name: EventName; payload: unknown }[];
  bus: EventBus;
  outbox: OutboxService;
  /** Same data dir, new service (what a restart does); `bootId`: after a machine restart. */
  restart(o?: { bootId?: string }): OutboxService;
  close(): Promise<void>;
}

export async function startOutboxEnv(
  opts: {
    now?: number;
    rules?: FrequencyRules;
    retry?: Partial<RetryPolicy>;
    profile?: EmulatorProfile;
    gateway?: (g: SmsGateway) => SmsGateway;
    /** Wraps the send loop's durability (the real WAL one) to watch or fail it. */
    durability?: (real: WalDurability) => SendDurability;
    /** Sees each API request as it reaches the emulator. */
    onEmulatorRequest?: EmulatorOptions['onRequest'];
    /** The outbox's "gateway in effect" (default: always `gateway`), to switch accounts. */
    inEffect?: (gateway: SmsGateway) => () => SmsGateway;
    logger?: Logger;
    /** The data folder's parent (default: the system's temp folder), e.g. a small filesystem. */
    parent?: string;
    /** Which boot of the machine the outbox believes it runs in (leaving marks). */
    bootId?: string;
    /** Delivery receipts held locally (the receipts room's port). */
    localReceipts?: LocalReceipts;
    /** Rows per slice of a filtered `job.rows` page (small: a few thousand rows span slices). */
    filterSliceRows?: number;
  } = {},
): Promise<OutboxEnv> {
  const dir = mkdtempSync(join(opts.parent ?? tmpdir(), 'sms-desk-outbox-'));
  const clock = new ManualClock(opts.now ?? BEIJING_10AM);
  const scheduler = new ManualScheduler(() => clock.now());
  const emulator = await startEmulator({
    profile: opts.profile ?? testProfile(),
    now: () => clock.now(),
    ...(opts.onEmulatorRequest ? { onRequest: opts.onEmulatorRequest } : {}),
  });
  const real = new TencentGateway({
    ...emulator.account,
    endpoint: emulator.endpoint,
    timeoutMs: 1500,
  });
  const gateway = opts.gateway ? opts.gateway(real) : real;
  let db = openDatabase(join(dir, 'sms-desk.db'));
  const bus = new EventBus();
  const events: OutboxEnv['events'] = [];
  bus.on((name, payload) => events.push({ name, payload }));
  let bootId = opts.bootId;
  const make = (): OutboxService =>
    new OutboxService({
      ...(bootId !== undefined ? { bootId: () => bootId! } : {}),
      ...(opts.localReceipts ? { localReceipts: opts.localReceipts } : {}),
      ...(opts.filterSliceRows ? { filterSliceRows: opts.filterSliceRows } : {}),
      db,
      clock,
      events: bus,
      logger: opts.logger ?? silentLogger,
      gateway: opts.inEffect ? opts.inEffect(gateway) : () => gateway,
      rules: () => opts.rules ?? DEFAULT_FREQUENCY_RULES,
      scheduler,
      retry: { random: () => 0.5, baseMs: 1_000, ...opts.retry },
      reconcileRatePerSec: 200,
      reconcileDelayMs: 2_000,
      ...(opts.durability ? { durability: opts.durability(new WalDurability(db)) } : {}),
    });
  const env: OutboxEnv = {
    dir,
    db,
    clock,
    scheduler,
    emulator,
    gateway,
    events,
    bus,
    outbox: make(),
    restart(o) {
      if (o?.bootId !== undefined) bootId = o.bootId;
      db.close();
      db = openDatabase(join(dir, 'sms-desk.db'));
      env.db = db;
      env.outbox = make();
      return env.outbox;
    },
    async close() {
      await env.outbox.close();
      real.close();
      await emulator.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return env;
}

/** Polls until `cond` holds (the outbox works on real sockets and setImmediate). */
export async function until(
  cond: () => boolean,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The real gateway, with `before` called at the moment each SendSms leaves. */
export function watchSends(g: SmsGateway, before: (req: SendRequest) => void): SmsGateway {
  return {
    sdkAppId: g.sdkAppId,
    // The wrapped gateway holds requests back itself: watching it must not change the path.
    ...(g.holdsBack ? { holdsBack: true } : {}),
    sendSms: (req, o) => {
      before(req);
      return g.sendSms(req, o);
    },
    pullStatusByPhone: (...a) => g.pullStatusByPhone(...a),
    describeSendRecords: (...a) => g.describeSendRecords(...a),
    listSigns: (i) => g.listSigns(i),
    listTemplates: (i) => g.listTemplates(i),
    close: () => g.close(),
  };
}

/** The real durability with some of its parts replaced (to watch or to fail them). */
export function durabilityWith(
  real: WalDurability,
  parts: Partial<SendDurability>,
): SendDurability {
  return {
    commitRelaxed: (fn) => real.commitRelaxed(fn),
    sync: () => real.sync(),
    close: () => real.close(),
    ...parts,
  };
}

export interface LogEntry {
  level: 'info' | 'warn' | 'error';
  message: string;
}

/** A logger that keeps what it is told, for tests that check an error was logged. */
export function recordingLogger(): Logger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  return {
    entries,
    info: (message) => entries.push({ level: 'info', message }),
    warn: (message) => entries.push({ level: 'warn', message }),
    error: (message) => entries.push({ level: 'error', message }),
    addSecret: () => {},
  };
}

/**
 * Makes one kind of statement fail from now on, as a full or failing disk would: a trigger
 * that aborts it with SQLite's own error. Returns the undo.
 */
export function failStatements(db: Db, name: string, when: string): () => void {
  db.exec(`CREATE TRIGGER ${name} ${when} BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`);
  return () => db.exec(`DROP TRIGGER ${name}`);
}
