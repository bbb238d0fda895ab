/**
 * Recovery figures (issue 20, finding 6), `recovery.*`:
 *
 * - Crash trials: a 3,000-row job (half in requests of 200 shared-param numbers, half one
 *   request per row) sent by a child process to the emulator in its own process (40 ms latency,
 *   as in the crash test), SIGKILLed 100–600 ms after it started sending; then a child
 *   recovers and reconciles. `unknownAfterCrash` is what recovery calls unknown, and
 *   `unknownAfterReconcile` what is still unknown after the check with the emulator (medians
 *   over the trials). `before` plays the recovery without leaving marks (every start a new
 *   boot, as on a machine without a boot id); `after` is the recovery as built.
 * - `reconcileSeconds3000`: one pass over 3,000 unknown rows (none sent) at Tencent's real
 *   limits (20 queries/s per API), in process. Set RECOVERY_BENCH_SRC to another checkout's
 *   `src` (for example the main branch before this work) to time its reconciler instead.
 *
 *   npm run bench -- recovery      (or: npx tsx bench/recovery.ts [--trials N] [--skip-crash] [--skip-reconcile])
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type * as OutboxMod from '../src/main/core/outbox';
import type * as EmulatorMod from '../src/main/core/emulator';
import type * as GatewayMod from '../src/main/core/gateway/tencent-gateway';
import type * as DbMod from '../src/main/core/store/db';
import type * as EventsMod from '../src/main/core/kernel/events';
import type * as ClockMod from '../src/main/core/kernel/clock';
import type * as LogMod from '../src/main/core/kernel/log';
import type * as DomainMod from '../src/shared/domain';
import {
  startChild,
  startEmulatorProcess,
  type EmulatorProcess,
} from '../test/support/outbox/processes';

const ROWS = 3_000;
const TEMPLATE = {
  templateId: '2001001',
  templateContent: '您的验证码是{1}，{2}分钟内有效，如非本人操作请忽略本短信。',
  templateKind: 'verification' as const,
  signName: 'SMS Desk练习',
};
const phoneOf = (i: number): string => `+86137${String(10_000_000 + i).slice(-8)}`;

function jobFile(dir: string, key: string, offset: number): string {
  const rows = Array.from({ length: ROWS }, (_, i) => ({
    rowNo: i + 1,
    phone: phoneOf(offset + i),
    params: i < ROWS / 2 ? [String(100_000 + (i % 5)), '5'] : [String(200_000 + i), '5'],
  }));
  const file = join(dir, 'job.json');
  writeFileSync(
    file,
    JSON.stringify({
      idempotencyKey: key,
      kind: 'batch',
      ...TEMPLATE,
      options: { marketing: false, heldPolicy: 'wait', concurrency: 4 },
      rows,
    }),
  );
  return file;
}

const unknownRows = (dataDir: string): number => {
  const db = new Database(join(dataDir, 'sms-desk.db'), { readonly: true });
  try {
    return (
      db.prepare("SELECT COUNT(*) AS n FROM job_rows WHERE state = 'unknown'").get() as {
        n: number;
      }
    ).n;
  } finally {
    db.close();
  }
};

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

interface Trial {
  unknownAfterCrash: number;
  neverLeft: number;
  unknownAfterReconcile: number;
}

async function crashTrial(
  dir: string,
  emu: EmulatorProcess,
  mode: 'before' | 'after',
  n: number,
): Promise<Trial | null> {
  if (mode === 'before') process.env.SMS_DESK_CHILD_BOOT = 'per-process';
  else delete process.env.SMS_DESK_CHILD_BOOT;
  const dataDir = mkdtempSync(join(dir, `${mode}-${n}-`));
  // Distinct numbers per trial: the emulator's per-number limits never interfere.
  const job = jobFile(
    dataDir,
    `recovery-bench-${mode}-${n}`,
    n * 2 * ROWS + (mode === 'after' ? ROWS : 0),
  );
  const child = startChild(dataDir, emu.line, job, 'run');
  if (!(await child.waitFor('running'))) throw new Error(`child died: ${child.stderr()}`);
  await new Promise((r) => setTimeout(r, 100 + Math.random() * 500));
  if (child.proc.exitCode !== null) return null;
  child.proc.kill('SIGKILL');
  await child.exited;
  const rec = startChild(dataDir, emu.line, job, 'reconcile');
  const started = await rec.waitFor('started');
  const recovered = await rec.waitFor('recovered');
  const code = await rec.exited;
  if (code !== 0 || !started) throw new Error(`reconcile child failed: ${rec.stderr()}`);
  return {
    unknownAfterCrash: Number(started.unknownRows),
    neverLeft: Number(recovered?.neverLeft ?? 0),
    unknownAfterReconcile: unknownRows(dataDir),
  };
}

async function crashFigures(trials: number): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'sms-desk-recovery-bench-'));
  const emu = await startEmulatorProcess(dir);
  const out: Record<string, number> = {};
  try {
    await emu.fault({ kind: 'latency', latencyMs: 40, share: 1 });
    const got: Record<'before' | 'after', Trial[]> = { before: [], after: [] };
    // Interleaved, so both modes share the machine's conditions.
    for (let n = 0; got.after.length < trials && n < trials * 3; n++) {
      for (const mode of ['before', 'after'] as const) {
        const t = await crashTrial(dir, emu, mode, n);
        if (t) got[mode].push(t);
        console.log(`  ${mode} trial ${n}: ${JSON.stringify(t)}`);
      }
    }
    for (const mode of ['before', 'after'] as const) {
      const ts = got[mode];
      out[`recovery.${mode}.unknownAfterCrash`] = median(ts.map((t) => t.unknownAfterCrash));
      out[`recovery.${mode}.unknownAfterReconcile`] = median(
        ts.map((t) => t.unknownAfterReconcile),
      );
      out[`recovery.${mode}.trials`] = ts.length;
    }
    out['recovery.after.neverLeftRequests'] = median(got.after.map((t) => t.neverLeft));
  } finally {
    delete process.env.SMS_DESK_CHILD_BOOT;
    await emu.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

/** One reconcile pass over 3,000 unknown, never-sent rows at Tencent's real query limits. */
async function reconcileSeconds(): Promise<number> {
  const src = resolve(process.env.RECOVERY_BENCH_SRC ?? join(__dirname, '..', 'src'));
  const { OutboxService } = (await import(join(src, 'main/core/outbox'))) as typeof OutboxMod;
  const { startEmulator } = (await import(join(src, 'main/core/emulator'))) as typeof EmulatorMod;
  const { TencentGateway } = (await import(
    join(src, 'main/core/gateway/tencent-gateway')
  )) as typeof GatewayMod;
  const { openDatabase } = (await import(join(src, 'main/core/store/db'))) as typeof DbMod;
  const { EventBus } = (await import(join(src, 'main/core/kernel/events'))) as typeof EventsMod;
  const { systemClock } = (await import(join(src, 'main/core/kernel/clock'))) as typeof ClockMod;
  const { silentLogger } = (await import(join(src, 'main/core/kernel/log'))) as typeof LogMod;
  const { DEFAULT_FREQUENCY_RULES } = (await import(
    join(src, 'shared/domain')
  )) as typeof DomainMod;

  const dir = mkdtempSync(join(tmpdir(), 'sms-desk-reconcile-bench-'));
  const emu = await startEmulator({});
  const gateway = new TencentGateway({ ...emu.account, endpoint: emu.endpoint, timeoutMs: 5_000 });
  const db = openDatabase(join(dir, 'sms-desk.db'));
  const outbox = new OutboxService({
    db,
    clock: systemClock,
    events: new EventBus(),
    logger: silentLogger,
    gateway: () => gateway,
    rules: () => DEFAULT_FREQUENCY_RULES,
  });
  try {
    const rows = Array.from({ length: ROWS }, (_, i) => ({
      rowNo: i + 1,
      phone: phoneOf(900_000 + i),
      params: ['123456', '5'],
    }));
    const { job } = await outbox.create({
      idempotencyKey: 'reconcile-bench',
      kind: 'batch',
      ...TEMPLATE,
      options: { marketing: false, heldPolicy: 'wait', concurrency: 4 },
      rows,
    });
    // What a crash leaves: journaled, never answered, never sent.
    db.prepare(
      `UPDATE job_rows SET state = 'unknown', attempts = 1, attempted_at = ?, code = 'Interrupted',
         session_context = job_id || ':' || row_no WHERE job_id = ?`,
    ).run(Date.now() - 60_000, job.id);
    const t0 = performance.now();
    const r = await outbox.reconcile(job.id);
    const seconds = (performance.now() - t0) / 1000;
    console.log(`  reconcile pass (${src}): ${JSON.stringify(r)} in ${seconds.toFixed(1)} s`);
    return seconds;
  } finally {
    await outbox.close();
    gateway.close();
    db.close();
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<Record<string, number>> {
  const args = process.argv.slice(2);
  const i = args.indexOf('--trials');
  const trials = i >= 0 ? Number(args[i + 1]) : 5;
  const out = args.includes('--skip-crash') ? {} : await crashFigures(trials);
  if (!args.includes('--skip-reconcile')) {
    out['recovery.reconcileSeconds3000'] = Math.round((await reconcileSeconds()) * 10) / 10;
  }
  return out;
}

if (require.main === module) {
  run().then(
    (f) => console.log(JSON.stringify(f, null, 2)),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
