/**
 * `job.get` and `job.list` count a long job slice by slice, a turn of the event loop between:
 * the sum must be exactly the one GROUP BY over all the job's rows, whatever the row numbers.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { OutboxRepo } from '../../../../../src/main/core/outbox/repo';
import { RowPositions } from '../../../../../src/main/core/outbox/row-positions';
import { tallyInTurns } from '../../../../../src/main/core/outbox/tally-in-turns';
import { phoneOf, startOutboxEnv, type OutboxEnv } from '../../../../support/outbox/env';
import { jobInput, runToEnd } from '../../../../support/outbox/jobs';
import { turnsDuring } from '../../../../support/loop-turns';

let env: OutboxEnv | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

/** 5,000 rows numbered with gaps, as an import's file lines leave them. */
const rows = Array.from({ length: 5_000 }, (_, i) => ({
  rowNo: i + 2 + Math.floor(i / 3),
  phone: phoneOf(i),
  params: [String(100_000 + i), '5'],
}));

/** Every state, fees and re-send warnings spread over the rows, straight into the table. */
function mixStates(e: OutboxEnv, jobId: number): void {
  e.db
    .prepare(
      `UPDATE job_rows SET
         state = CASE row_no % 7 WHEN 0 THEN 'sent' WHEN 1 THEN 'failed' WHEN 2 THEN 'unknown'
           WHEN 3 THEN 'skipped' WHEN 4 THEN 'cancelled' WHEN 5 THEN 'held' ELSE 'pending' END,
         fee = CASE row_no % 7 WHEN 0 THEN 1 + row_no % 2 ELSE 0 END,
         recent_send_at = CASE WHEN row_no % 11 = 0 THEN 1 ELSE NULL END
       WHERE job_id = ?`,
    )
    .run(jobId);
}

describe('outbox: a job counted in turns', () => {
  it('sums its slices to exactly the whole count, giving the loop turns between them', async () => {
    env = await startOutboxEnv();
    const { job } = await env.outbox.create(jobInput(rows));
    mixStates(env, job.id);
    const reads = env.outbox.reads;
    const repo = new OutboxRepo(env.db, reads);
    const whole = repo.tally(job.id);
    expect(whole.counts.sent).toBeGreaterThan(0);
    expect(whole.feeTotal).toBeGreaterThan(whole.counts.sent);
    expect(whole.recentDuplicates).toBeGreaterThan(0);

    const positions = new RowPositions(env.db);
    // Slices of 1,024 rows (the finest the row positions keep): five of them.
    const { value: sliced, turns } = await turnsDuring(() =>
      tallyInTurns({ repo, positions, reads }, job.id, 5_000, 1_024),
    );
    expect(sliced).toEqual(whole);
    expect(turns).toBeGreaterThanOrEqual(4);

    // A job no longer than a slice is one count.
    expect(await tallyInTurns({ repo, positions, reads }, job.id, 5_000, 5_000)).toEqual(whole);
  });

  it('job.get and job.list answer what get and list do, for a sent job and a draft', async () => {
    env = await startOutboxEnv();
    const sent = (await env.outbox.create(jobInput(rows.slice(0, 40)))).job;
    await runToEnd(env, sent.id);
    const draft = (await env.outbox.create(jobInput(rows.slice(40, 400)))).job;
    mixStates(env, draft.id);

    for (const id of [sent.id, draft.id]) {
      expect(await env.outbox.getInTurns(id)).toEqual(env.outbox.get(id));
    }
    expect(await env.outbox.listInTurns(0, 10)).toEqual(env.outbox.list(0, 10));
    expect((await env.outbox.getInTurns(sent.id)).counts.sent).toBe(40);
  });
});
