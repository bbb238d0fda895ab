/**
 * The outbox's promise under real process death: a 2,000-row job (shared and per-row params)
 * sent by a child process to the emulator in another process, SIGKILLed at random moments and
 * restarted on the same data dir. Nothing may reach a number twice; after reconciling, what the
 * database calls sent is exactly what the emulator accepted.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkAgainstEmulator,
  countByPhone,
  killMidSend,
  readJobRows,
  resendThenReconcile,
  sentOfJob,
  writeCrashJob,
} from '../../../../support/outbox/crash';
import {
  runChild,
  startEmulatorProcess,
  type EmulatorProcess,
} from '../../../../support/outbox/processes';

const ROWS = 2_000;
const KILLS = 10;

const jobFile = (dir: string, key: string): string => writeCrashJob(dir, { rows: ROWS, key });

async function resendAndCheck(dataDir: string, job: string, emu: EmulatorProcess): Promise<void> {
  // Let late answers land before the final look.
  await resendThenReconcile(dataDir, emu, job);
  const counts = countByPhone(await sentOfJob(emu));
  expect([...counts].filter(([, n]) => n > 1)).toEqual([]);
  const rows = readJobRows(dataDir);
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

    const kills = await killMidSend(dataDir, emu, job, { kills: KILLS, maxPauseMs: 500 });
    expect(kills).toBeGreaterThanOrEqual(KILLS);

    // The last run goes to the end, then a final reconcile once the emulator is quiet.
    const last = await runChild(dataDir, emu.line, job, 'run');
    expect(last.event).toBe('finished');
    await new Promise((r) => setTimeout(r, 200));
    await runChild(dataDir, emu.line, job, 'reconcile');
    const settled = await checkAgainstEmulator(dataDir, emu, ROWS);
    // The figure the recovery work is judged by (issue 20): rows nobody can call sent or not.
    console.log(
      `crash figures: kills=${kills} unknownAfterReconcile=${settled.filter((r) => r.state === 'unknown').length}`,
    );

    // Rows still unknown were never accepted: the user's explicit re-send delivers them once.
    await resendAndCheck(dataDir, job, emu);
    const rows = readJobRows(dataDir);
    expect(rows.every((r) => r.state === 'sent')).toBe(true);
    expect(await sentOfJob(emu)).toHaveLength(ROWS);
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
    const rows = await checkAgainstEmulator(dataDir, emu, ROWS);

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

    await resendAndCheck(dataDir, job, emu);
  }, 240_000);
});
