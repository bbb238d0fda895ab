/**
 * The crash test of crash.test.ts, run with the legacy App Key gateway: a job sent by a child
 * process to the emulator process through sendmultisms2 / sendsms, SIGKILLed at random moments
 * and restarted on the same data dir. Nothing may reach a number twice; after reconciling
 * (legacy receipts by number, matched on `ext`), what the database calls sent is exactly what
 * the emulator accepted, and an explicit re-send delivers the rest once.
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

const ROWS = 1_000;
const KILLS = 6;
/** The emulator's receipts come 1.5 s after a send; reconcile reads them. */
const RECEIPT_WAIT_MS = 2_000;

function jobFile(dir: string): string {
  const rows = Array.from({ length: ROWS }, (_, i) => ({
    rowNo: i + 1,
    phone: phoneOf(50_000 + i),
    // First half: five shared groups (sendmultisms2); second half: own params (sendsms each).
    params: i < ROWS / 2 ? [String(100_000 + (i % 5)), '5'] : [String(200_000 + i), '5'],
  }));
  const input: JobCreateInput = {
    idempotencyKey: 'legacy-crash-job-0001',
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

async function sentOfJob(emu: EmulatorProcess): Promise<SentRecord[]> {
  return (await emu.sent()).filter((s) => s.templateId === TEMPLATE.templateId);
}

function counts(sent: SentRecord[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const s of sent) m.set(s.phone, (m.get(s.phone) ?? 0) + 1);
  return m;
}

describe('outbox crash safety with the legacy gateway (real processes)', () => {
  let dir: string;
  let emu: EmulatorProcess;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sms-desk-crash-legacy-'));
    emu = await startEmulatorProcess(dir);
  });
  afterAll(async () => {
    await emu?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`survives ≥${KILLS} SIGKILLs mid-send without sending any row twice`, async () => {
    const dataDir = mkdtempSync(join(dir, 'data-'));
    const job = jobFile(dataDir);
    await emu.fault({ kind: 'latency', latencyMs: 40, share: 1 });

    let kills = 0;
    for (let attempt = 0; attempt < KILLS * 3 && kills < KILLS; attempt++) {
      const child = startChild(dataDir, emu.line, job, 'run', 'legacy');
      const running = await child.waitFor('running');
      if (!running) {
        if (child.lines.some((l) => l.event === 'finished')) break;
        throw new Error(`child died before running: ${child.stderr()}`);
      }
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 400));
      const alive = child.proc.exitCode === null;
      if (alive) {
        child.proc.kill('SIGKILL');
        kills++;
      }
      await child.exited;
      if (!alive) break;
    }
    expect(kills).toBeGreaterThanOrEqual(KILLS);

    const last = await runChild(dataDir, emu.line, job, 'run', 'legacy');
    expect(last.event).toBe('finished');
    await new Promise((r) => setTimeout(r, RECEIPT_WAIT_MS));
    await runChild(dataDir, emu.line, job, 'reconcile', 'legacy');

    let sent = await sentOfJob(emu);
    expect(sent.every((s) => s.api === 'legacy')).toBe(true);
    const byPhone = counts(sent);
    expect(
      [...byPhone].filter(([, n]) => n > 1),
      'numbers messaged twice',
    ).toEqual([]);
    const rows = readRows(dataDir);
    expect(rows).toHaveLength(ROWS);
    for (const r of rows) expect(['sent', 'unknown']).toContain(r.state);
    const dbSent = rows.filter((r) => r.state === 'sent');
    expect(new Set(dbSent.map((r) => r.phone))).toEqual(new Set(byPhone.keys()));
    const record = new Map(sent.map((s) => [s.phone, s]));
    for (const r of dbSent) {
      expect(r.serial_no).toBe(record.get(r.phone)!.serialNo);
      expect(record.get(r.phone)!.sessionContext).toBe(r.session_context);
    }
    for (const r of rows.filter((x) => x.state === 'unknown')) {
      expect(byPhone.has(r.phone), `unknown row ${r.row_no} was accepted`).toBe(false);
    }

    // Rows still unknown were never accepted: the user's explicit re-send delivers them once.
    await runChild(dataDir, emu.line, job, 'resend', 'legacy');
    await new Promise((r) => setTimeout(r, RECEIPT_WAIT_MS));
    await runChild(dataDir, emu.line, job, 'reconcile', 'legacy');
    sent = await sentOfJob(emu);
    expect([...counts(sent)].filter(([, n]) => n > 1)).toEqual([]);
    expect(sent).toHaveLength(ROWS);
    expect(readRows(dataDir).every((r) => r.state === 'sent')).toBe(true);
  }, 240_000);
});
