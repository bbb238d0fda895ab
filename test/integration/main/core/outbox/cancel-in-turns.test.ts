/**
 * Cancelling a long job cancels its open rows slice by slice, a turn of the event loop between;
 * a crash in the middle is finished at the next start, before any job can run.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { JobProgress } from '../../../../../src/shared/api/outbox';
import { IN_PROCESS_ROWS } from '../../../../../src/main/core/kernel/worker-run';
import { phoneOf, startOutboxEnv, type OutboxEnv } from '../../../../support/outbox/env';
import { jobInput, rowsOf } from '../../../../support/outbox/jobs';
import { turnsDuring } from '../../../../support/loop-turns';

let env: OutboxEnv | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

const ROWS = IN_PROCESS_ROWS + 500;
const longRows = Array.from({ length: ROWS }, (_, i) => ({
  rowNo: i + 2,
  phone: phoneOf(i),
  params: [String(100_000 + i), '5'],
}));

const states = (e: OutboxEnv, jobId: number): Record<string, number> =>
  Object.fromEntries(
    (
      e.db
        .prepare('SELECT state, COUNT(*) AS n FROM job_rows WHERE job_id = ? GROUP BY state')
        .all(jobId) as { state: string; n: number }[]
    ).map((r) => [r.state, r.n]),
  );

describe('outbox: cancelling a long job', () => {
  it('cancels every open row in slices, other work running between them', async () => {
    env = await startOutboxEnv();
    const { job } = await env.outbox.create(jobInput(longRows));
    // Some rows are no longer open: those stay as they are.
    env.db
      .prepare("UPDATE job_rows SET state = 'failed' WHERE job_id = ? AND row_no % 1000 = 0")
      .run(job.id);
    const failed = states(env, job.id).failed!;
    expect(failed).toBeGreaterThan(10);

    const { value: summary, turns } = await turnsDuring(() => env!.outbox.cancel(job.id));

    expect(states(env, job.id)).toEqual({ cancelled: ROWS - failed, failed });
    expect(summary.status).toBe('cancelled');
    expect(summary.counts).toMatchObject({ cancelled: ROWS - failed, failed, pending: 0 });
    // Rows counted and cancelled in slices of a few thousand: the loop turned between them.
    expect(turns).toBeGreaterThanOrEqual(5);
    const progress = env.events.filter((e) => e.name === 'job.progress').at(-1)!
      .payload as JobProgress;
    expect(progress).toMatchObject({ jobId: job.id, status: 'cancelled' });
    expect(progress.counts.cancelled).toBe(ROWS - failed);
    // The job stays cancelled: starting it is refused.
    await expect(env.outbox.start(job.id)).rejects.toMatchObject({ code: 'job_not_startable' });
  });

  /** What a crash (or a failed write) after the first slice leaves: cancelled, listed, rows open. */
  function interruptedCancel(e: OutboxEnv, jobId: number): void {
    e.db.transaction(() => {
      e.db.prepare("UPDATE jobs SET status = 'cancelled' WHERE id = ?").run(jobId);
      e.db
        .prepare("UPDATE job_rows SET state = 'cancelled' WHERE job_id = ? AND row_no < 4000")
        .run(jobId);
      e.db
        .prepare("INSERT INTO settings (key, value) VALUES ('outbox.cancelling', ?)")
        .run(JSON.stringify([jobId]));
    })();
    expect(states(e, jobId).pending).toBeGreaterThan(15_000);
  }

  it('finishes an interrupted cancel when the user cancels again', async () => {
    env = await startOutboxEnv();
    const { job } = await env.outbox.create(jobInput(longRows));
    interruptedCancel(env, job.id);
    const again = await env.outbox.cancel(job.id);
    expect(states(env, job.id)).toEqual({ cancelled: ROWS });
    expect(again.counts).toMatchObject({ cancelled: ROWS, pending: 0 });
  });

  it('finishes a cancel a crash interrupted when the app starts again', async () => {
    env = await startOutboxEnv();
    const { job } = await env.outbox.create(jobInput(longRows));
    interruptedCancel(env, job.id);

    const outbox = env.restart();
    outbox.recover();
    expect(states(env, job.id)).toEqual({ cancelled: ROWS });
    expect(outbox.get(job.id).status).toBe('cancelled');
    expect(rowsOf(env, job.id).every((r) => r.state === 'cancelled')).toBe(true);
    expect(
      env.db.prepare("SELECT value FROM settings WHERE key = 'outbox.cancelling'").get(),
    ).toBeUndefined();
  });
});
