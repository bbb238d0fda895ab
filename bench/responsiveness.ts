/**
 * Responsiveness: how long a window's call waits while heavy work runs. Each operation goes
 * through `core.call` (the same dispatch IPC uses) while a second caller — a thread of its own,
 * as the renderer is another process — sends a trivial call (`app.info`) back to back (1 ms
 * apart) and times each round trip. Every operation gets its own figures:
 *
 *   responsive.<op>.p50Ms / p99Ms / maxMs   waits of the pings during the operation
 *   responsive.<op>.over100                 pings that waited more than 100 ms
 *   responsive.<op>.seconds                 how long the operation itself took
 *
 * `idle` is the control: pings with nothing running. Operations: the 1M-row import in each
 * encoding (`import1m.<enc>`, the user path: `import.open` from call to summary), paging through
 * that import (`importRows`), its problems export (`exportProblems`), paging through a
 * 1,000,000-row job (`jobRows`) and exporting its results (`exportResults`), `history.list`
 * pages and `history.export` over those 1,000,000 rows, `cooldown.list` with 100,000 numbers
 * cooling down, and a 100,000-recipient batch against the emulator in its own process from
 * `job.start` to `job.finished` and the journal's fold after it (`batch100k`); the batch page's
 * making a job from the whole list (`createJob`), its pre-flight (`job.plan`, `usage.preflight`,
 * `job.get`), its start and resume (`pauseResume`: started, paused after a second, twice) and
 * its cancel (`cancelJob`), and 重试失败 on the seeded million-row job (`retryFailed`: 50,000
 * failed rows back to pending, the job running again).
 *
 *   npm run bench -- responsiveness
 *   npx tsx bench/responsiveness.ts [--quick] [--only idle,batch100k]
 *
 * `--quick` uses 100,000 rows instead of 1,000,000 (and a 20,000-recipient batch).
 *
 * To find what a slow wait was, run under `node --cpu-prof` with SMS_DESK_PROBE_SLOW_LOG=<file>:
 * each operation appends a JSON list of its waits over 60 ms as [end in µs of the monotonic
 * clock, ms], the clock the profile's sample times use.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg as osLoad, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { MessageChannel, Worker } from 'node:worker_threads';
import { createCore, type Core } from '../src/main/core';
import { defaultProfile, parseProfile } from '../src/main/core/emulator';
import { openConnection } from '../src/main/core/store/db';
import { benchFile } from './import';

const ROOT = resolve(__dirname, '..');
const argv = process.argv.slice(2);
const QUICK = argv.includes('--quick');
const ONLY = (() => {
  const i = argv.indexOf('--only');
  return i >= 0 ? new Set((argv[i + 1] ?? '').split(',')) : null;
})();
const SIZE = QUICK ? ('100k' as const) : ('1m' as const);
const ROWS = QUICK ? 100_000 : 1_000_000;
const BATCH = QUICK ? 20_000 : 100_000;
const COOLING = 100_000;
const ENCODINGS = ['utf8bom', 'gbk', 'utf16le', 'utf8'] as const;
const TEMPLATE = {
  templateId: '2001001',
  templateContent: '您的验证码是{1}，{2}分钟内有效，如非本人操作请忽略本短信。',
  templateKind: 'verification' as const,
  signName: 'SMS Desk练习',
};

type Figures = Record<string, number>;

/**
 * The second caller, in a thread of its own: a round trip is what a renderer's call waits,
 * whatever the main thread is doing when it arrives.
 */
const PINGER = `
const { parentPort, workerData } = require('node:worker_threads');
const port = workerData.port;
let running = true;
const waits = [];
const slow = [];
parentPort.on('message', (m) => { if (m === 'stop') running = false; });
(async () => {
  while (running) {
    const t0 = performance.now();
    const answered = new Promise((r) => port.once('message', r));
    port.postMessage(0);
    await answered;
    const w = performance.now() - t0;
    waits.push(w);
    if (w > 60) slow.push([Number(process.hrtime.bigint() / 1000n), w]);
    await new Promise((r) => setTimeout(r, 1));
  }
  if (process.env.SMS_DESK_PROBE_SLOW_LOG) require('node:fs').appendFileSync(process.env.SMS_DESK_PROBE_SLOW_LOG, JSON.stringify(slow) + String.fromCharCode(10));
  parentPort.postMessage(waits);
  port.close();
})();
`;

class Pinger {
  private readonly worker: Worker;
  constructor(core: Core) {
    const { port1, port2 } = new MessageChannel();
    port1.on('message', () => {
      void core.call('app.info', undefined).then(() => port1.postMessage(0));
    });
    this.worker = new Worker(PINGER, {
      eval: true,
      workerData: { port: port2 },
      transferList: [port2],
    });
    this.port = port1;
  }
  private readonly port: MessageChannel['port1'];

  async stop(): Promise<number[]> {
    const waits = new Promise<number[]>((r) => this.worker.once('message', r));
    this.worker.postMessage('stop');
    const out = await waits;
    await this.worker.terminate();
    this.port.close();
    return out;
  }
}

const round = (n: number, d = 1): number => Math.round(n * 10 ** d) / 10 ** d;
const pct = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

async function measure(
  core: Core,
  out: Figures,
  op: string,
  work: () => Promise<unknown>,
): Promise<void> {
  if (ONLY && !ONLY.has(op) && !ONLY.has(op.split('.')[0]!)) return;
  // Settle: let the last operation's background work (checkpoints, folds) finish first.
  await new Promise((r) => setTimeout(r, 1500));
  const pinger = new Pinger(core);
  await new Promise((r) => setTimeout(r, 50));
  const t0 = performance.now();
  await work();
  const seconds = (performance.now() - t0) / 1000;
  const waits = (await pinger.stop()).sort((a, b) => a - b);
  const k = `responsive.${op}`;
  out[`${k}.p50Ms`] = round(pct(waits, 0.5));
  out[`${k}.p99Ms`] = round(pct(waits, 0.99));
  out[`${k}.maxMs`] = round(waits.at(-1) ?? 0);
  out[`${k}.over100`] = waits.filter((w) => w > 100).length;
  out[`${k}.seconds`] = round(seconds, 2);
  console.log(
    `${op.padEnd(22)} ${seconds.toFixed(2).padStart(7)} s  pings ${String(waits.length).padStart(6)}` +
      `  p50 ${out[`${k}.p50Ms`]}  p99 ${out[`${k}.p99Ms`]}  max ${out[`${k}.maxMs`]}` +
      `  >100ms ${out[`${k}.over100`]}  (load ${loadavg()})`,
  );
}

const loadavg = (): string =>
  osLoad()
    .map((x) => x.toFixed(1))
    .join(' ');

async function ok<T>(core: Core, name: string, input: unknown): Promise<T> {
  const r = await core.call(name, input);
  if (!r.ok) throw new Error(`${name} failed: ${JSON.stringify(r.error)}`);
  return r.value as T;
}

/** A renderer's next call arrives as a message of its own: other messages may come first. */
const nextMessage = (): Promise<void> => new Promise((r) => setImmediate(r));

/** `n` spread offsets over `total` rows. */
const spread = (total: number, n: number, page: number): number[] =>
  Array.from({ length: n }, (_v, i) => Math.floor(((total - page) * i) / (n - 1)));

interface Emu {
  endpoint: string;
  proc: ChildProcess;
}

/** The emulator in its own process, so its work is not counted on the core's thread. */
async function startEmulator(dir: string): Promise<Emu> {
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
    ['--import', 'tsx', join(ROOT, 'src/main/core/emulator/cli.ts'), '--port', '0'].concat([
      '--profile',
      profileFile,
    ]),
    { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const line = await new Promise<string>((res, rej) => {
    createInterface({ input: proc.stdout! }).once('line', res);
    proc.once('exit', (c) => rej(new Error(`emulator exited ${c}`)));
  });
  return { ...(JSON.parse(line) as { endpoint: string }), proc };
}

/** A finished job of `rows` sent rows, straight into the tables (no SMS for a million rows). */
function seedJob(file: string, sdkAppId: string, rows: number): number {
  const db = openConnection(file);
  try {
    const now = Date.now();
    const start = now - 3 * 86_400_000;
    const jobId = Number(
      db
        .prepare(
          `INSERT INTO jobs (idempotency_key, kind, sdk_app_id, template_id, template_content,
             template_kind, sign_name, options, status, total, created_at, started_at,
             finished_at, updated_at)
           VALUES ('responsiveness-seed', 'batch', ?, ?, ?, 'verification', ?, '{}', 'finished',
             ?, ?, ?, ?, ?)`,
        )
        .run(
          sdkAppId,
          TEMPLATE.templateId,
          TEMPLATE.templateContent,
          TEMPLATE.signName,
          rows,
          start,
          start,
          start + rows * 10,
          start + rows * 10,
        ).lastInsertRowid,
    );
    const row = db.prepare(
      `INSERT INTO job_rows (job_id, row_no, phone, params, rendered, state, code, serial_no, fee,
         attempts, attempted_at, sent_at, updated_at, retry_safe)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, 1, ?, ?, ?, ?)`,
    );
    db.transaction(() => {
      for (let r = 1; r <= rows; r++) {
        const at = start + r * 10;
        const code = String(100000 + (r % 900000));
        const failed = r % 20 === 0;
        row.run(
          jobId,
          r + 1,
          `+86135${String(r).padStart(8, '0')}`,
          JSON.stringify([code, '5']),
          `【${TEMPLATE.signName}】您的验证码是${code}，5分钟内有效，如非本人操作请忽略本短信。`,
          failed ? 'failed' : 'sent',
          failed ? 'LimitExceeded.PhoneNumberDailyLimit' : 'Ok',
          failed ? null : `2019:${jobId}-${r}`,
          at,
          at,
          at,
          // A daily limit stops a number before Tencent sends: safe to send again.
          failed ? 1 : 0,
        );
      }
    })();
    return jobId;
  } finally {
    db.close();
  }
}

/** `n` numbers that each had 5 sends in the last 50 minutes: all held by the hourly limit. */
function seedCooling(file: string, sdkAppId: string, n: number): void {
  const db = openConnection(file);
  try {
    const now = Date.now();
    const send = db.prepare(
      'INSERT INTO ledger_sends (sdk_app_id, phone, sent_at, content_key) VALUES (?, ?, ?, ?)',
    );
    // What the ledger stores after each send: the number's state, held until the hour is over.
    const state = db.prepare(
      `INSERT OR REPLACE INTO ledger_state (sdk_app_id, phone, allowed_at, reason, updated_at)
       VALUES (?, ?, ?, 'oneHour', ?)`,
    );
    db.transaction(() => {
      for (let i = 0; i < n; i++) {
        const phone = `+86137${String(i).padStart(8, '0')}`;
        const first = now - 50 * 60_000;
        for (let k = 0; k < 5; k++) send.run(sdkAppId, phone, first + k * 10 * 60_000, 'x');
        state.run(sdkAppId, phone, first + 3_600_000, now);
      }
    })();
  } finally {
    db.close();
  }
}

export async function run(): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), 'sms-desk-responsive-'));
  const saves = mkdtempSync(join(tmpdir(), 'sms-desk-responsive-saves-'));
  const emu = await startEmulator(dir);
  const out: Figures = {};
  let core: Core | null = null;
  try {
    const dataDir = join(dir, 'data');
    let saveNo = 0;
    const env: Record<string, string> = { SMS_DESK_PRACTICE_EMULATOR: emu.endpoint };
    core = await createCore({
      dataDir,
      env,
      pickSavePath: async (name) => join(saves, `${++saveNo}-${name}`),
    });
    const c = core;
    const dbFile = join(dataDir, 'sms-desk.db');
    const sdkAppId = (await c.context.gateways.current()).sdkAppId;
    await ok(c, 'templates.sync', undefined);

    await measure(c, out, 'idle', () => new Promise((r) => setTimeout(r, 3000)));

    let importId = 0;
    for (const enc of ENCODINGS) {
      const file = benchFile(SIZE, enc);
      await measure(c, out, `import1m.${enc}`, async () => {
        const r = await ok<{ importId: number; summary: { total: number } }>(c, 'import.open', {
          grant: c.grantFile(file).grant,
        });
        if (r.summary.total !== ROWS) throw new Error(`import of ${enc}: ${r.summary.total} rows`);
        importId = r.importId;
      });
      if (enc !== 'utf8' && importId) await ok(c, 'import.delete', { importId });
    }
    if (!importId) {
      importId = (
        await ok<{ importId: number }>(c, 'import.open', {
          grant: c.grantFile(benchFile(SIZE, 'utf8')).grant,
        })
      ).importId;
    }
    await measure(c, out, 'importRows', async () => {
      for (const offset of spread(ROWS, 50, 1000)) {
        await ok(c, 'import.rows', { importId, filter: 'all', offset, limit: 1000 });
        await nextMessage();
      }
      const problems = await ok<{ total: number }>(c, 'import.rows', {
        importId,
        filter: 'problems',
        offset: 0,
        limit: 1,
      });
      for (const offset of spread(problems.total, 10, 500)) {
        await nextMessage();
        await ok(c, 'import.rows', { importId, filter: 'problems', offset, limit: 500 });
      }
    });
    await measure(c, out, 'exportProblems', () => ok(c, 'import.exportProblems', { importId }));

    // A job made from the whole list (its rows written in a worker), then what the batch page
    // asks before the user confirms: the plan (requests, held numbers, re-sends) and the cost.
    const jobOps = ['createJob', 'preflight', 'pauseResume', 'cancelJob'];
    if (!ONLY || jobOps.some((op) => ONLY.has(op))) {
      let big = { id: 0 };
      const create = async () => {
        big = (
          await ok<{ job: { id: number } }>(c, 'job.create', {
            idempotencyKey: `responsiveness-preflight-${Date.now()}`,
            kind: 'batch',
            ...TEMPLATE,
            options: { marketing: false, heldPolicy: 'wait', concurrency: 4 },
            importId: String(importId),
          })
        ).job;
      };
      await measure(c, out, 'createJob', create);
      if (big.id === 0) await create();
      await measure(c, out, 'preflight', async () => {
        await Promise.all([
          ok(c, 'job.plan', { jobId: big.id }),
          ok(c, 'usage.preflight', { jobId: big.id }),
          ok(c, 'job.get', { jobId: big.id }),
        ]);
      });
      // The user sends it, pauses, and sends on: the start and the resume of a million-row job.
      await measure(c, out, 'pauseResume', async () => {
        for (let i = 0; i < 2; i++) {
          await ok(c, 'job.start', { jobId: big.id });
          await new Promise((r) => setTimeout(r, 1000));
          await ok(c, 'job.pause', { jobId: big.id });
        }
      });
      // The user changes their mind: every row left is cancelled.
      await measure(c, out, 'cancelJob', () => ok(c, 'job.cancel', { jobId: big.id }));
      // Gone again (not measured), so the later operations see the tables they always did.
      const db = openConnection(dbFile);
      db.transaction(() => {
        db.prepare('DELETE FROM job_rows WHERE job_id = ?').run(big.id);
        db.prepare('DELETE FROM jobs WHERE id = ?').run(big.id);
      })();
      db.close();
    }

    const jobId = seedJob(dbFile, sdkAppId, ROWS);
    // The app rolls a job's statistics up as it ends; the seeded job is rolled up here, not
    // measured, or the batch's end would pay for it.
    await ok(c, 'usage.overview', {});
    await measure(c, out, 'jobRows', async () => {
      for (const offset of spread(ROWS, 50, 1000)) {
        await ok(c, 'job.rows', { jobId, offset, limit: 1000 });
        await nextMessage();
      }
      await ok(c, 'job.rows', { jobId, states: ['failed'], offset: 0, limit: 1000 });
    });
    await measure(c, out, 'exportResults', () => ok(c, 'batch.exportResults', { jobId }));
    await measure(c, out, 'historyList', async () => {
      for (const offset of spread(ROWS, 20, 500)) {
        await ok(c, 'history.list', { filter: {}, offset, limit: 500 });
        await nextMessage();
      }
      await ok(c, 'history.list', { filter: { phone: '13500012345' }, offset: 0, limit: 50 });
    });
    await measure(c, out, 'historyExport', () => ok(c, 'history.export', {}));

    seedCooling(dbFile, sdkAppId, COOLING);
    await measure(c, out, 'cooldownList', async () => {
      for (const offset of spread(COOLING, 20, 500)) {
        await ok(c, 'cooldown.list', { offset, limit: 500 });
        await nextMessage();
      }
    });

    // A batch: its own list of distinct numbers, imported (not measured), then sent.
    const list = join(dir, 'batch.csv');
    const lines = ['手机号,验证码,分钟'];
    // One notice to many (the same values): requests of 200 numbers. A per-row batch of 100,000
    // takes minutes here, and would measure the network, not the loop.
    for (let i = 0; i < BATCH; i++) lines.push(`139${String(i).padStart(8, '0')},123456,5`);
    writeFileSync(list, lines.join('\r\n'));
    const batchImport = await ok<{ importId: number }>(c, 'import.open', {
      grant: c.grantFile(list).grant,
      options: { templateId: TEMPLATE.templateId },
    });
    const { job } = await ok<{ job: { id: number } }>(c, 'job.create', {
      idempotencyKey: `responsiveness-batch-${Date.now()}`,
      kind: 'batch',
      ...TEMPLATE,
      options: { marketing: false, heldPolicy: 'wait', concurrency: 4 },
      importId: String(batchImport.importId),
    });
    await measure(c, out, 'batch100k', async () => {
      const finished = new Promise<{ counts: { sent: number } }>((res) => {
        const off = c.onEvent((name, p) => {
          const pr = p as { jobId: number; counts: { sent: number } };
          if (name === 'job.finished' && pr.jobId === job.id) {
            off();
            res(pr);
          }
        });
      });
      await ok(c, 'job.start', { jobId: job.id });
      const end = await finished;
      if (end.counts.sent < BATCH * 0.99)
        throw new Error(`batch sent ${end.counts.sent} of ${BATCH}: ${JSON.stringify(end.counts)}`);
      await nextMessage();
      // What the job's screen asks as it finishes (useJob's reload), then the journal's fold
      // into rows and the ledger follows; a read folds whatever is left.
      await ok(c, 'job.get', { jobId: job.id });
      await ok(c, 'history.list', { filter: {}, offset: 0, limit: 1 });
    });

    // 重试失败 on the million-row job: its 50,000 failed rows back to pending, and it runs again.
    await measure(c, out, 'retryFailed', async () => {
      const { affected } = await ok<{ affected: number }>(c, 'job.retry', { jobId });
      if (affected !== ROWS / 20) throw new Error(`retry moved ${affected} rows`);
      await ok(c, 'job.get', { jobId });
    });
    // Stopped again (not measured): the sends would go on to the end of the probe.
    await ok(c, 'job.cancel', { jobId });
    return out;
  } finally {
    await core?.close();
    emu.proc.kill();
    rmSync(dir, { recursive: true, force: true });
    rmSync(saves, { recursive: true, force: true });
  }
}

if (require.main === module) {
  run().then(
    (r) => console.log(JSON.stringify(r, null, 2)),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
