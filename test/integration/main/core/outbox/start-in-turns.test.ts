/**
 * Making, resuming and retrying a long job never holds the event loop for the whole job: the
 * do-not-send list is applied to a new draft slice by slice, a paused job's rows are counted in
 * turns before it runs again, and 重试失败 moves failed rows back in slices. The counts the runner starts from must still be exact, or the job
 * would never end (or end early): a change to the rows while they are counted makes the
 * runner count again.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { JobProgress } from '../../../../../src/shared/api/outbox';
import { LOCAL_CODES } from '../../../../../src/shared/tencent-errors';
import { IN_PROCESS_ROWS } from '../../../../../src/main/core/kernel/worker-run';
import { skipOptedOutAtCreate } from '../../../../../src/main/core/outbox/opt-out-at-create';
import { OutboxRepo } from '../../../../../src/main/core/outbox/repo';
import { RowPositions } from '../../../../../src/main/core/outbox/row-positions';
import { RowStates } from '../../../../../src/main/core/outbox/row-states';
import { phoneOf, startOutboxEnv, until, type OutboxEnv } from '../../../../support/outbox/env';
import { finished, jobInput, sharedRows } from '../../../../support/outbox/jobs';
import { turnsDuring } from '../../../../support/loop-turns';

let env: OutboxEnv | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await env?.close();
  env = undefined;
});

const ROWS = IN_PROCESS_ROWS + 500;

/** The job's rows by state, as the table holds them once the send journal is folded in. */
const states = (e: OutboxEnv, jobId: number): Record<string, number> => {
  e.outbox.get(jobId);
  return Object.fromEntries(
    (
      e.db
        .prepare('SELECT state, COUNT(*) AS n FROM job_rows WHERE job_id = ? GROUP BY state')
        .all(jobId) as { state: string; n: number }[]
    ).map((r) => [r.state, r.n]),
  );
};

/** The payload of the last `name` event (a job's progress or its end), if any came. */
const lastEvent = (e: OutboxEnv, name: 'job.progress' | 'job.finished'): JobProgress | undefined =>
  e.events.filter((x) => x.name === name).at(-1)?.payload as JobProgress | undefined;

/** A long job sending, every request waiting `latencyMs` at the emulator. */
async function sendingWithLatency(
  latencyMs: number,
): Promise<{ e: OutboxEnv; job: { id: number } }> {
  env = await startOutboxEnv();
  env.emulator.injectFault({ kind: 'latency', latencyMs, share: 1 });
  const { job } = await env.outbox.create(jobInput(sharedRows(ROWS)));
  await env.outbox.start(job.id);
  return { e: env, job };
}

const skippedRows = (e: OutboxEnv, jobId: number): number[] =>
  (
    e.db
      .prepare(
        "SELECT row_no AS n FROM job_rows WHERE job_id = ? AND state = 'skipped' AND code = ? ORDER BY row_no",
      )
      .all(jobId, LOCAL_CODES.optedOut) as { n: number }[]
  ).map((r) => r.n);

/** Every call of `OutboxRepo.tally` from here on: sliced (a row range) or over the whole job. */
function watchTallies(onSlice?: () => void): { whole: number; sliced: number } {
  const seen = { whole: 0, sliced: 0 };
  const real = OutboxRepo.prototype.tally;
  vi.spyOn(OutboxRepo.prototype, 'tally').mockImplementation(function (
    this: OutboxRepo,
    jobId: number,
    lo?: number,
    hi?: number | null,
  ) {
    const tally = real.call(this, jobId, lo, hi);
    if (lo === undefined) seen.whole++;
    else {
      seen.sliced++;
      if (seen.sliced === 1) onSlice?.();
    }
    return tally;
  });
  return seen;
}

describe('outbox: a long draft and the do-not-send list', () => {
  it('skips its listed numbers slice by slice, exactly as the one statement does', async () => {
    env = await startOutboxEnv();
    const e = env;
    const a = (await e.outbox.create(jobInput(sharedRows(ROWS)))).job;
    const b = (await e.outbox.create(jobInput(sharedRows(ROWS)))).job;
    const addOptOut = e.db.prepare(
      "INSERT INTO optout (sdk_app_id, phone, source, added_at) VALUES (?, ?, 'manual', 1)",
    );
    for (let i = 0; i < ROWS; i += 97) addOptOut.run(a.sdkAppId, phoneOf(i));
    // Another account's list counts for nothing here.
    addOptOut.run('1400999999', phoneOf(5));
    // A listed number whose row is no longer pending stays as it is.
    for (const id of [a.id, b.id])
      e.db
        .prepare("UPDATE job_rows SET state = 'failed' WHERE job_id = ? AND row_no = 195")
        .run(id);
    const parts = { rowStates: new RowStates(e.db), positions: new RowPositions(e.db) };

    const { value: skipped, turns } = await turnsDuring(() =>
      skipOptedOutAtCreate(parts, a, 1_000, 4_096),
    );
    const whole = parts.rowStates.optedOutAtCreate(b.id, b.sdkAppId, 1_000);

    const listed = Math.ceil(ROWS / 97);
    expect(skipped).toBe(listed - 1);
    expect(whole).toBe(skipped);
    expect(skippedRows(e, a.id)).toEqual(skippedRows(e, b.id));
    expect(skippedRows(e, a.id)).toHaveLength(listed - 1);
    expect(skippedRows(e, a.id)).not.toContain(6);
    expect(states(e, a.id)).toEqual({ pending: ROWS - listed, skipped: listed - 1, failed: 1 });
    // Five slices of 4,096 rows and more: the loop turned between them.
    expect(turns).toBeGreaterThanOrEqual(4);
  });
});

describe('outbox: resuming a long job', () => {
  /** A long job started, then paused by the user, with nothing in flight. */
  async function pausedLongJob(e: OutboxEnv): Promise<number> {
    const { job } = await e.outbox.create(jobInput(sharedRows(ROWS)));
    await e.outbox.start(job.id);
    // At once: the emulator answers a job of shared values in well under a second.
    await e.outbox.pause(job.id);
    await e.outbox.idle();
    expect(states(e, job.id).pending).toBeGreaterThan(10_000);
    return job.id;
  }

  it('pausing mid-flight ends on the exact counts once the requests in flight land', async () => {
    // Every request waits a little at the emulator: some are always in flight.
    const { e, job } = await sendingWithLatency(3);
    await until(
      () => (lastEvent(e, 'job.progress')?.counts.sent ?? 0) >= 2_000,
      15_000,
      'some rows sent',
    );
    const seen = watchTallies();
    const paused = await e.outbox.pause(job.id);
    expect(paused.status).toBe('paused');
    // Its runner's figures, not a count of rows while answers land between the slices.
    expect(seen).toEqual({ whole: 0, sliced: 0 });
    vi.restoreAllMocks();
    await e.outbox.idle();
    await new Promise((r) => setTimeout(r, 200));

    const truth = states(e, job.id);
    expect(truth.sending ?? 0).toBe(0);
    const last = lastEvent(e, 'job.progress')!;
    expect(last.status).toBe('paused');
    expect(last.counts).toMatchObject({ sent: truth.sent, pending: truth.pending, sending: 0 });
  });

  it('a quick pause and resume with requests still out: every row sent once', async () => {
    const { e, job } = await sendingWithLatency(100);
    await until(() => (states(e, job.id).sent ?? 0) >= 1_000, 15_000, 'some rows sent');
    await e.outbox.pause(job.id);
    // At once: the answers of the requests out land while the rows are counted.
    await e.outbox.start(job.id);
    await until(finished(e, job.id), 60_000, 'the job to finish');
    expect(states(e, job.id)).toEqual({ sent: ROWS });
    const end = lastEvent(e, 'job.finished')!;
    expect(end.counts).toMatchObject({ sent: ROWS, pending: 0, sending: 0 });
  });

  it('counts its rows in slices, and the runner starts from those exact counts', async () => {
    env = await startOutboxEnv();
    const e = env;
    const jobId = await pausedLongJob(e);
    const seen = watchTallies();
    await e.outbox.start(jobId);

    // Before: one count over the whole job, on the main thread, as it started.
    expect(seen.whole).toBe(0);
    expect(seen.sliced).toBeGreaterThanOrEqual(2);
    vi.restoreAllMocks();
    // Started from the right figures: it ends, every row sent once.
    await until(finished(e, jobId), 30_000, 'the job to finish');
    expect(states(e, jobId)).toEqual({ sent: ROWS });
    const end = lastEvent(e, 'job.finished')!;
    expect(end.counts).toMatchObject({ sent: ROWS, pending: 0, held: 0, sending: 0 });
  });

  it('after a restart too, when the job has no runner yet', async () => {
    env = await startOutboxEnv();
    const e = env;
    const jobId = await pausedLongJob(e);
    const outbox = e.restart();
    outbox.recover();
    const seen = watchTallies();

    await outbox.start(jobId);

    expect(seen.whole).toBe(0);
    expect(seen.sliced).toBeGreaterThanOrEqual(2);
    vi.restoreAllMocks();
    await until(finished(e, jobId), 30_000, 'the job to finish');
    expect(states(e, jobId)).toEqual({ sent: ROWS });
  });

  it('counts again when rows change while they are counted', async () => {
    env = await startOutboxEnv();
    const e = env;
    const jobId = await pausedLongJob(e);
    // Waiting numbers the user then gives up on, between two slices of the count: rows of the
    // first slice, counted as waiting before they were cancelled.
    const held = e.db
      .prepare(
        `UPDATE job_rows SET state = 'held', held_reason = 'frequency', not_before = ?
         WHERE job_id = ? AND state = 'pending' AND row_no IN (
           SELECT row_no FROM job_rows WHERE job_id = ? AND state = 'pending' ORDER BY row_no LIMIT 100)
         RETURNING row_no AS n`,
      )
      .all(e.clock.now() + 86_400_000, jobId, jobId) as { n: number }[];
    expect(held).toHaveLength(100);
    const seen = watchTallies(() => {
      e.outbox.cancelHeld(
        jobId,
        held.map((r) => r.n),
      );
    });

    await e.outbox.start(jobId);

    expect(seen.sliced).toBeGreaterThanOrEqual(2);
    vi.restoreAllMocks();
    // Started from the slices' figures, it would wait for 100 held rows that are cancelled.
    await until(finished(e, jobId), 30_000, 'the job to finish');
    expect(states(e, jobId)).toEqual({ sent: ROWS - 100, cancelled: 100 });
  });
});

describe('outbox: 重试失败 on a long job', () => {
  it('moves its retry-safe failed rows back in slices, and the job sends them', async () => {
    env = await startOutboxEnv();
    const e = env;
    const { job } = await e.outbox.create(jobInput(sharedRows(ROWS)));
    await e.outbox.start(job.id);
    await until(finished(e, job.id), 30_000, 'the first run to finish');
    // Failures as a daily limit leaves them (safe to send again), and some that are not.
    e.db
      .prepare(
        `UPDATE job_rows SET state = 'failed', code = 'LimitExceeded.PhoneNumberDailyLimit',
           retry_safe = CASE WHEN row_no % 500 = 0 THEN 0 ELSE 1 END
         WHERE job_id = ? AND row_no % 20 = 0`,
      )
      .run(job.id);
    // A day later: the numbers' frequency limits no longer hold them.
    e.clock.advance(86_400_000);
    const failed = Math.floor(ROWS / 20);
    const unsafe = Math.floor(ROWS / 500);
    const seen = watchTallies();
    const finishedBefore = e.events.filter((x) => x.name === 'job.finished').length;

    const { value, turns } = await turnsDuring(() => e.outbox.retryFailed(job.id));

    expect(value.affected).toBe(failed - unsafe);
    // Slices of 4,096 rows, a turn between; and the job's restart counted in turns too.
    expect(turns).toBeGreaterThanOrEqual(4);
    expect(seen.whole).toBe(0);
    vi.restoreAllMocks();
    await until(
      () => e.events.filter((x) => x.name === 'job.finished').length > finishedBefore,
      30_000,
      'the retried rows to be sent',
    );
    expect(states(e, job.id)).toEqual({ sent: ROWS - unsafe, failed: unsafe });
  });
});
