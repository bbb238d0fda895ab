/**
 * `job.rows` pages of every row are found through the job's row positions instead of an OFFSET
 * walk: every page must be exactly the page the plain SQL gives, whatever the row numbers
 * (an import's rows keep their file line numbers, so they have gaps).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { phoneOf, startOutboxEnv, type OutboxEnv } from '../../../../support/outbox/env';
import { jobInput } from '../../../../support/outbox/jobs';

let env: OutboxEnv | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

/** 5,000 rows numbered with gaps (2, 3, 5, 6, 8, …), past several position marks. */
const sparseRows = Array.from({ length: 5_000 }, (_, i) => ({
  rowNo: i + 2 + Math.floor(i / 2),
  phone: phoneOf(i),
  params: [String(100_000 + i), '5'],
}));

describe('outbox: job row pages by position', () => {
  it('gives the same pages and total as OFFSET, at the start, at marks, deep and past the end', async () => {
    env = await startOutboxEnv();
    const { job } = await env.outbox.create(jobInput(sparseRows));
    for (const [offset, limit] of [
      [0, 50],
      [1, 7],
      [1_023, 3],
      [1_024, 500],
      [2_047, 2],
      [4_990, 500],
      [4_999, 10],
      [5_000, 10],
      [9_000, 10],
    ] as const) {
      const page = await env.outbox.rowsPage(job.id, undefined, offset, limit);
      expect(page).toEqual(env.outbox.rows(job.id, undefined, offset, limit));
      expect(page.total).toBe(5_000);
    }
  });

  it('pages of some states still come from the state filter', async () => {
    env = await startOutboxEnv();
    const { job } = await env.outbox.create(jobInput(sparseRows.slice(0, 30)));
    await env.outbox.cancel(job.id);
    const page = await env.outbox.rowsPage(job.id, ['cancelled'], 10, 5);
    expect(page).toEqual(env.outbox.rows(job.id, ['cancelled'], 10, 5));
    expect(await env.outbox.rowsPage(job.id, ['sent'], 0, 5)).toEqual({ items: [], total: 0 });
  });

  it('a filtered page counted slice by slice equals the one SQL page, across slices', async () => {
    env = await startOutboxEnv({ filterSliceRows: 1_024 });
    const { job } = await env.outbox.create(jobInput(sparseRows));
    // Every third row failed, every sixth of them safe to retry: states spread over every slice.
    env.db
      .prepare(
        `UPDATE job_rows SET state = 'failed', retry_safe = (row_no % 2)
         WHERE job_id = ? AND row_no % 3 = 0`,
      )
      .run(job.id);
    for (const [states, retrySafe] of [
      [['failed'], false],
      [['failed', 'pending'], false],
      [['failed'], true],
      [undefined, true],
    ] as const) {
      for (const [offset, limit] of [
        [0, 50],
        [700, 1_000],
        [1_650, 10],
        [3_000, 500],
        [9_000, 10],
      ] as const) {
        const s = states ? [...states] : undefined;
        const page = await env.outbox.rowsPage(job.id, s, offset, limit, retrySafe);
        expect(page).toEqual(env.outbox.rows(job.id, s, offset, limit, retrySafe));
      }
    }
  });

  it('an unknown job is refused as before', async () => {
    env = await startOutboxEnv();
    await expect(env.outbox.rowsPage(999, undefined, 0, 10)).rejects.toMatchObject({
      code: 'job_not_found',
    });
  });
});
