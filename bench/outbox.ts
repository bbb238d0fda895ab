/**
 * Outbox figures: 100,000 recipients against the emulator (its own process, no added latency),
 * once with shared params (≈500 requests of 200 numbers) and once with per-row params (100,000
 * requests), through the engine (durable journal: each request's record synced to disk before it
 * leaves; ledger; events) and through a bare SDK loop with the same concurrency and the same
 * keep-alive agent (the baseline; the engine journals one round of requests ahead, but it too
 * has at most CONCURRENCY at the emulator at once). Each trial runs the baseline and then the
 * engine back to back, after one unmeasured warm-up of each (a cold emulator made the first
 * trial look better). `ratio` is the median of
 * the trials' own engine/baseline ratios: the build machine's speed drifts by ±30 % from one
 * second to the next, and a pair measured together shares the same conditions.
 * `ratioOfMedians` (median engine rate / median baseline rate) is reported too.
 *
 * The engine's figure runs until `job.finished`: every result is durable in the send journal by
 * then. Folding the journal into the rows and the ledger table happens in the event loop's
 * spare time after that; its time is reported too (`foldSeconds`, `ratioIncludingFold`).
 *
 *   npx tsx bench/outbox.ts [--rows N] [--only shared|perRow] [--trials N]
 *
 * Trials: 11 shared (a trial's ratio ranges over ±0.15 here; 5 left the median ±0.05), 1 per-row
 * (a per-row trial takes minutes, and its ratio varies less) unless `--trials` says.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { sms } from 'tencentcloud-sdk-nodejs-sms';
import type { JobProgress } from '../src/shared/api/outbox';
import { DEFAULT_FREQUENCY_RULES } from '../src/shared/domain';
import { systemClock } from '../src/main/core/kernel/clock';
import { defaultProfile, parseProfile } from '../src/main/core/emulator';
import { EventBus } from '../src/main/core/kernel/events';
import { TencentGateway } from '../src/main/core/gateway/tencent-gateway';
import { silentLogger } from '../src/main/core/kernel/log';
import { OutboxService } from '../src/main/core/outbox';
import { openDatabase } from '../src/main/core/store/db';

const ROOT = resolve(__dirname, '..');
const CONCURRENCY = 4;
const TEMPLATE_ID = '2001001';
const CONTENT = '您的验证码是{1}，{2}分钟内有效，如非本人操作请忽略本短信。';
const SIGN = 'SMS Desk练习';

interface Emu {
  endpoint: string;
  secretId: string;
  secretKey: string;
  sdkAppId: string;
  region: string;
  proc: ChildProcess;
}

const phone = (i: number): string => `+86139${String(10_000_000 + i).slice(-8)}`;

async function startEmu(dir: string): Promise<Emu> {
  const profileFile = join(dir, 'profile.json');
  writeFileSync(
    profileFile,
    JSON.stringify(
      parseProfile({
        ...defaultProfile,
        packages: defaultProfile.packages.map((p) => ({ ...p, amount: 1_000_000_000 })),
        receiptDelayMs: 1_000,
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
  return { ...(JSON.parse(line) as Omit<Emu, 'proc'>), proc };
}

async function resetEmu(emu: Emu): Promise<void> {
  await fetch(`${emu.endpoint}/__emulator/reset`, { method: 'POST' });
}

interface Load {
  name: 'shared' | 'perRow';
  rows: { rowNo: number; phone: string; params: string[] }[];
}

function loads(n: number): Load[] {
  const phones = Array.from({ length: n }, (_, i) => phone(i));
  return [
    {
      name: 'shared',
      rows: phones.map((p, i) => ({ rowNo: i + 1, phone: p, params: ['123456', '5'] })),
    },
    {
      name: 'perRow',
      rows: phones.map((p, i) => ({
        rowNo: i + 1,
        phone: p,
        params: [String(100_000 + (i % 900_000)), '5'],
      })),
    },
  ];
}

/** The same requests the engine makes, straight through the SDK: no journal, no ledger. */
async function baseline(emu: Emu, load: Load): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8, maxFreeSockets: 8 });
  const client = new sms.v20210111.Client({
    credential: { secretId: emu.secretId, secretKey: emu.secretKey },
    region: emu.region,
    profile: {
      httpProfile: {
        endpoint: emu.endpoint.replace(/^http:\/\//, ''),
        protocol: 'http://',
        agent,
      },
    },
  });
  const requests: { phones: string[]; params: string[] }[] = [];
  if (load.name === 'shared') {
    for (let i = 0; i < load.rows.length; i += 200) {
      requests.push({
        phones: load.rows.slice(i, i + 200).map((r) => r.phone),
        params: load.rows[i]!.params,
      });
    }
  } else {
    for (const r of load.rows) requests.push({ phones: [r.phone], params: r.params });
  }
  let next = 0;
  let ok = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < requests.length) {
        const req = requests[next++]!;
        const res = await client.SendSms({
          PhoneNumberSet: req.phones,
          SmsSdkAppId: emu.sdkAppId,
          TemplateId: TEMPLATE_ID,
          SignName: SIGN,
          TemplateParamSet: req.params,
          SessionContext: `b:${next}`,
        });
        ok += (res.SendStatusSet ?? []).filter((s) => s.Code === 'Ok').length;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  agent.destroy();
  if (ok !== load.rows.length) throw new Error(`baseline sent ${ok} of ${load.rows.length}`);
  return load.rows.length / seconds;
}

async function engine(
  emu: Emu,
  load: Load,
  dir: string,
): Promise<{ perSec: number; createSeconds: number; foldSeconds: number; seconds: number }> {
  const dataDir = mkdtempSync(join(dir, `engine-${load.name}-`));
  const db = openDatabase(join(dataDir, 'sms-desk.db'));
  const gateway = new TencentGateway({
    secretId: emu.secretId,
    secretKey: emu.secretKey,
    sdkAppId: emu.sdkAppId,
    region: emu.region,
    endpoint: emu.endpoint,
  });
  const bus = new EventBus();
  const outbox = new OutboxService({
    db,
    clock: systemClock,
    events: bus,
    logger: silentLogger,
    gateway: () => gateway,
    rules: () => DEFAULT_FREQUENCY_RULES,
  });
  try {
    const c0 = performance.now();
    const { job } = await outbox.create({
      idempotencyKey: `bench-${load.name}-${Date.now()}`,
      kind: 'batch',
      templateId: TEMPLATE_ID,
      templateContent: CONTENT,
      templateKind: 'verification',
      signName: SIGN,
      options: { marketing: false, heldPolicy: 'wait', concurrency: CONCURRENCY },
      rows: load.rows,
    });
    const createSeconds = (performance.now() - c0) / 1000;
    const done = new Promise<JobProgress>((res) =>
      bus.on((name, p) => {
        if (name === 'job.finished' && (p as JobProgress).jobId === job.id) res(p as JobProgress);
      }),
    );
    const t0 = performance.now();
    await outbox.start(job.id);
    const end = await done;
    const seconds = (performance.now() - t0) / 1000;
    if (end.counts.sent !== load.rows.length) {
      throw new Error(
        `engine sent ${end.counts.sent} of ${load.rows.length}: ${JSON.stringify(end.counts)}`,
      );
    }
    const f0 = performance.now();
    outbox.reads.foldJournal();
    const foldSeconds = (performance.now() - f0) / 1000;
    return { perSec: load.rows.length / seconds, createSeconds, foldSeconds, seconds };
  } finally {
    await outbox.close();
    gateway.close();
    db.close();
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export async function run(
  opts: { rows?: number; only?: Load['name']; trials?: number } = {},
): Promise<Record<string, number>> {
  const n = opts.rows ?? 100_000;
  // A per-row trial takes minutes (100,000 requests each way); shared ones take seconds.
  const trialsOf = (load: Load['name']): number =>
    Math.max(1, opts.trials ?? (load === 'shared' ? 11 : 1));
  const dir = mkdtempSync(join(tmpdir(), 'sms-desk-bench-outbox-'));
  const emu = await startEmu(dir);
  const out: Record<string, number> = {};
  try {
    for (const load of loads(n).filter((l) => !opts.only || l.name === opts.only)) {
      // Warm-up, not measured: a cold emulator and a cold engine would bias the first trial.
      const warm: Load = { name: load.name, rows: load.rows.slice(0, Math.ceil(n / 5)) };
      await resetEmu(emu);
      await baseline(emu, warm);
      await resetEmu(emu);
      await engine(emu, warm, dir);
      const bases: number[] = [];
      const engs: Awaited<ReturnType<typeof engine>>[] = [];
      const trials = trialsOf(load.name);
      for (let t = 0; t < trials; t++) {
        await resetEmu(emu);
        bases.push(await baseline(emu, load));
        await resetEmu(emu);
        engs.push(await engine(emu, load, dir));
      }
      const base = median(bases);
      const perSec = median(engs.map((e) => e.perSec));
      const fold = median(engs.map((e) => e.foldSeconds));
      const paired = engs.map((e, i) => e.perSec / bases[i]!);
      const ratio = median(paired);
      const withFold = median(engs.map((e, i) => n / (e.seconds + e.foldSeconds) / bases[i]!));
      const r3 = (x: number): number => Math.round(x * 1000) / 1000;
      const k = `outbox.${load.name}`;
      out[`${k}.recipientsPerSec`] = Math.round(perSec);
      out[`${k}.baselinePerSec`] = Math.round(base);
      out[`${k}.ratio`] = r3(ratio);
      out[`${k}.ratioOfMedians`] = r3(perSec / base);
      out[`${k}.createSeconds`] = r3(median(engs.map((e) => e.createSeconds)));
      out[`${k}.foldSeconds`] = r3(fold);
      out[`${k}.ratioIncludingFold`] = r3(withFold);
      console.log(
        `${k}: ${n} recipients, median of ${trials} — engine ${Math.round(perSec)}/s, ` +
          `bare SDK ${Math.round(base)}/s; ratio ${ratio.toFixed(2)} (trials ` +
          `${paired.map((r) => r.toFixed(2)).join(' ')}; ratio of medians ` +
          `${(perSec / base).toFixed(2)}); journal fold afterwards ${fold.toFixed(2)} s ` +
          `(ratio with it ${withFold.toFixed(2)})`,
      );
    }
  } finally {
    emu.proc.kill('SIGTERM');
    await new Promise((r) => emu.proc.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

if (require.main === module) {
  const arg = (name: string): string | undefined => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const rows = arg('--rows');
  const only = arg('--only') as Load['name'] | undefined;
  const trials = arg('--trials');
  run({
    ...(rows ? { rows: Number(rows) } : {}),
    ...(only ? { only } : {}),
    ...(trials ? { trials: Number(trials) } : {}),
  }).then(
    (r) => console.log(JSON.stringify(r, null, 2)),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
