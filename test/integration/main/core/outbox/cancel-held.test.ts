/** The user cancels one held number of a direct send: it is never sent, the others go on. */
import { afterEach, describe, expect, it } from 'vitest';
import { phoneOf, startOutboxEnv, until, type OutboxEnv } from '../../../../support/outbox/env';
import { jobInput, finished, runToEnd, rowsOf } from '../../../../support/outbox/jobs';

let env: OutboxEnv | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

async function cooling(e: OutboxEnv, n: number): Promise<void> {
  const a = await e.outbox.create(jobInput([{ rowNo: 1, phone: phoneOf(n), params: ['1', '5'] }]));
  await runToEnd(e, a.job.id);
}

describe('outbox: cancel held rows', () => {
  it('a cancelled held number is not sent when its cooldown ends; the job finishes', async () => {
    env = await startOutboxEnv();
    await cooling(env, 7);
    const { job } = await env.outbox.create(
      jobInput([
        { rowNo: 1, phone: phoneOf(7), params: ['2', '5'] },
        { rowNo: 2, phone: phoneOf(8), params: ['2', '5'] },
      ]),
    );
    await env.outbox.start(job.id);
    await until(() => env!.outbox.get(job.id).counts.sent === 1, 5000, 'free row sent');
    await env.outbox.idle();
    expect(rowsOf(env, job.id)[0]!.state).toBe('held');

    // A pending (not held) row is left alone: only held rows can be cancelled this way.
    expect(env.outbox.cancelHeld(job.id, [2])).toEqual({ affected: 0 });
    expect(env.outbox.cancelHeld(job.id, [1])).toEqual({ affected: 1 });
    await until(finished(env, job.id), 5000, 'job finished after the cancel');
    const summary = env.outbox.get(job.id);
    expect(summary.counts).toMatchObject({ sent: 1, cancelled: 1, held: 0 });

    env.clock.advance(60_000);
    env.scheduler.fireDue();
    env.outbox.poke();
    await env.outbox.idle();
    expect(rowsOf(env, job.id).map((r) => r.state)).toEqual(['cancelled', 'sent']);
    expect(env.emulator.sent().filter((s) => s.phone === phoneOf(7))).toHaveLength(1);
  });

  it('cancelling one of two held numbers still sends the other when due', async () => {
    env = await startOutboxEnv();
    await cooling(env, 7);
    await cooling(env, 8);
    const { job } = await env.outbox.create(
      jobInput([
        { rowNo: 1, phone: phoneOf(7), params: ['3', '5'] },
        { rowNo: 2, phone: phoneOf(8), params: ['3', '5'] },
      ]),
    );
    await env.outbox.start(job.id);
    await until(() => env!.outbox.get(job.id).counts.held === 2, 5000, 'both held');
    expect(env.outbox.cancelHeld(job.id, [2])).toEqual({ affected: 1 });
    expect(env.outbox.get(job.id).status).toBe('running');

    env.clock.advance(31_000);
    env.scheduler.fireDue();
    env.outbox.poke();
    await until(finished(env, job.id), 5000, 'the other held row sent');
    expect(rowsOf(env, job.id).map((r) => r.state)).toEqual(['sent', 'cancelled']);
    expect(env.emulator.sent().filter((s) => s.phone === phoneOf(8))).toHaveLength(1);
  });
});
