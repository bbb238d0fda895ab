/**
 * What the crash tests share, whichever gateway the child process sends through: the job file,
 * the rows as the database holds them, the kill loop, and the invariants checked against what
 * the emulator process accepted.
 */
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { JobCreateInput } from '../../../src/shared/api/outbox';
import type { SentRecord } from '../../../src/main/core/emulator';
import { TEMPLATE, phoneOf } from './env';
import { runChild, startChild, type EmulatorProcess } from './processes';

export type ChildApi = 'tc3' | 'legacy';

/** A job of `rows` rows: the first half in five shared groups, the second half with own params. */
export function writeCrashJob(
  dir: string,
  opts: { rows: number; key: string; phoneOffset?: number },
): string {
  const rows = Array.from({ length: opts.rows }, (_, i) => ({
    rowNo: i + 1,
    phone: phoneOf((opts.phoneOffset ?? 0) + i),
    params: i < opts.rows / 2 ? [String(100_000 + (i % 5)), '5'] : [String(200_000 + i), '5'],
  }));
  const input: JobCreateInput = {
    idempotencyKey: opts.key,
    kind: 'batch',
    ...TEMPLATE,
    options: { marketing: false, heldPolicy: 'wait', concurrency: 4 },
    rows,
  };
  const file = join(dir, 'job.json');
  writeFileSync(file, JSON.stringify(input));
  return file;
}

export interface DbRow {
  row_no: number;
  phone: string;
  state: string;
  serial_no: string | null;
  session_context: string | null;
}

export function readJobRows(dataDir: string): DbRow[] {
  const db = new Database(join(dataDir, 'sms-desk.db'), { readonly: true });
  try {
    return db
      .prepare(
        'SELECT row_no, phone, state, serial_no, session_context FROM job_rows ORDER BY row_no',
      )
      .all() as DbRow[];
  } finally {
    db.close();
  }
}

/** What the emulator accepted for the crash job's template. */
export async function sentOfJob(emu: EmulatorProcess): Promise<SentRecord[]> {
  return (await emu.sent()).filter((s) => s.templateId === TEMPLATE.templateId);
}

export function countByPhone(sent: SentRecord[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const s of sent) m.set(s.phone, (m.get(s.phone) ?? 0) + 1);
  return m;
}

/**
 * Starts the child on the job and SIGKILLs it at a random moment after it reports `running`,
 * again and again, until `kills` kills landed (or the job finished first). Returns the count.
 */
export async function killMidSend(
  dataDir: string,
  emu: EmulatorProcess,
  job: string,
  opts: { kills: number; maxPauseMs: number; api?: ChildApi },
): Promise<number> {
  let kills = 0;
  for (let attempt = 0; attempt < opts.kills * 3 && kills < opts.kills; attempt++) {
    const child = startChild(dataDir, emu.line, job, 'run', opts.api);
    const running = await child.waitFor('running');
    if (!running) {
      if (child.lines.some((l) => l.event === 'finished')) break;
      throw new Error(`child died before running: ${child.stderr()}`);
    }
    await new Promise((r) => setTimeout(r, 100 + Math.random() * opts.maxPauseMs));
    const alive = child.proc.exitCode === null;
    if (alive) {
      child.proc.kill('SIGKILL');
      kills++;
    }
    await child.exited;
    if (!alive) break;
  }
  return kills;
}

/**
 * The invariants after a final reconcile: no number messaged twice; every row `sent` or
 * `unknown`; what the database calls sent is exactly what the emulator accepted, with its serial
 * number and session context; no `unknown` row was accepted.
 */
export async function checkAgainstEmulator(
  dataDir: string,
  emu: EmulatorProcess,
  rowCount: number,
): Promise<DbRow[]> {
  const sent = await sentOfJob(emu);
  const counts = countByPhone(sent);
  expect(
    [...counts].filter(([, n]) => n > 1),
    'numbers that received the same row twice',
  ).toEqual([]);

  const rows = readJobRows(dataDir);
  expect(rows).toHaveLength(rowCount);
  for (const r of rows) expect(['sent', 'unknown']).toContain(r.state);
  const dbSent = rows.filter((r) => r.state === 'sent');
  expect(new Set(dbSent.map((r) => r.phone))).toEqual(new Set(counts.keys()));
  const record = new Map(sent.map((s) => [s.phone, s]));
  for (const r of dbSent) {
    expect(r.serial_no).toBe(record.get(r.phone)!.serialNo);
    expect(record.get(r.phone)!.sessionContext).toBe(r.session_context);
  }
  for (const r of rows.filter((x) => x.state === 'unknown')) {
    expect(counts.has(r.phone), `unknown row ${r.row_no} was accepted`).toBe(false);
  }
  return rows;
}

/** The user's explicit re-send of unknown rows, then a reconcile once late answers landed. */
export async function resendThenReconcile(
  dataDir: string,
  emu: EmulatorProcess,
  job: string,
  opts: { api?: ChildApi; settleMs?: number } = {},
): Promise<void> {
  await runChild(dataDir, emu.line, job, 'resend', opts.api);
  if (opts.settleMs) await new Promise((r) => setTimeout(r, opts.settleMs));
  await runChild(dataDir, emu.line, job, 'reconcile', opts.api);
}
