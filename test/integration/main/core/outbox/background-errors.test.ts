/**
 * A database error in a background timer must not kill the process (issue 20, finding 3):
 * each timer path of the outbox gets a failing statement (a trigger that aborts it, as a full
 * disk would), and the test checks the process lives on, the state says why, and the work is
 * retried.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SmsGateway } from '../../../../../src/main/core/gateway/types';
import {
  failStatements,
  phoneOf,
  recordingLogger,
  startOutboxEnv,
  until,
  type OutboxEnv,
} from '../../../../support/outbox/env';
import { jobInput, rowsOf, runToEnd } from '../../../../support/outbox/jobs';

let env: OutboxEnv | undefined;
const uncaught: unknown[] = [];
const onUncaught = (e: unknown): void => {
  uncaught.push(e);
};
beforeEach(() => {
  uncaught.length = 0;
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onUncaught);
});
afterEach(async () => {
  process.off('uncaughtException', onUncaught);
  process.off('unhandledRejection', onUncaught);
  await env?.close();
  env = undefined;
});

/** The job's status as stored: reading it through the outbox would need the failing fold. */
const stored = (e: OutboxEnv, jobId: number) =>
  e.db
    .prepare(
      'SELECT status, paused_reason AS reason, last_error_code AS code FROM jobs WHERE id = ?',
    )
    .get(jobId) as { status: string; reason: string | null; code: string | null };

/** The real gateway, answering each SendSms `ms` later: the loop stays idle between answers. */
function slow(g: SmsGateway, ms: number): SmsGateway {
  return {
    sdkAppId: g.sdkAppId,
    ...(g.holdsBack ? { holdsBack: true } : {}),
    sendSms: async (req, o) => {
      await new Promise((r) => setTimeout(r, ms));
      return g.sendSms(req, o);
    },
    pullStatusByPhone: (...a) => g.pullStatusByPhone(...a),
    describeSendRecords: (...a) => g.describeSendRecords(...a),
    listSigns: (i) => g.listSigns(i),
    listTemplates: (i) => g.listTemplates(i),
    close: () => g.close(),
  };
}

describe('outbox: errors in background timers', () => {
  it('a failing journal fold pauses the running job with its reason and is retried with back-off', async () => {
    const log = recordingLogger();
    env = await startOutboxEnv({ logger: log, gateway: (g) => slow(g, 60) });
    // Only the background fold writes `ledger_sends` here (every request is accepted alike).
    const undo = failStatements(env.db, 'fail_fold', 'BEFORE INSERT ON ledger_sends');
    const rows = Array.from({ length: 8 }, (_, i) => ({
      rowNo: i + 1,
      phone: phoneOf(100 + i),
      params: [String(100_000 + i), '5'],
    }));
    const { job } = await env.outbox.create(
      jobInput(rows, { options: { marketing: false, heldPolicy: 'wait', concurrency: 1 } }),
    );
    await env.outbox.start(job.id);
    await until(() => stored(env!, job.id).status === 'paused', 5_000, 'the job to pause');
    expect(stored(env, job.id)).toEqual({
      status: 'paused',
      reason: 'error',
      code: 'Local.DatabaseWrite',
    });
    expect(log.entries).toContainEqual({ level: 'error', message: 'journal fold failed' });
    // Nothing is lost: the answers wait in the journal until a fold succeeds.
    const waiting = () =>
      (env!.db.prepare('SELECT COUNT(*) AS n FROM send_journal').get() as { n: number }).n;
    expect(waiting()).toBeGreaterThan(0);

    undo();
    await until(() => waiting() === 0, 5_000, 'the retried fold');
    await runToEnd(env, job.id);
    expect(rowsOf(env, job.id).every((r) => r.state === 'sent')).toBe(true);
    const sent = env.emulator.sent().map((s) => s.phone);
    expect(sent.sort()).toEqual(rows.map((r) => r.phone).sort());
    expect(uncaught).toEqual([]);
  });

  it('a failing statement when the wake timer releases a held row pauses the job', async () => {
    const log = recordingLogger();
    env = await startOutboxEnv({ logger: log });
    // The same number twice: the second row waits 30 s for the number's cooldown.
    const { job } = await env.outbox.create(
      jobInput([
        { rowNo: 1, phone: phoneOf(200), params: ['1', '5'] },
        { rowNo: 2, phone: phoneOf(200), params: ['2', '5'] },
      ]),
    );
    await env.outbox.start(job.id);
    await until(
      () =>
        rowsOf(env!, job.id)
          .map((r) => r.state)
          .join() === 'sent,held',
      5_000,
      'one sent, one held',
    );
    const undo = failStatements(
      env.db,
      'fail_release',
      "BEFORE UPDATE OF state ON job_rows WHEN OLD.state = 'held' AND NEW.state = 'pending'",
    );
    env.clock.advance(30_000);
    env.scheduler.fireDue();
    await until(() => stored(env!, job.id).status === 'paused', 5_000, 'the job to pause');
    expect(stored(env, job.id)).toEqual({
      status: 'paused',
      reason: 'error',
      code: 'Local.DatabaseWrite',
    });
    expect(log.entries).toContainEqual({ level: 'error', message: 'outbox flush failed' });
    expect(rowsOf(env, job.id)[1]!.state).toBe('held');

    undo();
    await runToEnd(env, job.id);
    expect(rowsOf(env, job.id).map((r) => r.state)).toEqual(['sent', 'sent']);
    expect(env.emulator.sent()).toHaveLength(2);
    expect(uncaught).toEqual([]);
  });

  it('a failing statement in the delayed reconcile leaves the row unknown and checks again later', async () => {
    const log = recordingLogger();
    env = await startOutboxEnv({ logger: log });
    env.emulator.injectFault({ kind: 'acceptThenDrop', count: 1 });
    const { job } = await env.outbox.create(
      jobInput([{ rowNo: 1, phone: phoneOf(300), params: ['1', '5'] }]),
    );
    await runToEnd(env, job.id);
    expect(rowsOf(env, job.id)[0]!.state).toBe('unknown');
    const undo = failStatements(
      env.db,
      'fail_reconcile',
      'BEFORE UPDATE OF reconciled_at ON job_rows',
    );
    env.clock.advance(2_000);
    env.scheduler.fireDue();
    await until(
      () => log.entries.some((e) => e.message === 'reconcile failed'),
      5_000,
      'the failed check to be logged',
    );
    expect(rowsOf(env, job.id)[0]).toMatchObject({ state: 'unknown', reconciledAt: null });

    undo();
    // The second check, a minute later, finds the send: the row is sent, never re-sent.
    env.clock.advance(60_000);
    env.scheduler.fireDue();
    await until(() => rowsOf(env!, job.id)[0]!.state === 'sent', 5_000, 'the second check');
    expect(env.emulator.sent()).toHaveLength(1);
    expect(uncaught).toEqual([]);
  });
});
