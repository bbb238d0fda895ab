/**
 * The crash test of crash.test.ts, run with the legacy App Key gateway: a job sent by a child
 * process to the emulator process through sendmultisms2 / sendsms, SIGKILLed at random moments
 * and restarted on the same data dir. Nothing may reach a number twice; after reconciling
 * (legacy receipts by number, matched on `ext`), what the database calls sent is exactly what
 * the emulator accepted, and an explicit re-send delivers the rest once.
 */
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

const ROWS = 1_000;
const KILLS = 6;
/** The emulator's receipts come 1.5 s after a send; reconcile reads them. */
const RECEIPT_WAIT_MS = 2_000;

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
    const job = writeCrashJob(dataDir, {
      rows: ROWS,
      key: 'legacy-crash-job-0001',
      phoneOffset: 50_000,
    });
    await emu.fault({ kind: 'latency', latencyMs: 40, share: 1 });

    const kills = await killMidSend(dataDir, emu, job, {
      kills: KILLS,
      maxPauseMs: 400,
      api: 'legacy',
    });
    expect(kills).toBeGreaterThanOrEqual(KILLS);

    const last = await runChild(dataDir, emu.line, job, 'run', 'legacy');
    expect(last.event).toBe('finished');
    await new Promise((r) => setTimeout(r, RECEIPT_WAIT_MS));
    await runChild(dataDir, emu.line, job, 'reconcile', 'legacy');

    const sent = await sentOfJob(emu);
    expect(sent.every((s) => s.api === 'legacy')).toBe(true);
    await checkAgainstEmulator(dataDir, emu, ROWS);

    // Rows still unknown were never accepted: the user's explicit re-send delivers them once.
    await resendThenReconcile(dataDir, emu, job, { api: 'legacy', settleMs: RECEIPT_WAIT_MS });
    const after = await sentOfJob(emu);
    expect([...countByPhone(after)].filter(([, n]) => n > 1)).toEqual([]);
    expect(after).toHaveLength(ROWS);
    expect(readJobRows(dataDir).every((r) => r.state === 'sent')).toBe(true);
  }, 240_000);
});
