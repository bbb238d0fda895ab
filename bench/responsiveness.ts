/**
 * Responsiveness probe (issue 16): while a heavy operation runs through `core.call` (the same
 * dispatch IPC uses), a second caller pings `app.info` back to back, each ping arriving as its
 * own macrotask the way an IPC message does, and the wait of every ping is recorded. A long wait
 * means the main process's event loop was busy: the window's calls, progress and events stall.
 *
 * Figures per operation: `responsive.<op>.{p50Ms,p99Ms,maxMs,over100}` (ping waits) and
 * `responsive.<op>.seconds` (the operation itself); `responsive.idle.*` is the control, pings
 * with nothing running.
 *
 *   npm run bench -- responsiveness
 *   npx tsx bench/responsiveness.ts [--quick] [--only op,op]
 *
 * `--quick` uses 100,000 rows where the full probe uses 1,000,000 (the batch stays 100,000 in
 * the full probe and becomes 10,000). The core is built as the harness builds it (createCore on
 * a temporary data folder, practice mode), pointed at an emulator in its own process, as the
 * real Tencent endpoint would be. Job rows, history and cooling numbers are seeded with SQL
 * through a second connection (WAL), the way bench/stats.ts seeds: sending a million SMS to
 * get them would take an hour.
 *
 * `cooldown` pages through numbers held by their stored state, before the batch: right after a
 * batch its numbers, sent in the last 30 s, are merged in by a slower query (about 200 ms a page
 * with 100,000 of them on this machine).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { createCore, type Core } from '../src/main/core';
import { defaultProfile, parseProfile } from '../src/main/core/emulator';
import { createSessionStore, type ProbedSecretStore } from '../src/main/core/keychain';
import { openDatabase } from '../src/main/core/store/db';
import { DB_FILE } from '../src/main/core/store/recovery';
import type { JobProgress, JobSummary } from '../src/shared/api/outbox';
import type { FileEncoding } from '../test/support/fixtures/encode';
import { benchFile } from './import';

const ROOT = resolve(__dirname, '..');
const TEMPLATE = {
  templateId: '2001001',
  templateContent: '您的验证码是{1}，{2}分钟内有效，如非本人操作请忽略本短信。',
  templateKind: 'verification' as const,
  signName: 'SMS Desk练习',
};
const ENCODINGS: FileEncoding[] = ['utf8', 'utf8bom', 'gbk', 'utf16le'];
const PAGES = 50;
const IDLE_MS = 2_000;

type Figures = Record<string, number>;

interface Emu {
  line: { endpoint: string; sdkAppId: string };
  proc: ChildProcess;
}

/** The emulator in its own process: its work must not count against the app's event loop. */
async function startEmu(dir: string): Promise<Emu> {
  const profileFile = join(dir, 'profile.json');
  writeFileSync(
    profileFile,
    JSON.stringify(
      parseProfile({
        ...defaultProfile,
        packages: defaultProfile.packages.map((p) => ({ ...p, amount: 1_000_000_000 })),
      }),
    ),
  );
  const env = { ...process.env };
  for (const k of ['http_proxy', 'https_proxy', 'HTTP_PROXY', 'HTTPS_PROXY']) delete env[k];
  const proc = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(ROOT, 'src/main/core/emulator/cli.ts'),
      '--port',
      '0',
      '--profile',
      profileFile,
    ],
    { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const line = await new Promise<string>((res, rej) => {
    createInterface({ input: proc.stdout! }).once('line', res);
    proc.once('exit', (c) => rej(new Error(`emulator exited ${c}`)));
  });
  return { line: JSON.parse(line) as Emu['line'], proc };
}

const sessionStore = (): ProbedSecretStore => ({
  ...createSessionStore(),
  kind: 'keychain',
  probe: () => Promise.resolve({ available: true }),
});

/**
 * A call as IPC delivers it: from its own macrotask. Calls chained on promises alone would run
 * back to back in microtasks and never let a ping in, which no renderer can do.
 */
async function ok<T>(core: Core, name: string, input: unknown): Promise<T> {
  await new Promise((r) => setImmediate(r));
  const r = await core.call(name, input);
  if (!r.ok) throw new Error(`${name} failed: ${JSON.stringify(r.error)}`);
  return r.value as T;
}

/**
 * Pings back to back until stopped. Each ping is sent from a fresh macrotask (setImmediate),
 * as an IPC message arrives, and its wait runs from then to the answer: a loop blocked by
 * synchronous work shows up as that ping's wait.
 */
function startPinger(core: Core): { stop(): Promise<number[]> } {
  const waits: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const t0 = performance.now();
      await new Promise((r) => setImmediate(r));
      await core.call('app.info', undefined);
      waits.push(performance.now() - t0);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return waits;
    },
  };
}

const quantile = (sorted: number[], q: number): number =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const r1 = (x: number): number => Math.round(x * 10) / 10;

const rows: string[][] = [];

async function measure(
  core: Core,
  out: Figures,
  op: string,
  work: () => Promise<unknown>,
): Promise<void> {
  const pinger = startPinger(core);
  const t0 = performance.now();
  await work();
  const seconds = (performance.now() - t0) / 1000;
  const waits = (await pinger.stop()).sort((a, b) => a - b);
  const k = `responsive.${op}`;
  out[`${k}.p50Ms`] = r1(quantile(waits, 0.5));
  out[`${k}.p99Ms`] = r1(quantile(waits, 0.99));
  out[`${k}.maxMs`] = r1(waits[waits.length - 1] ?? 0);
  out[`${k}.over100`] = waits.filter((w) => w > 100).length;
  out[`${k}.seconds`] = Math.round(seconds * 1000) / 1000;
  const line = [
    op,
    seconds.toFixed(2),
    String(waits.length),
    out[`${k}.p50Ms`]!.toFixed(1),
    out[`${k}.p99Ms`]!.toFixed(1),
    out[`${k}.maxMs`]!.toFixed(1),
    String(out[`${k}.over100`]),
  ];
  rows.push(line);
  console.log(line.join('\t'));
}

function printTable(): void {
  const head = ['op', 'seconds', 'pings', 'p50 ms', 'p99 ms', 'max ms', '>100'];
  const all = [head, ...rows];
  const w = head.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  console.log('');
  for (const r of all)
    console.log(r.map((c, i) => (i ? c.padStart(w[i]!) : c.padEnd(w[i]!))).join('  '));
}

const phoneOf = (i: number): string => `+86139${String(10_000_000 + i).slice(-8)}`;

/**
 * One finished batch job of `n` rows (95 % sent, 5 % failed) spread over the last 30 days: the
 * job the results export and `job.rows` page through, and the rows `history.list` lists.
 */
export function seedJob(dataDir: string, sdkAppId: string, n: number, now: number): number {
  const db = openDatabase(join(dataDir, DB_FILE));
  try {
    const start = now - 30 * 86_400_000;
    const step = Math.floor((30 * 86_400_000) / n);
    const jobId = Number(
      db
        .prepare(
          `INSERT INTO jobs (idempotency_key, kind, sdk_app_id, template_id, template_content,
             template_kind, sign_name, options, status, total, created_at, started_at,
             finished_at, updated_at)
           VALUES (?, 'batch', ?, ?, ?, ?, ?, ?, 'finished', ?, ?, ?, ?, ?)`,
        )
        .run(
          `probe-seed-${now}`,
          sdkAppId,
          TEMPLATE.templateId,
          TEMPLATE.templateContent,
          TEMPLATE.templateKind,
          TEMPLATE.signName,
          JSON.stringify({ marketing: false, heldPolicy: 'wait', concurrency: 4 }),
          n,
          start,
          start,
          now,
          now,
        ).lastInsertRowid,
    );
    const row = db.prepare(
      `INSERT INTO job_rows (job_id, row_no, phone, params, rendered, state, code, serial_no, fee,
         attempts, attempted_at, sent_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)`,
    );
    db.transaction(() => {
      for (let r = 1; r <= n; r++) {
        const at = start + r * step;
        const failed = r % 20 === 0;
        const code = String(100_000 + (r % 900_000));
        row.run(
          jobId,
          r,
          phoneOf(r),
          JSON.stringify([code, '5']),
          `【${TEMPLATE.signName}】您的验证码是${code}，5分钟内有效，如非本人操作请忽略本短信。`,
          failed ? 'failed' : 'sent',
          failed ? 'FailedOperation.PhoneNumberInBlacklist' : 'Ok',
          failed ? null : `S${jobId}-${r}`,
          failed ? 0 : 1,
          at,
          failed ? null : at,
          at,
        );
      }
    })();
    return jobId;
  } finally {
    db.close();
  }
}

/**
 * `n` numbers at their hourly limit (5 sends in the last hour, none in the last 30 s) with their
 * stored cooldown state, as the ledger keeps it after their sends.
 */
export function seedCooling(dataDir: string, sdkAppId: string, n: number, now: number): void {
  const db = openDatabase(join(dataDir, DB_FILE));
  try {
    const state = db.prepare(
      `INSERT INTO ledger_state (sdk_app_id, phone, allowed_at, reason, updated_at)
       VALUES (?, ?, ?, 'oneHour', ?)`,
    );
    const send = db.prepare(
      'INSERT INTO ledger_sends (sdk_app_id, phone, sent_at, content_key) VALUES (?, ?, ?, NULL)',
    );
    db.transaction(() => {
      for (let i = 0; i < n; i++) {
        const phone = `+86136${String(10_000_000 + i).slice(-8)}`;
        const first = now - 50 * 60_000 + (i % 600) * 1000;
        for (let k = 0; k < 5; k++) send.run(sdkAppId, phone, first + k * 60_000);
        state.run(sdkAppId, phone, first + 3_600_000, now);
      }
    })();
  } finally {
    db.close();
  }
}

/**
 * A clean list of `n` distinct numbers with the same two values (a notice to many: requests of
 * 200 numbers, as bench/outbox's shared case; a per-row batch of 100,000 takes minutes here).
 */
function batchFile(dir: string, n: number): string {
  const file = join(dir, `batch-${n}.csv`);
  const lines = ['手机号,验证码,分钟'];
  for (let i = 0; i < n; i++) {
    lines.push(`${phoneOf(2_000_000 + i).slice(3)},123456,5`);
  }
  writeFileSync(file, `${lines.join('\r\n')}\r\n`);
  return file;
}

/** `count` offsets spread evenly over `total` rows, the last page included. */
const spread = (total: number, limit: number, count = PAGES): number[] =>
  Array.from({ length: count }, (_, i) =>
    Math.max(0, Math.floor((i * (total - limit)) / (count - 1))),
  );

export async function run(
  opts: { quick?: boolean; only?: string[] } = {},
): Promise<Record<string, number>> {
  const big = opts.quick ? 100_000 : 1_000_000;
  const size = opts.quick ? '100k' : '1m';
  const batchRows = opts.quick ? 10_000 : 100_000;
  const cooling = opts.quick ? 10_000 : 100_000;
  const want = (op: string): boolean =>
    !opts.only || opts.only.some((o) => op === o || op.startsWith(`${o}.`));
  const out: Figures = {};
  rows.length = 0;
  const dir = mkdtempSync(join(tmpdir(), 'sms-desk-bench-responsive-'));
  const dataDir = join(dir, 'data');
  const emu = await startEmu(dir);
  let saved = 0;
  const core = await createCore({
    dataDir,
    version: '0.1.0-bench',
    env: { SMS_DESK_PRACTICE_EMULATOR: emu.line.endpoint },
    packaged: false,
    secretStore: sessionStore(),
    inbound: { autoStart: false },
    pickSavePath: () => Promise.resolve(join(dir, `export-${++saved}.csv`)),
  });
  try {
    await ok(core, 'templates.sync', undefined);
    console.log(['op', 'seconds', 'pings', 'p50', 'p99', 'max', '>100'].join('\t'));
    await measure(core, out, 'idle', () => new Promise((r) => setTimeout(r, IDLE_MS)));

    // The big imports first, while the process is small; only the UTF-8 one is kept.
    let importId: number | null = null;
    for (const enc of ENCODINGS) {
      const op = `import${size}.${enc}`;
      const needed = want(op) || (enc === 'utf8' && (want('importRows') || want('exportProblems')));
      if (!needed) continue;
      const file = benchFile(size, enc);
      const grant = core.grantFile(file).grant;
      let id = 0;
      await measure(core, out, op, async () => {
        id = (await ok<{ importId: number }>(core, 'import.open', { grant })).importId;
      });
      if (enc === 'utf8') importId = id;
      else await ok(core, 'import.delete', { importId: id });
    }
    if (importId !== null) {
      const total = (
        await ok<{ total: number }>(core, 'import.rows', {
          importId,
          filter: 'all',
          offset: 0,
          limit: 1,
        })
      ).total;
      if (want('importRows')) {
        await measure(core, out, 'importRows', async () => {
          for (const offset of spread(total, 500)) {
            await ok(core, 'import.rows', { importId, filter: 'all', offset, limit: 500 });
          }
        });
      }
      if (want('exportProblems')) {
        await measure(core, out, 'exportProblems', () =>
          ok(core, 'import.exportProblems', { importId }),
        );
      }
      await ok(core, 'import.delete', { importId });
    }

    const sdkAppId = emu.line.sdkAppId;
    const now = Date.now();
    if (['jobRows', 'exportResults', 'historyList', 'historyExport'].some(want)) {
      const s0 = performance.now();
      const jobId = seedJob(dataDir, sdkAppId, big, now);
      console.log(`(seeded ${big} job rows in ${((performance.now() - s0) / 1000).toFixed(1)} s)`);
      // The app rolls a job's statistics up as it ends; a seeded job is rolled up here, unmeasured,
      // or the next job's end would pay for it.
      await ok(core, 'usage.overview', {});
      if (want('jobRows')) {
        await measure(core, out, 'jobRows', async () => {
          for (const offset of spread(big, 500)) {
            await ok(core, 'job.rows', { jobId, offset, limit: 500 });
          }
        });
      }
      if (want('exportResults')) {
        await measure(core, out, 'exportResults', () => ok(core, 'batch.exportResults', { jobId }));
      }
      if (want('historyList')) {
        // The first pages, as the page opens, then ever deeper ones, as a user jumps.
        const offsets = [0, 50, 100, 1_000, 10_000, 100_000, big / 2, big - 50];
        await measure(core, out, 'historyList', async () => {
          for (const offset of offsets) {
            await ok(core, 'history.list', { filter: {}, offset, limit: 50 });
          }
        });
      }
      if (want('historyExport')) {
        await measure(core, out, 'historyExport', () => ok(core, 'history.export', { filter: {} }));
      }
    }

    // Before the batch: its 100,000 sends in the last 30 s would put every page on the slower
    // path that merges them in (reported apart, see the module note).
    if (want('cooldown')) {
      seedCooling(dataDir, sdkAppId, cooling, Date.now());
      await measure(core, out, 'cooldown', async () => {
        for (const offset of spread(cooling, 500, 10)) {
          await ok(core, 'cooldown.list', { offset, limit: 500 });
        }
      });
    }
    if (want('batch')) {
      const file = batchFile(dir, batchRows);
      const { importId: batchImport } = await ok<{ importId: number }>(core, 'import.open', {
        grant: core.grantFile(file).grant,
        options: { templateId: TEMPLATE.templateId },
      });
      const { job } = await ok<{ job: JobSummary }>(core, 'job.create', {
        idempotencyKey: `probe-batch-${now}`,
        kind: 'batch',
        ...TEMPLATE,
        options: { marketing: false, heldPolicy: 'wait', concurrency: 4 },
        importId: String(batchImport),
      });
      let finished: JobProgress | null = null;
      await measure(core, out, 'batch', async () => {
        const done = new Promise<JobProgress>((res) => {
          const off = core.onEvent((name, p) => {
            if (name === 'job.finished' && (p as JobProgress).jobId === job.id) {
              off();
              res(p as JobProgress);
            }
          });
        });
        await ok(core, 'job.start', { jobId: job.id });
        finished = await done;
        // The results page reads the rows next: that read folds the whole journal first.
        await ok(core, 'job.rows', { jobId: job.id, offset: 0, limit: 50 });
      });
      const counts = (finished as JobProgress | null)?.counts;
      if (counts?.sent !== batchRows) {
        throw new Error(`batch sent ${counts?.sent} of ${batchRows}: ${JSON.stringify(counts)}`);
      }
    }

    printTable();
  } finally {
    await core.close();
    emu.proc.kill('SIGTERM');
    await new Promise((r) => emu.proc.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  const i = argv.indexOf('--only');
  const only = i >= 0 ? argv[i + 1]?.split(',').filter(Boolean) : undefined;
  run({ quick: argv.includes('--quick'), ...(only ? { only } : {}) }).then(
    (r) => console.log(JSON.stringify(r, null, 2)),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
