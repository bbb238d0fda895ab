/**
 * The outbox's promise under real process death: a 2,000-row job (shared and per-row params)
 * sent by a child process to the emulator in another process, SIGKILLed at random moments and
 * restarted on the same data dir. Nothing may reach a number twice; after reconciling, what the
 * database calls sent is exactly what the emulator accepted.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobCreateInput } from '../../../../../src/shared/api/outbox';
import type { SentRecord } from '../../../../../src/main/core/emulator';
import { TEMPLATE, phoneOf } from '../../../../support/outbox/env';
import {
  runChild,
  startChild,
  startEmulatorProcess,
  type EmulatorProcess,
} from '../../../../support/outbox/processes';

const ROWS = 2_000;
const KILLS = 10;

function jobFile(dir: string, key: string): string {
  const rows = Array.from({ length: ROWS }, (_, i) => ({
    rowNo: i + 1,
    phone: phoneOf(i),
    // First half: five shared groups (≤200 per request); second half: own params each.
    params: i < ROWS / 2 ? [String(100_000 + (i % 5)), '5'] : [String(200_000 + i), '5'],
  }));
  const input: JobCreateInput = {
    idempotencyKey: key,
    kind: 'batch',
    ...TEMPLATE,
    options: { marketing: false, heldPolicy: 'wait', concurrency: 4 },
    rows,
  };
  const file = join(dir, 'job.json');
  writeFileSync(file, JSON.stringify(input));
  return file;
}

interface DbRow {
  row_no: number;
  phone: string;
  state: string;
  serial_no: string | null;
  session_context: string | null;
}

function readRows(dataDir: string): DbRow[] {
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

function countByPhone(sent: SentRecord[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const s of sent) m.set(s.phone, (m.get(s.phone) ?? 0) + 1);
  return m;
}

/** The invariants, checked after a final reconcile. */
async function checkAgainstEmulator(dataDir: string, emu: EmulatorProcess): Promise<DbRow[]> {
  const sent = (await emu.sent()).filter((s) => s.templateId === TEMPLATE.templateId);
  const counts = countByPhone(sent);
  const dups = [...counts].filter(([, n]) => n > 1);
  expect(dups, 'numbers that received the same row twice').toEqual([]);

  const rows = readRows(dataDir);
  expect(rows).toHaveLength(ROWS);
  const bySerial = new Map(sent.map((s) => [s.phone, s]));
  const states = new Set(rows.map((r) => r.state));
  for (const s of states) expect(['sent', 'unknown']).toContain(s);
  const dbSent = rows.filter((r) => r.state === 'sent');
  expect(new Set(dbSent.map((r) => r.phone))).toEqual(new Set(counts.keys()));
  for (const r of dbSent) {
    const rec = bySerial.get(r.phone)!;
    expect(r.serial_no).toBe(rec.serialNo);
    expect(rec.sessionContext).toBe(r.session_context);
  }
  for (const r of rows.filter((x) => x.state === 'unknown')) {
    expect(counts.has(r.phone), `unknown row ${r.row_no} was accepted`).toBe(false);
  }
  return rows;
}

async function resendAndCheck(
  dataDir: string,
  emuLine: string,
  job: string,
  emu: EmulatorProcess,
): Promise<void> {
  await runChild(dataDir, emuLine, job, 'resend');
  // Let late answers land before the final look.
  await runChild(dataDir, emuLine, job, 'reconcile');
  const sent = (await emu.sent()).filter((s) => s.templateId === TEMPLATE.templateId);
  const counts = countByPhone(sent);
  expect([...counts].filter(([, n]) => n > 1)).toEqual([]);
  const rows = readRows(dataDir);
  const unknown = rows.filter((r) => r.state === 'unknown');
  // A re-send may itself end unknown (a fault); it was then never accepted either.
  for (const r of unknown) expect(counts.has(r.phone)).toBe(false);
  expect(rows.filter((r) => r.state === 'sent').length).toBe(counts.size);
}

describe('outbox crash safety (real processes)', () => {
  let dir: string;
  let emu: EmulatorProcess;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sms-desk-crash-'));
    emu = await startEmulatorProcess(dir);
  });
  afterAll(async () => {
    await emu?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`survives ≥${KILLS} SIGKILLs mid-send without sending any row twice`, async () => {
    const dataDir = mkdtempSync(join(dir, 'data-'));
    const job = jobFile(dataDir, 'crash-test-job-0001');
    await emu.fault({ kind: 'latency', latencyMs: 40, share: 1 });

    let kills = 0;
    for (let attempt = 0; attempt < KILLS * 3 && kills < KILLS; attempt++) {
      const child = startChild(dataDir, emu.line, job, 'run');
      const running = await child.waitFor('running');
      if (!running) {
        if (child.lines.some((l) => l.event === 'finished')) break;
        throw new Error(`child died before running: ${child.stderr()}`);
      }
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 500));
      const alive = child.proc.exitCode === null;
      if (alive) {
        child.proc.kill('SIGKILL');
        kills++;
      }
      await child.exited;
      if (!alive) break;
    }
    expect(kills).toBeGreaterThanOrEqual(KILLS);

    // The last run goes to the end, then a final reconcile once the emulator is quiet.
    const last = await runChild(dataDir, emu.line, job, 'run');
    expect(last.event).toBe('finished');
    await new Promise((r) => setTimeout(r, 200));
    await runChild(dataDir, emu.line, job, 'reconcile');
    await checkAgainstEmulator(dataDir, emu);

    // Rows still unknown were never accepted: the user's explicit re-send delivers them once.
    await resendAndCheck(dataDir, emu.line, job, emu);
    const rows = readRows(dataDir);
    expect(rows.every((r) => r.state === 'sent')).toBe(true);
    const sent = (await emu.sent()).filter((s) => s.templateId === TEMPLATE.templateId);
    expect(sent).toHaveLength(ROWS);
  }, 240_000);

  it('finishes with zero duplicates under 10 % faults of every kind; accept-then-drop rows reconcile to sent', async () => {
    const dataDir = mkdtempSync(join(dir, 'data-'));
    const job = jobFile(dataDir, 'fault-test-job-0001');
    await fetch(`${emu.endpoint}/__emulator/faults`, { method: 'DELETE' });
    await fetch(`${emu.endpoint}/__emulator/reset`, { method: 'POST' });
    for (const kind of [
      'latency',
      'acceptThenDrop',
      'http5xx',
      'requestLimit',
      'internalTimeout',
      'hang',
      'nonJson',
    ] as const) {
      await emu.fault({ kind, share: 0.1, ...(kind === 'latency' ? { latencyMs: 30 } : {}) });
    }

    const last = await runChild(dataDir, emu.line, job, 'run');
    expect(last.event).toBe('finished');
    await fetch(`${emu.endpoint}/__emulator/faults`, { method: 'DELETE' });
    await runChild(dataDir, emu.line, job, 'reconcile');
    const rows = await checkAgainstEmulator(dataDir, emu);

    // Accept-then-drop fired (the emulator accepted sends whose answer never came) and each
    // of those rows is now `sent` with the emulator's serial number.
    const reconciled = (() => {
      const db = new Database(join(dataDir, 'sms-desk.db'), { readonly: true });
      try {
        return db
          .prepare(
            "SELECT COUNT(*) AS n FROM job_rows WHERE state = 'sent' AND reconciled_at IS NOT NULL",
          )
          .get() as { n: number };
      } finally {
        db.close();
      }
    })();
    expect(reconciled.n).toBeGreaterThan(0);
    expect(rows.filter((r) => r.state === 'unknown').length).toBeGreaterThan(0);

    await resendAndCheck(dataDir, emu.line, job, emu);
  }, 240_000);
});
