// Over 400 lines on purpose: the composition root, where every room is built and wired once.
import type { CallName, EventName } from '../../shared/api';
import type { Result } from '../../shared/errors';
import type { JobPlan } from '../../shared/api/outbox';
import { systemClock, type Clock } from './kernel/clock';
import { dispatch } from './kernel/dispatch';
import { EventBus, type AnyEventListener } from './kernel/events';
import type { Handlers } from './kernel/handlers';
import { createFileLogger, type Logger } from './kernel/log';
import { pendingMigrations, runMigrations, type Db } from './store/db';
import { migrations } from './store/migrations';
import { lockDataFolder, type FolderLock } from './store/folder-lock';
import { openCheckedDatabase } from './store/recovery';
import { BACKUP_EVERY_MS, backupDatabase, backupDue } from './store/backup';
import { prepareDataDir } from './store/data-dir';
import { guarded } from './kernel/guard';
import { IN_PROCESS_ROWS, WorkerRunner } from './kernel/worker-run';
import { startBackgroundCheckpoints } from './store/checkpoints';
import { SettingsRepo } from './store/settings';
import { createAppHandlers } from './app-info';
import { createAccountHandlers, type AccountService } from './account';
import { createAccountRoom } from './account/wire';
import type { ProbedSecretStore } from './keychain';
import { TemplatesService, createTemplatesHandlers } from './templates';
import { HistoryService, createHistoryHandlers } from './history';
import { ImportsService, createImportHandlers } from './imports';
import { defaultVariableMaxLength } from '../../shared/template';
import type { FrequencyRules } from '../../shared/domain';
import { createBatchHandlers } from './batch';
import { GatewayProvider } from './gateway/provider';
import { createCooldownHandlers, createLedgerRoom } from './ledger';
import {
  JOB_PLAN_TASK,
  OutboxService,
  createOutboxHandlers,
  createSendJournal,
  type JobPlanRequest,
} from './outbox';
import { ExportWriter, FileGrants, type FileGrant, type PickSavePath } from './files';
import { createUpdatesRoom, type UpdatesPort } from './updates';
import { createPrefsHandlers, scheduleGraceMs } from './prefs';
import { createInboundRoom, type InboundOptions, type InboundRoom } from './inbound/room';
import { UsageService, createUsageHandlers } from './usage';

export interface CoreDeps {
  /** Where the database, logs and temporary files live. */
  dataDir: string;
  version?: string;
  clock?: Clock;
  logger?: Logger;
  /** Environment (for SMS_DESK_* overrides); defaults to process.env. */
  env?: Record<string, string | undefined>;
  /** Packaged builds ignore test-only environment overrides. */
  packaged?: boolean;
  /** The keychain (tests inject one); defaults to the OS keychain via keytar. */
  secretStore?: ProbedSecretStore;
  /** Asks the user where to save an export (the shell's save dialog); without it exports fail. */
  pickSavePath?: PickSavePath;
  /** Receipts and replies: schedule and test seams (core/inbound). */
  inbound?: InboundOptions;
}

/**
 * What the composition root shares beyond the handlers: the account room reads the
 * environment, events and gateways through it, and tests look at the account and gateways.
 */
export interface CoreContext {
  dataDir: string;
  settings: SettingsRepo;
  events: EventBus;
  env: Record<string, string | undefined>;
  packaged: boolean;
  /** The account profile in effect (`getProfile()`), its key and the chosen gateway. */
  account: AccountService;
  /** The gateway for the current mode (practice emulator or the real account). */
  gateways: GatewayProvider;
  /** Files the user picked for reading, by grant id. */
  grants: FileGrants;
  /** Writes every export where the user chose to save it. */
  exports: ExportWriter;
  /** Receipts, replies and the do-not-send list (tests drive pulls through it). */
  inbound?: InboundRoom;
  /** Runs heavy work over many rows in worker threads, each with its own connection. */
  workers: WorkerRunner;
}

export interface Core {
  readonly context: CoreContext;
  readonly handlers: Handlers;
  call(name: CallName | string, input: unknown): Promise<Result<unknown>>;
  onEvent(listener: AnyEventListener): () => void;
  /**
   * A file the user picked (open dialog, dropped file, harness upload) becomes a grant the
   * renderer can name in import calls. Only the shell and the harness call this, never IPC.
   */
  grantFile(path: string): FileGrant;
  /** The machine woke up: timers may have slept, so held rows that came due are checked now. */
  wake(): void;
  /** What the app updater may know and do (core/updates): read-only outbox facts, the switch. */
  readonly updates: UpdatesPort;
  close(): Promise<void>;
}

export type { EventName };

/** Jobs from imports with more sendable rows than this are made in a worker thread. */
const WORKER_JOB_ROWS = 5_000;

/** How often the daily backup checks whether a day has passed (the machine may have slept). */
const BACKUP_CHECK_MS = 3600_000;

/**
 * The composition root: wires ports into services and services into the contract's handlers.
 * Throws `data_folder_in_use` when another process holds the data folder, and
 * `database_damaged` ({problem: 'corrupt' | 'readonly'}) when the database cannot be used.
 */
export async function createCore(deps: CoreDeps): Promise<Core> {
  prepareDataDir(deps.dataDir);
  const lock = lockDataFolder(deps.dataDir);
  let db: Db | undefined;
  try {
    db = openCheckedDatabase(deps.dataDir);
    const clock = deps.clock ?? systemClock;
    const pending = pendingMigrations(db, migrations);
    // A new database has nothing to lose; an existing one is copied before its schema changes.
    if (pending.length > 0 && pending.length < migrations.length)
      await backupDatabase(db, deps.dataDir, clock.now(), 'migration');
    runMigrations(db, migrations);
    return await assembleCore(deps, db, lock);
  } catch (e) {
    db?.close();
    lock.release();
    throw e;
  }
}

async function assembleCore(deps: CoreDeps, db: Db, lock: FolderLock): Promise<Core> {
  const logger = deps.logger ?? createFileLogger(deps.dataDir);
  const clock = deps.clock ?? systemClock;
  const account = createAccountRoom({
    db,
    logger,
    clock,
    ...(deps.secretStore ? { secretStore: deps.secretStore } : {}),
    ctx: () => ctx,
  });
  const ctx: CoreContext = {
    dataDir: deps.dataDir,
    settings: new SettingsRepo(db),
    events: new EventBus(),
    env: deps.env ?? process.env,
    packaged: deps.packaged ?? false,
    account,
    gateways: new GatewayProvider({
      env: deps.env ?? process.env,
      packaged: deps.packaged ?? false,
      logger,
      now: () => clock.now(),
    }),
    grants: new FileGrants(() => clock.now()),
    workers: new WorkerRunner({ dbFile: db.name, clock, logger }),
    exports: new ExportWriter({
      dataDir: deps.dataDir,
      ...(deps.pickSavePath ? { pick: deps.pickSavePath } : {}),
      now: () => clock.now(),
    }),
  };

  const templates = new TemplatesService({
    db,
    clock,
    settings: ctx.settings,
    logger,
    gateway: () => ctx.gateways.current(),
  });

  await account.start();

  // The send journal is read by the outbox, the ledger, history and exports: all through its
  // one read model, which folds the journal before they read.
  const sendJournal = createSendJournal(db, logger);
  const rules = (): FrequencyRules => ctx.account.getProfile().frequencyRules;
  const ledger = createLedgerRoom({
    db,
    clock,
    unfolded: sendJournal.journal.overlay,
    reads: sendJournal.reads,
    currentSdkAppId: async () => (await ctx.gateways.current()).sdkAppId,
    rules,
    workers: ctx.workers,
  });

  // Checkpoints run in a worker thread: on the main connection they blocked it after big writes.
  const checkpoints = startBackgroundCheckpoints({ db, workers: ctx.workers, logger });

  const imports: ImportsService = new ImportsService({
    db,
    clock,
    events: ctx.events,
    logger,
    workers: ctx.workers,
    checkpoint: () => checkpoints.request(),
    templates: (id) => {
      const t = templates.get(id);
      if (!t) return null;
      const p = ctx.account.getProfile();
      return { ...t, maxLength: p.variableMaxLength ?? defaultVariableMaxLength(p.accountType) };
    },
    international: () => ctx.account.getProfile().international,
    held: {
      among: (phones) => {
        const p = ctx.account.getProfile();
        if (!p.sdkAppId) return new Map();
        return ledger.heldAmong({ sdkAppId: p.sdkAppId, rules: p.frequencyRules }, phones);
      },
      revision: () => {
        const p = ctx.account.getProfile();
        return `${p.sdkAppId}:${JSON.stringify(p.frequencyRules)}:${ledger.repo.revision}`;
      },
    },
  });

  const inbound = createInboundRoom({
    db,
    clock,
    logger,
    events: ctx.events,
    settings: ctx.settings,
    gateways: ctx.gateways,
    reads: sendJournal.reads,
    options: deps.inbound,
    workers: ctx.workers,
  });
  ctx.inbound = inbound;

  const outbox = new OutboxService({
    optOut: inbound.optout,
    // Reconcile after a crash trusts a receipt already pulled: that row certainly left.
    localReceipts: inbound.service,
    db,
    clock,
    events: ctx.events,
    logger,
    gateway: () => ctx.gateways.current(),
    rules,
    sendJournal,
    ledger,
    scheduleGraceMs: () => scheduleGraceMs(ctx.settings),
    // A job from a big import is made in a worker thread (its rows never cross to this one); a
    // small one here, faster than starting a worker.
    createFromImport: (input, sdkAppId, now) =>
      (imports.repo.summary(Number(input.importId))?.valid ?? 0) > WORKER_JOB_ROWS
        ? ctx.workers.run<{ id: number; created: boolean }>('job.createFromImport', {
            input,
            sdkAppId,
            now,
          })
        : null,
    // A long job's pre-flight reads its rows in a worker thread too.
    planElsewhere: (job, scope, now) =>
      job.total > IN_PROCESS_ROWS
        ? ctx.workers.run<JobPlan>(JOB_PLAN_TASK, { job, scope, now } satisfies JobPlanRequest)
        : null,
    importRows: function* (importId) {
      for (const r of imports.iterateValidRows(Number(importId))) {
        yield { rowNo: r.rowNumber, phone: r.phone, params: r.params };
      }
    },
  });
  // Crash recovery before any call can start a job: `sending` rows become `unknown`.
  outbox.recover();

  const reads = sendJournal.reads;
  // Packages, prices, cost and statistics; delivery rates come from the receipts room.
  const usage = new UsageService({
    delivery: inbound.service,
    workers: ctx.workers,
    db,
    clock,
    logger,
    settings: ctx.settings,
    reads,
    gateway: () => ctx.gateways.current(),
  });
  const refreshUsage = guarded(logger, 'usage refresh', async () => {
    if (closed) return;
    // After a big job the rollup's read would fold the whole journal in one stretch.
    await reads.foldInTurns();
    if (closed) return;
    await usage.rollUp();
    await usage.refreshBalance();
  });
  // Never inside the emitter's call: the runner that reports a job finished must not wait.
  ctx.events.on((name) => {
    if (name === 'job.finished') setImmediate(refreshUsage);
  });
  setImmediate(refreshUsage);
  const updates = createUpdatesRoom({ db, clock, logger, settings: ctx.settings });
  const importHandlers = createImportHandlers(imports, {
    grants: ctx.grants,
    exports: ctx.exports,
    workers: ctx.workers,
  });
  const handlers: Handlers = {
    ...createAppHandlers({
      version: deps.version ?? '0.0.0',
      dataDir: deps.dataDir,
      account,
      env: ctx.env,
      packaged: ctx.packaged,
    }),
    ...createAccountHandlers(account),
    ...createTemplatesHandlers(templates),
    ...createHistoryHandlers(
      new HistoryService({
        db,
        reads,
        now: () => clock.now(),
        prices: () => usage.prices(),
        workers: ctx.workers,
      }),
      ctx.exports,
    ),
    ...importHandlers,
    ...createOutboxHandlers(outbox),
    // A sign the app lists as under review or rejected fails every number: refused up front.
    'job.create': (input) => {
      templates.assertSignSendable(input.signName);
      return outbox.create(input);
    },
    // Job results carry each sent row's delivery receipt (core/inbound).
    'job.rows': async (input) => {
      const page = await outbox.rowsPage(
        input.jobId,
        input.states,
        input.offset,
        input.limit,
        input.retrySafe,
      );
      // Not `outbox.get`: its summary counts every row of the job, on every page.
      const sdkAppId = outbox.sdkAppIdOf(input.jobId);
      return { ...page, items: inbound.service.withReceipts(sdkAppId, page.items) };
    },
    ...createCooldownHandlers(ledger),
    ...createBatchHandlers({
      db,
      reads,
      exports: ctx.exports,
      exportProblems: (input) => importHandlers['import.exportProblems'](input),
      now: () => clock.now(),
      workers: ctx.workers,
    }),
    ...updates.handlers,
    ...createPrefsHandlers(ctx.settings, ctx.events),
    'app.openJob': (i) => {
      ctx.events.emit('app.openJob', i);
      return { ok: true as const };
    },
    ...inbound.handlers(ctx.grants, ctx.exports),
    ...createUsageHandlers(usage, ctx.exports),
  };
  inbound.start();

  let closed = false;
  // A daily online backup; the check runs hourly so a machine that slept catches up.
  let backingUp: Promise<void> | null = null;
  const backupNow = guarded(logger, 'daily backup', () => {
    if (closed || backingUp || !backupDue(deps.dataDir, clock.now())) return;
    // In a worker thread: the backup's steps held the main thread ~0.5 s each on a big database.
    backingUp = ctx.workers
      .run<string>('db.backup', { dataDir: deps.dataDir, now: clock.now() })
      .then(() => undefined)
      .finally(() => (backingUp = null));
    return backingUp;
  });
  const backupTimer = setInterval(backupNow, Math.min(BACKUP_CHECK_MS, BACKUP_EVERY_MS));
  backupTimer.unref();
  backupNow();

  return {
    context: ctx,
    handlers,
    updates: updates.port,
    // Every reader of rows and of the ledger folds the send journal itself (outbox/read-model.ts).
    call: (name, input) => dispatch(handlers, name, input, logger),
    onEvent: (listener) => ctx.events.on(listener),
    grantFile: (path) => ctx.grants.issue(path),
    // Called from the shell's power-monitor event: a failure is logged, never thrown there.
    wake: guarded(logger, 'wake after sleep', () => outbox.poke()),
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(backupTimer);
      // A backup under way reads the connection: let it finish (its failure is logged already).
      await (backingUp as Promise<void> | null)?.catch(() => undefined);
      await inbound.close();
      await outbox.close();
      await checkpoints.close();
      await ctx.workers.close();
      await ctx.gateways.close();
      db.close();
      lock.release();
    },
  };
}
