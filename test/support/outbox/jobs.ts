/** Jobs for the outbox tests: inputs, and waiting for a job to run to its end. */
import type { JobCreateInput, JobProgress } from '../../../src/shared/api/outbox';
import { TEMPLATE, phoneOf, until, type OutboxEnv } from './env';

let keyNo = 0;
export function jobInput(
  rows: { rowNo: number; phone: string; params: string[] }[],
  extra: Partial<JobCreateInput> = {},
): JobCreateInput {
  return {
    idempotencyKey: `test-key-${++keyNo}-${Date.now()}`,
    kind: 'batch',
    ...TEMPLATE,
    options: { marketing: false, heldPolicy: 'wait', concurrency: 4 },
    rows,
    ...extra,
  };
}

export const finished = (e: OutboxEnv, jobId: number) => () =>
  e.events.some((x) => x.name === 'job.finished' && (x.payload as JobProgress).jobId === jobId);

export async function runToEnd(e: OutboxEnv, jobId: number): Promise<void> {
  await e.outbox.start(jobId);
  await until(finished(e, jobId), 15_000, `job ${jobId} to finish`);
}

export const rowsOf = (e: OutboxEnv, jobId: number) =>
  e.outbox.rows(jobId, undefined, 0, 10_000).items;

/** `n` rows to distinct numbers sharing one set of params (requests of 200). */
export const sharedRows = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    rowNo: i + 1,
    phone: phoneOf(i),
    params: ['123456', '5'],
  }));
