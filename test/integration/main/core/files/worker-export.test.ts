import {
  closeSync,
  mkdirSync,
  openSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../../../src/main/core';
import { createBatchHandlers, writeJobRows } from '../../../../../src/main/core/batch';
import { ExportWriter } from '../../../../../src/main/core/files';
import { HistoryService } from '../../../../../src/main/core/history';
import { issueText } from '../../../../../src/main/core/imports/export';
import { ManualClock } from '../../../../../src/main/core/kernel/clock';
import { silentLogger } from '../../../../../src/main/core/kernel/log';
import {
  WorkerRunner,
  type WorkerRunOptions,
} from '../../../../../src/main/core/kernel/worker-run';
import { createSendJournal } from '../../../../../src/main/core/outbox';
import { DB_FILE } from '../../../../../src/main/core/store/recovery';
import { openDatabase, type Db } from '../../../../../src/main/core/store/db';
import type { ImportRow } from '../../../../../src/shared/api/imports';
import { toCsv } from '../../../../../src/shared/csv';
import { isAppError } from '../../../../../src/shared/errors';
import { defaultPriceTable } from '../../../../../src/shared/usage/cost';

/**
 * Exports are built in worker threads (their own connection), which write them into the atomic
 * file the main thread opened. The files must be what the in-process export writes, a dying
 * worker or a full disk must leave nothing under the target's name, and the dispatch must keep
 * answering while a big export runs.
 */
const T0 = Date.UTC(2026, 10, 27, 1, 0, 0);
const SMALL_JOB = 1;
const BIG_JOB = 2;
const BIG_ROWS = 50_000;

let dir: string;
let out: string;
let dataDir: string;
let core: Core;
let db: Db;
let target = '';
let picked = false;
const clock = new ManualClock(T0 + 86_400_000);

function seedJob(jobId: number, rows: number, params: (i: number) => string[]): void {
  db.prepare(
    `INSERT INTO jobs (id, idempotency_key, kind, sdk_app_id, template_id, template_content,
       template_kind, sign_name, options, status, total, created_at, started_at, finished_at, updated_at)
     VALUES (?, ?, 'batch', '1400000001', '2001002', '{1}您好{2}', 'notification', '示例小店', '{}',
       'finished', ?, ?, ?, ?, ?)`,
  ).run(jobId, `k-${jobId}`, rows, T0, T0, T0 + rows, T0 + rows);
  const ins = db.prepare(
    `INSERT INTO job_rows (job_id, row_no, phone, params, rendered, state, code, serial_no, fee,
       attempts, attempted_at, sent_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)`,
  );
  db.transaction(() => {
    for (let i = 0; i < rows; i++) {
      const failed = i % 10 === 3;
      const at = T0 + jobId * 1_000_000 + i;
      const p = params(i);
      ins.run(
        jobId,
        i + 2,
        i % 7 === 0
          ? `+4479111${String(i).padStart(5, '0')}`
          : `+86138${String(i).padStart(8, '0')}`,
        JSON.stringify(p),
        `【示例小店】${p[0]}您好${p[1]}`,
        failed ? 'failed' : 'sent',
        failed ? 'LimitExceeded.PhoneNumberDailyLimit' : 'Ok',
        failed ? null : `S-${jobId}-${i}`,
        failed ? 0 : 1 + (i % 3 === 0 ? 1 : 0),
        at,
        failed ? null : at,
        at,
      );
    }
  })();
}

/** An import of `2 * problems` rows where every other phone is bad: `problems` problem rows. */
async function problemImport(problems: number): Promise<number> {
  const file = join(dir, `problems-${problems}.csv`);
  const lines = ['手机号,姓名,备注'];
  for (let i = 0; i < problems * 2; i++) {
    const phone = i % 2 ? `139${String(i).padStart(8, '0')}` : `12${i}`;
    lines.push(`${phone},客户${i},${i % 5 === 0 ? '=SUM(A1)' : 'ok'}`);
  }
  writeFileSync(file, lines.join('\r\n') + '\r\n');
  const r = await core.call('import.open', { grant: core.grantFile(file).grant });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return (r.value as { importId: number }).importId;
}

/** Runs one export call into `name` in the output folder; answers the call's value and the file. */
async function exportTo(
  name: string,
  call: string,
  input: unknown,
): Promise<{ value: { count?: number; rows?: number }; text: string }> {
  target = join(out, name);
  const r = await core.call(call, input);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return {
    value: r.value as { count?: number; rows?: number },
    text: readFileSync(target, 'utf8'),
  };
}

const lines = (text: string): string[] => text.slice(1).split('\r\n').slice(0, -1);

/** What the export wrote before it moved: the rows as `import.rows` shows them, as one CSV. */
async function problemsReference(importId: number, total: number): Promise<string> {
  const rows: ImportRow[] = [];
  for (let offset = 0; offset < total; offset += 1_000) {
    const r = await core.call('import.rows', {
      importId,
      filter: 'problems',
      offset,
      limit: 1_000,
    });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    rows.push(...(r.value as { rows: ImportRow[] }).rows);
  }
  return toCsv(
    ['行号', '手机号', '姓名', '备注', '问题'],
    rows.map((r) => [
      String(r.rowNumber),
      ...r.cells,
      r.issues.map((i) => issueText(i, 'zh-CN')).join('；'),
    ]),
  );
}

const inProcess = () =>
  new HistoryService({
    db,
    reads: { foldJournal: () => {}, read: (f) => f() },
    now: () => clock.now(),
    prices: defaultPriceTable,
  });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sms-worker-export-'));
  out = join(dir, 'out');
  mkdirSync(out);
  dataDir = join(dir, 'data');
  core = await createCore({
    dataDir,
    env: {},
    clock,
    pickSavePath: async () => {
      picked = true;
      return target;
    },
  });
  db = openDatabase(join(dataDir, DB_FILE));
  seedJob(SMALL_JOB, 12, (i) => [
    ['=HYPERLINK("x")', '@李四, "老客户"', '+1', '张三'][i % 4]!,
    `-${i}\n第二行`,
  ]);
  seedJob(BIG_JOB, BIG_ROWS, (i) => [`客户${i}`, String(i)]);
});

afterAll(async () => {
  db.close();
  await core.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('exports built in a worker thread', () => {
  it('writes the same files as the in-process exports for a small data set', async () => {
    const results = await exportTo('results.csv', 'batch.exportResults', {
      jobId: SMALL_JOB,
      language: 'zh-CN',
    });
    let expected = '';
    const n = writeJobRows(
      db,
      { write: (t) => (expected += t) },
      {
        jobId: SMALL_JOB,
        language: 'zh-CN',
        now: clock.now(),
      },
    );
    expect(results.value.rows).toBe(12);
    expect(n).toBe(12);
    expect(results.text).toBe(expected);
    expect(results.text).toContain(`'=HYPERLINK(""x"")`);

    const filter = { phone: '138' };
    const history = await exportTo('history.csv', 'history.export', { filter, language: 'en-US' });
    const reference = inProcess().csv(filter, 'en-US');
    expect(history.value.count).toBe(reference.count);
    expect(history.text).toBe(reference.csv);

    const importId = await problemImport(30);
    const problems = await exportTo('problems.csv', 'import.exportProblems', { importId });
    expect(problems.value.rows).toBe(30);
    expect(problems.text).toBe(await problemsReference(importId, 30));
    expect(problems.text).toContain(`'=SUM(A1)`);
  });

  it(`exports ${BIG_ROWS.toLocaleString('en')} rows whole, in order`, async () => {
    const results = await exportTo('big-results.csv', 'batch.exportResults', {
      jobId: BIG_JOB,
      states: ['sent', 'failed'],
      language: 'zh-CN',
    });
    const r = lines(results.text);
    expect(results.value.rows).toBe(BIG_ROWS);
    expect(r).toHaveLength(BIG_ROWS + 1);
    expect(r[1]).toMatch(/^2,'\+447911100000,客户0,0,已发送,Ok,,2,/);
    expect(r[BIG_ROWS]).toMatch(new RegExp(`^${BIG_ROWS + 1},13800049999,客户49999,49999,`));

    const history = await exportTo('big-history.csv', 'history.export', {
      filter: { templateId: '2001002' },
      language: 'zh-CN',
    });
    const h = lines(history.text);
    const all = BIG_ROWS + 12;
    expect(history.value.count).toBe(all);
    expect(h).toHaveLength(all + 1);
    const reference = lines(inProcess().csv({ templateId: '2001002' }).csv);
    // Newest first: the big job's last row opens the file, the small job's first row ends it.
    expect(h[1]).toBe(reference[1]);
    expect(h[1]).toContain('138 0004 9999');
    expect(h[all]).toBe(reference[all]);

    const importId = await problemImport(BIG_ROWS);
    const problems = await exportTo('big-problems.csv', 'import.exportProblems', {
      importId,
      language: 'en-US',
    });
    const p = lines(problems.text);
    expect(problems.value.rows).toBe(BIG_ROWS);
    expect(p).toHaveLength(BIG_ROWS + 1);
    expect(p[1]).toMatch(/^2,120,客户0,'=SUM\(A1\),/);
    expect(p[BIG_ROWS]).toMatch(new RegExp(`^${BIG_ROWS * 2},1299998,客户99998,ok,`));
  });

  it('keeps answering other calls while a big export builds its file', async () => {
    target = join(out, 'busy.csv');
    picked = false;
    let done = false;
    const exporting = core
      .call('history.export', { filter: {}, language: 'zh-CN' })
      .finally(() => (done = true));
    // The temporary file's size each time a call was answered after the save dialog, while the
    // export ran. Built on this thread, the file was whole before any other call got through.
    const seen: number[] = [];
    while (!done) {
      await new Promise((resolve) => setImmediate(resolve));
      const info = await core.call('app.info', undefined);
      expect(info.ok).toBe(true);
      if (!picked || done) continue;
      for (const f of readdirSync(out))
        if (f.startsWith('.busy.csv.')) seen.push(statSync(join(out, f)).size);
    }
    expect((await exporting).ok).toBe(true);
    const whole = statSync(target).size;
    expect(seen.some((size) => size < whole)).toBe(true);
  });
});

/** The batch room's handlers, exporting through `workers` to `file` (the save dialog's answer). */
const resultsExport = (workers: WorkerRunner, file: string) =>
  createBatchHandlers({
    db,
    reads: createSendJournal(db, silentLogger).reads,
    exports: new ExportWriter({ dataDir, pick: async () => file, now: () => clock.now() }),
    exportProblems: () => ({ path: null, rows: 0 }),
    workers,
  });

describe('an export worker that dies', () => {
  it('leaves no file under the target name and answers worker_stopped', async () => {
    const folder = join(out, 'killed');
    mkdirSync(folder);
    const file = join(folder, 'results.csv');
    let chunks = 0;
    const workers = new WorkerRunner({
      dbFile: join(dataDir, DB_FILE),
      clock,
      logger: silentLogger,
      // Stopped once it has written its first piece: the file is started.
      onSpawn: (w: Worker) =>
        w.on('message', (m: { type: string }) => {
          if (m.type === 'event' && ++chunks === 1) void w.terminate();
        }),
    });
    const handlers = resultsExport(workers, file);
    let error: unknown = null;
    try {
      await handlers['batch.exportResults']({ jobId: BIG_JOB, language: 'zh-CN' });
    } catch (e) {
      error = e;
    }
    await workers.close();
    expect(chunks).toBeGreaterThan(0);
    expect(isAppError(error) && error.code).toBe('worker_stopped');
    expect(isAppError(error) && error.messageKey).toBe('errors.workerStopped');
    // Neither the target nor the temporary file it was being written to.
    expect(readdirSync(folder)).toEqual([]);
  });
});

describe('an export worker on a full disk', () => {
  it('answers disk_full and leaves no file under the target name', async () => {
    const folder = join(out, 'full');
    mkdirSync(folder);
    const file = join(folder, 'results.csv');
    const workers = new WorkerRunner({
      dbFile: join(dataDir, DB_FILE),
      clock,
      logger: silentLogger,
    });
    const handlers = resultsExport(workers, file);
    // The export's own temporary file, but every write into it fails as on a full disk: the
    // worker's descriptor is swapped for one on /dev/full (writes fail with ENOSPC there).
    const full = openSync('/dev/full', 'w');
    const run = workers.run.bind(workers);
    let handedFd: number | undefined;
    workers.run = <O>(task: string, input: unknown, opts: WorkerRunOptions = {}) => {
      handedFd = opts.outputFd;
      return run<O>(task, input, { ...opts, outputFd: full });
    };
    let error: unknown = null;
    try {
      await handlers['batch.exportResults']({ jobId: BIG_JOB, language: 'zh-CN' });
    } catch (e) {
      error = e;
    } finally {
      closeSync(full);
      await workers.close();
    }
    expect(typeof handedFd).toBe('number');
    expect(isAppError(error) && error.code).toBe('disk_full');
    expect(isAppError(error) && error.messageKey).toBe('errors.diskFull');
    expect(readdirSync(folder)).toEqual([]);
  });
});
