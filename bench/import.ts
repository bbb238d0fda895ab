/**
 * Import figures: 100,000 and 1,000,000 rows (phone, name, code, amount; CRLF; quoted amounts;
 * 2 % invalid phones in Excel's many shapes; 5 % exact duplicates) in UTF-8, UTF-8 with BOM,
 * GBK and UTF-16LE. Each case runs in its own child process so its peak RSS is its own.
 *
 * `openSeconds` is what a user waits: `import.open` through the core's dispatch (a core on a
 * temporary data folder), from the call to the returned summary. The other figures are its
 * stages: `validatedSeconds` reading, parsing and validating, `savedSeconds` the imports service
 * with saving, `papaparseSeconds` a bare decode + parse baseline.
 *
 *   npx tsx bench/import.ts            all cases, prints and returns the figures
 *   npx tsx bench/import.ts --case 1m gbk saved   one case (used by the parent)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import Papa from 'papaparse';
import { encodeAs, type FileEncoding } from '../test/support/fixtures/encode';

const ROOT = resolve(__dirname, '..');
const DATA = join(__dirname, '.data');
const SIZES = { '100k': 100_000, '1m': 1_000_000 } as const;
type Size = keyof typeof SIZES;
const ENCODINGS: FileEncoding[] = ['utf8', 'utf8bom', 'gbk', 'utf16le'];
type Mode = 'validated' | 'saved' | 'papaparse' | 'open';

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN =
  '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华飞玉兰萍红鹏建华梅琳宇浩然子涵欣怡梓轩一诺思远佳琪雨泽';
const BAD_PHONES = [
  '1.38123E+10',
  '12345',
  '010-62345678',
  '',
  '138abc45678',
  '2381234567',
  '1381234567890',
  '+1 202 555',
];

/** The text of a bench file: deterministic, so every encoding holds the same rows. */
export function benchText(rows: number, tab: boolean): string {
  const rnd = mulberry32(20261127);
  const sep = tab ? '\t' : ',';
  const out: string[] = [['手机号', '姓名', '验证码', '金额'].join(sep)];
  const kept: string[] = [];
  for (let i = 0; i < rows; i++) {
    const r = rnd();
    if (r < 0.05 && kept.length > 0) {
      out.push(kept[Math.floor(rnd() * kept.length)]!);
      continue;
    }
    let phone: string;
    if (r < 0.07) phone = BAD_PHONES[i % BAD_PHONES.length]!;
    else {
      const n = String(13000000000 + ((i * 7919 + 104729) % 6999999999));
      const shape = i % 10;
      phone =
        shape === 1
          ? `+86 ${n.slice(0, 3)}-${n.slice(3, 7)}-${n.slice(7)}`
          : shape === 2
            ? `${n}.0`
            : n;
    }
    const name =
      SURNAMES[Math.floor(rnd() * SURNAMES.length)]! +
      GIVEN[Math.floor(rnd() * GIVEN.length)]! +
      (rnd() < 0.5 ? GIVEN[Math.floor(rnd() * GIVEN.length)]! : '');
    const code = String(100000 + Math.floor(rnd() * 900000));
    const amount = `"${Math.floor(rnd() * 99)},${String(Math.floor(rnd() * 1000)).padStart(3, '0')}.${String(Math.floor(rnd() * 100)).padStart(2, '0')}"`;
    const line = [phone, name, code, amount].join(sep);
    out.push(line);
    if (i % 20 === 0) kept.push(line);
  }
  return out.join('\r\n') + '\r\n';
}

export function benchFile(size: Size, enc: FileEncoding): string {
  const file = join(DATA, `import-${size}-${enc}.${enc === 'utf16le' ? 'txt' : 'csv'}`);
  if (!existsSync(file)) {
    mkdirSync(DATA, { recursive: true });
    writeFileSync(file, encodeAs(benchText(SIZES[size], enc === 'utf16le'), enc));
  }
  return file;
}

async function runCase(size: Size, enc: FileEncoding, mode: Mode): Promise<Record<string, number>> {
  const file = benchFile(size, enc);
  // Load the code before the clock starts: module loading is not import time.
  const { planImport, runImport, usableMapping } =
    await import('../src/main/core/imports/pipeline');
  const { openDatabase } = await import('../src/main/core/store/db');
  const { ImportsService } = await import('../src/main/core/imports/service');
  const { EventBus } = await import('../src/main/core/kernel/events');
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const cpu = () => {
    const c = process.cpuUsage(c0);
    return (c.user + c.system) / 1e6;
  };
  let rows = 0;
  if (mode === 'papaparse') {
    // Baseline: our own decode, then papaparse streaming over strings, nothing else.
    const buf = await readFile(file);
    const label = enc === 'gbk' ? 'gb18030' : enc === 'utf16le' ? 'utf-16le' : 'utf-8';
    const dec = new TextDecoder(label);
    async function* slices(): AsyncGenerator<string> {
      for (let p = 0; p < buf.length; p += 1 << 20)
        yield dec.decode(buf.subarray(p, p + (1 << 20)), { stream: true });
      yield dec.decode();
    }
    await new Promise<void>((ok) => {
      Papa.parse<string[]>(Readable.from(slices()) as unknown as File, {
        skipEmptyLines: true,
        chunk: (r) => {
          rows += r.data.length;
        },
        complete: () => ok(),
      });
    });
  } else if (mode === 'open') {
    // The user path: `import.open` through the core's dispatch, as IPC calls it, from the call
    // to the returned summary (the stages below are its breakdown).
    const { createCore } = await import('../src/main/core');
    const { createSessionStore } = await import('../src/main/core/keychain');
    const dir = mkdtempSync(join(tmpdir(), 'sms-bench-'));
    const core = await createCore({
      dataDir: dir,
      version: '0.1.0-bench',
      packaged: false,
      secretStore: {
        ...createSessionStore(),
        kind: 'keychain',
        probe: () => Promise.resolve({ available: true }),
      },
      inbound: { autoStart: false },
    });
    try {
      const grant = core.grantFile(file).grant;
      const t1 = performance.now();
      const c1 = process.cpuUsage();
      const r = await core.call('import.open', { grant });
      const seconds = (performance.now() - t1) / 1000;
      const c = process.cpuUsage(c1);
      if (!r.ok) throw new Error(`import.open failed: ${JSON.stringify(r.error)}`);
      rows = (r.value as { summary: { total: number } }).summary.total;
      return {
        seconds,
        cpuSeconds: (c.user + c.system) / 1e6,
        rows,
        peakRssMB: process.resourceUsage().maxRSS / 1024,
      };
    } finally {
      await core.close();
      rmSync(dir, { recursive: true, force: true });
    }
  } else if (mode === 'validated') {
    const plan = await planImport(file, {}, null, null);
    const r = await runImport(
      plan,
      usableMapping(plan),
      false,
      () => {},
      () => {},
    );
    rows = r.counts.total;
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'sms-bench-'));
    try {
      const db = openDatabase(join(dir, 'sms-desk.db'));
      const service = new ImportsService({
        db,
        clock: { now: () => Date.now() },
        events: new EventBus(),
      });
      const t1 = performance.now();
      const { summary } = await service.open(file, {});
      rows = summary.total;
      db.close();
      return {
        seconds: (performance.now() - t1) / 1000,
        cpuSeconds: cpu(),
        rows,
        peakRssMB: process.resourceUsage().maxRSS / 1024,
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return {
    seconds: (performance.now() - t0) / 1000,
    cpuSeconds: cpu(),
    rows,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
  };
}

function child(size: Size, enc: FileEncoding, mode: Mode): Record<string, number> {
  const r = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), __filename, '--case', size, enc, mode],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  const line = r.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as Record<string, number>;
  } catch {
    throw new Error(`bench case ${size} ${enc} ${mode} failed: ${r.stderr.slice(0, 2000)}`);
  }
}

/** Runs a case REPEATS times (each in a fresh process): medians for time, the maximum for memory. */
const REPEATS = 3;
function repeated(size: Size, enc: FileEncoding, mode: Mode): Record<string, number> {
  const runs = Array.from({ length: REPEATS }, () => child(size, enc, mode));
  const median = (k: string) => runs.map((r) => r[k]!).sort((a, b) => a - b)[REPEATS >> 1]!;
  return {
    seconds: median('seconds'),
    cpuSeconds: median('cpuSeconds'),
    rows: runs[0]!.rows!,
    peakRssMB: Math.max(...runs.map((r) => r.peakRssMB!)),
  };
}

export async function run(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const size of Object.keys(SIZES) as Size[]) {
    for (const enc of ENCODINGS) {
      benchFile(size, enc);
      const v = repeated(size, enc, 'validated');
      const s = repeated(size, enc, 'saved');
      const p = repeated(size, enc, 'papaparse');
      const o = repeated(size, enc, 'open');
      const k = `import.${size}.${enc}`;
      out[`${k}.openSeconds`] = round(o.seconds!);
      out[`${k}.openCpuSeconds`] = round(o.cpuSeconds!);
      out[`${k}.openPeakRssMB`] = Math.round(o.peakRssMB!);
      out[`${k}.validatedSeconds`] = round(v.seconds!);
      out[`${k}.savedSeconds`] = round(s.seconds!);
      out[`${k}.peakRssMB`] = Math.round(Math.max(v.peakRssMB!, s.peakRssMB!));
      out[`${k}.papaparseSeconds`] = round(p.seconds!);
      // CPU time of the same runs: on a shared machine it shows the import's own cost.
      out[`${k}.validatedCpuSeconds`] = round(v.cpuSeconds!);
      out[`${k}.savedCpuSeconds`] = round(s.cpuSeconds!);
      out[`${k}.papaparseCpuSeconds`] = round(p.cpuSeconds!);
      out[`${k}.validatedToPapaparse`] = round(v.seconds! / p.seconds!);
      const mb = statSync(benchFile(size, enc)).size / (1024 * 1024);
      console.log(
        `${k}: ${v.rows} rows, ${mb.toFixed(1)} MB — medians of ${REPEATS}: import.open ` +
          `${o.seconds!.toFixed(2)} s (the user's wait; cpu ${o.cpuSeconds!.toFixed(2)}); validated ${v.seconds!.toFixed(2)} s ` +
          `(cpu ${v.cpuSeconds!.toFixed(2)}), saved ${s.seconds!.toFixed(2)} s (cpu ${s.cpuSeconds!.toFixed(2)}), ` +
          `peak ${Math.round(out[`${k}.peakRssMB`]!)} MB; papaparse alone ${p.seconds!.toFixed(2)} s ` +
          `(cpu ${p.cpuSeconds!.toFixed(2)}; validated/papaparse ${(v.seconds! / p.seconds!).toFixed(2)}×)`,
      );
    }
  }
  return out;
}

const round = (n: number): number => Math.round(n * 1000) / 1000;

const argv = process.argv.slice(2);
if (argv[0] === '--case') {
  runCase(argv[1] as Size, argv[2] as FileEncoding, argv[3] as Mode).then(
    (r) => console.log(JSON.stringify(r)),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
} else if (require.main === module) {
  run().then(
    (r) => console.log(JSON.stringify(r, null, 2)),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
