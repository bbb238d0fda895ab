/** Failed requests: retries with backoff, bounded attempts, `job.retry`, and unknown outcomes that are reconciled, never re-sent on their own. */
import { afterEach, describe, expect, it } from 'vitest';
import {
  BEIJING_10AM,
  phoneOf,
  startOutboxEnv,
  until,
  type OutboxEnv,
} from '../../../../support/outbox/env';
import { jobInput, finished, runToEnd, rowsOf } from '../../../../support/outbox/jobs';

let env: OutboxEnv | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

describe('outbox: failures, retry and reconcile', () => {
  it('retries request-level retryable failures with backoff, then sends', async () => {
    env = await startOutboxEnv();
    env.emulator.injectFault({ kind: 'requestLimit', count: 2 });
    const { job } = await env.outbox.create(
      jobInput([{ rowNo: 1, phone: phoneOf(20), params: ['1', '5'] }]),
    );
    await env.outbox.start(job.id);
    await until(() => rowsOf(env!, job.id)[0]!.state === 'held', 5000, 'first backoff');
    let row = rowsOf(env, job.id)[0]!;
    expect(row).toMatchObject({ heldReason: 'retry', code: 'RequestLimitExceeded', attempts: 1 });
    // Equal jitter with random 0.5: 1 s step → 750 ms.
    expect(row.notBefore).toBe(BEIJING_10AM + 750);
    env.clock.advance(750);
    env.scheduler.fireDue();
    await until(
      () => rowsOf(env!, job.id)[0]!.attempts === 2 && rowsOf(env!, job.id)[0]!.state === 'held',
    );
    row = rowsOf(env, job.id)[0]!;
    expect(row.notBefore).toBe(BEIJING_10AM + 750 + 1500);
    env.clock.advance(1500);
    env.scheduler.fireDue();
    await until(finished(env, job.id));
    expect(rowsOf(env, job.id)[0]).toMatchObject({ state: 'sent', attempts: 3 });
    expect(env.emulator.sent()).toHaveLength(1);
  });

  it('gives up after the bounded attempts; job.retry re-queues safe failures only', async () => {
    env = await startOutboxEnv({ retry: { maxAttempts: 2 } });
    env.emulator.injectFault({ kind: 'http5xx', count: 2 });
    const { job } = await env.outbox.create(
      jobInput([
        { rowNo: 1, phone: phoneOf(21), params: ['1', '5'] },
        { rowNo: 2, phone: '+8613900000000', params: ['1', '5'] },
      ]),
    );
    await env.outbox.start(job.id);
    await until(() => rowsOf(env!, job.id).every((r) => r.state === 'held'), 5000);
    env.clock.advance(60_000);
    env.scheduler.fireDue();
    await until(finished(env, job.id), 5000);
    let rows = rowsOf(env, job.id);
    // One request for both (same params): both failed after 2 attempts, nothing was sent.
    for (const r of rows)
      expect(r).toMatchObject({ state: 'failed', retrySafe: true, attempts: 2, code: 'Http.5xx' });
    expect(env.emulator.sent()).toHaveLength(0);
    // The results page asks only whether any failed row is retry-safe: one row, and the count.
    expect(env.outbox.rows(job.id, ['failed'], 0, 1, true)).toMatchObject({ total: 2 });

    expect(await env.outbox.retryFailed(job.id)).toEqual({ affected: 2 });
    await until(
      () => rowsOf(env!, job.id).every((r) => r.state !== 'pending' && r.state !== 'sending'),
      5000,
    );
    await env.outbox.idle();
    rows = rowsOf(env, job.id);
    expect(rows[0]).toMatchObject({ state: 'sent', attempts: 3 });
    // Blacklisted: final, not offered for retry.
    expect(rows[1]).toMatchObject({
      state: 'failed',
      retrySafe: false,
      code: 'FailedOperation.PhoneNumberInBlacklist',
    });
    expect(env.outbox.rows(job.id, ['failed'], 0, 1, true)).toEqual({ items: [], total: 0 });
    expect(await env.outbox.retryFailed(job.id)).toEqual({ affected: 0 });
    expect(env.emulator.sent().map((s) => s.phone)).toEqual([phoneOf(21)]);
  });

  it('never re-sends an unknown outcome automatically; reconcile confirms an accepted send', async () => {
    env = await startOutboxEnv();
    env.emulator.injectFault({ kind: 'acceptThenDrop', count: 1 });
    env.emulator.injectFault({ kind: 'nonJson', count: 1 });
    const { job } = await env.outbox.create(
      jobInput(
        [
          { rowNo: 1, phone: phoneOf(30), params: ['1', '5'] },
          { rowNo: 2, phone: phoneOf(31), params: ['2', '5'] },
        ],
        { options: { marketing: false, heldPolicy: 'wait', concurrency: 1 } },
      ),
    );
    await runToEnd(env, job.id);
    let rows = rowsOf(env, job.id);
    expect(rows.map((r) => r.state)).toEqual(['unknown', 'unknown']);
    expect(env.emulator.sent().map((s) => s.phone)).toEqual([phoneOf(30)]);
    // Time passes, timers fire: nothing is re-sent, the scheduled reconcile confirms row 1.
    env.clock.advance(3_000);
    env.scheduler.fireDue();
    await until(() => rowsOf(env!, job.id)[0]!.state === 'sent', 5000, 'reconciled');
    await new Promise((r) => setTimeout(r, 100));
    rows = rowsOf(env, job.id);
    expect(rows[0]).toMatchObject({ state: 'sent', serialNo: env.emulator.sent()[0]!.serialNo });
    expect(rows[1]!.state).toBe('unknown');
    expect(rows[1]!.reconciledAt).not.toBeNull();
    expect(env.emulator.sent()).toHaveLength(1);

    // The user's explicit choice: re-send the unknown row, once, even on a double click.
    const [x, y] = await Promise.all([
      env.outbox.resendUnknown(job.id, [2]),
      env.outbox.resendUnknown(job.id, [2]),
    ]);
    expect(x.affected + y.affected).toBe(1);
    await until(() => rowsOf(env!, job.id)[1]!.state === 'sent', 5000, 'resent');
    await env.outbox.idle();
    expect(env.emulator.sent().filter((s) => s.phone === phoneOf(31))).toHaveLength(1);
  });
});
