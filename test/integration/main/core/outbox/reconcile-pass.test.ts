/**
 * Checking unknown rows with Tencent (issue 20, finding 6): progress while a pass runs,
 * receipts held locally asked before Tencent, and 重发结果未知的行 not asking again about rows
 * just checked. Real SDK against the emulator; the queries are counted as they arrive.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ReconcileProgress } from '../../../../../src/shared/api/recovery';
import {
  BEIJING_10AM,
  phoneOf,
  startOutboxEnv,
  until,
  type OutboxEnv,
} from '../../../../support/outbox/env';
import { finished, jobInput, rowsOf, runToEnd } from '../../../../support/outbox/jobs';

let env: OutboxEnv | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

const QUERIES = new Set(['PullSmsSendStatusByPhoneNumber', 'DescribeSendRecordList']);

/** Counts the status queries that reach the emulator. */
function queryCounter(): {
  n: number;
  onRequest: (r: { headers: Record<string, unknown> }) => void;
} {
  const c = {
    n: 0,
    onRequest: (r: { headers: Record<string, unknown> }) => {
      if (QUERIES.has(String(r.headers['x-tc-action']))) c.n++;
    },
  };
  return c;
}

const rowsN = (n: number, from: number) =>
  Array.from({ length: n }, (_, i) => ({
    rowNo: i + 1,
    phone: phoneOf(from + i),
    params: [String(500_000 + i), '5'],
  }));

/** Rows as a crash leaves them when their requests never left: unknown, never sent. */
function unknownUnsent(e: OutboxEnv, jobId: number, rowNos: number[]): void {
  e.db
    .prepare(
      `UPDATE job_rows SET state = 'unknown', attempts = 1, attempted_at = ?, code = 'Interrupted',
         session_context = job_id || ':' || row_no
       WHERE job_id = ? AND row_no IN (SELECT value FROM json_each(?))`,
    )
    .run(BEIJING_10AM, jobId, JSON.stringify(rowNos));
  e.db
    .prepare("UPDATE jobs SET status = 'paused', paused_reason = 'interrupted' WHERE id = ?")
    .run(jobId);
}

describe('outbox: a reconcile pass', () => {
  it('reports its progress to the end and confirms accepted sends whose answers were lost', async () => {
    env = await startOutboxEnv();
    env.emulator.injectFault({ kind: 'acceptThenDrop', count: 6 });
    const { job } = await env.outbox.create(jobInput(rowsN(6, 1000)));
    await runToEnd(env, job.id);
    expect(rowsOf(env, job.id).every((r) => r.state === 'unknown')).toBe(true);
    const at = env.events.length;
    expect(await env.outbox.reconcile(job.id)).toEqual({ checked: 6, confirmed: 6 });
    const progress = env.events
      .slice(at)
      .filter((e) => e.name === 'job.reconcileProgress')
      .map((e) => e.payload as ReconcileProgress);
    expect(progress[0]).toMatchObject({ jobId: job.id, total: 6, checked: 0, done: false });
    expect(progress.at(-1)).toEqual({
      jobId: job.id,
      total: 6,
      checked: 6,
      confirmed: 6,
      done: true,
    });
    expect(progress.filter((p) => p.done)).toHaveLength(1);
    expect(rowsOf(env, job.id).every((r) => r.state === 'sent')).toBe(true);
    expect(env.emulator.sent()).toHaveLength(6);
  });

  it('a receipt held locally confirms a row without asking Tencent', async () => {
    const counter = queryCounter();
    const asked: string[][] = [];
    env = await startOutboxEnv({
      onEmulatorRequest: counter.onRequest,
      localReceipts: {
        receiptsFor: (serials) => {
          asked.push(serials);
          return new Map(
            serials
              .filter((s) => s === 'local-serial-1')
              .map((s) => [s, { phone: phoneOf(1100), delivered: true, at: BEIJING_10AM + 500 }]),
          );
        },
      },
    });
    const { job } = await env.outbox.create(jobInput(rowsN(2, 1100)));
    unknownUnsent(env, job.id, [1, 2]);
    // Row 1 came back from Tencent with a serial number before its answer could be written.
    env.db
      .prepare("UPDATE job_rows SET serial_no = 'local-serial-1' WHERE job_id = ? AND row_no = 1")
      .run(job.id);
    const before = counter.n;
    expect(await env.outbox.reconcile(job.id, [1])).toEqual({ checked: 1, confirmed: 1 });
    expect(counter.n - before).toBe(0);
    expect(asked).toEqual([['local-serial-1']]);
    expect(rowsOf(env, job.id)[0]).toMatchObject({ state: 'sent', serialNo: 'local-serial-1' });
    // Row 2 has nothing held here: Tencent is asked (both APIs, at once).
    expect(await env.outbox.reconcile(job.id, [2])).toEqual({ checked: 1, confirmed: 0 });
    expect(counter.n - before).toBe(2);
  });

  it('重发结果未知的行 does not ask again about rows just checked, and sends each once', async () => {
    const counter = queryCounter();
    env = await startOutboxEnv({ onEmulatorRequest: counter.onRequest });
    const { job } = await env.outbox.create(jobInput(rowsN(5, 1200)));
    unknownUnsent(env, job.id, [1, 2, 3, 4, 5]);
    env.clock.advance(5_000);
    expect(await env.outbox.reconcile(job.id)).toEqual({ checked: 5, confirmed: 0 });
    const afterCheck = counter.n;
    expect(afterCheck).toBe(10);

    env.clock.advance(30_000);
    expect(await env.outbox.resendUnknown(job.id)).toEqual({ affected: 5 });
    expect(counter.n).toBe(afterCheck);
    await until(finished(env, job.id), 10_000, 'the re-send');
    expect(rowsOf(env, job.id).every((r) => r.state === 'sent')).toBe(true);
    expect(env.emulator.sent()).toHaveLength(5);
  });

  it('rows checked longer ago are asked again before a re-send', async () => {
    const counter = queryCounter();
    env = await startOutboxEnv({ onEmulatorRequest: counter.onRequest });
    const { job } = await env.outbox.create(jobInput(rowsN(2, 1300)));
    unknownUnsent(env, job.id, [1, 2]);
    expect(await env.outbox.reconcile(job.id)).toEqual({ checked: 2, confirmed: 0 });
    const afterCheck = counter.n;
    env.clock.advance(3 * 60_000);
    expect(await env.outbox.resendUnknown(job.id)).toEqual({ affected: 2 });
    expect(counter.n - afterCheck).toBe(4);
    await until(finished(env, job.id), 10_000, 'the re-send');
    expect(env.emulator.sent()).toHaveLength(2);
  });
});
