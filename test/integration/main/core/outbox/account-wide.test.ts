/**
 * An account-wide cause that Tencent reports per number (the package balance running out)
 * pauses the job as the same cause at request level does, and leaves the refused rows
 * pending: after a top-up, resuming sends each of them exactly once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startOutboxEnv, testProfile, until, type OutboxEnv } from '../../../../support/outbox/env';
import { jobInput, rowsOf, runToEnd, sharedRows } from '../../../../support/outbox/jobs';

let env: OutboxEnv | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

describe('outbox: account-wide causes per number', () => {
  it('pauses when the balance runs out mid-batch, keeps the rows pending, and resumes once', async () => {
    const profile = testProfile();
    // One segment per message: 250 messages' worth, for a batch of 600.
    profile.packages[0]!.amount = 250;
    env = await startOutboxEnv({ profile });
    const { job } = await env.outbox.create(
      jobInput(sharedRows(600), {
        options: { marketing: false, heldPolicy: 'wait', concurrency: 1 },
      }),
    );
    await env.outbox.start(job.id);
    await until(() => env!.outbox.get(job.id).status === 'paused', 10_000, 'the job to pause');
    const paused = env.outbox.get(job.id);
    expect(paused).toMatchObject({
      pausedReason: 'error',
      lastErrorCode: 'FailedOperation.InsufficientBalanceInSmsPackage',
    });
    await env.outbox.idle();
    const counts = env.outbox.get(job.id).counts;
    expect(counts.sent).toBe(250);
    expect(counts.pending).toBe(350);
    expect(counts.failed + counts.unknown + counts.sending).toBe(0);
    const waiting = rowsOf(env, job.id).filter((r) => r.state === 'pending');
    expect(waiting).toHaveLength(350);
    // Nothing was sent to them: the attempt was given back, the cause is on the row.
    expect(waiting.every((r) => r.attempts === 0)).toBe(true);
    expect(
      waiting.filter((r) => r.code === 'FailedOperation.InsufficientBalanceInSmsPackage').length,
    ).toBeGreaterThan(0);

    // The owner buys a package; 继续发送 sends the rest, each number once.
    profile.packages[0]!.amount = 10_000;
    await runToEnd(env, job.id);
    expect(env.outbox.get(job.id).counts.sent).toBe(600);
    const sent = env.emulator.sent().map((s) => s.phone);
    expect(sent).toHaveLength(600);
    expect(new Set(sent).size).toBe(600);
  });
});
