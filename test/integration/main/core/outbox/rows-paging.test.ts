/**
 * `job.rows` pages a job by rowid range when its rows sit without a gap (every job made since
 * they are inserted in row order), and by the plain query otherwise: both give the same pages.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../../../src/main/core';
import { createSessionStore, type ProbedSecretStore } from '../../../../../src/main/core/keychain';
import { openConnection } from '../../../../../src/main/core/store/db';
import type { JobSummary } from '../../../../../src/shared/api/outbox';
import { TEMPLATE, phoneOf } from '../../../../support/outbox/env';

const store = (): ProbedSecretStore => ({
  ...createSessionStore(),
  kind: 'keychain',
  probe: () => Promise.resolve({ available: true }),
});

let dataDir: string;
let core: Core;
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'sms-desk-rows-paging-'));
  core = await createCore({ dataDir, secretStore: store() });
});
afterAll(async () => {
  await core?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function ok<T>(name: string, input: unknown): Promise<T> {
  const r = await core.call(name, input);
  if (!r.ok) throw new Error(`${name} failed: ${JSON.stringify(r.error)}`);
  return r.value as T;
}

const ROWS = 3000;
type Page = { items: { rowNo: number; phone: string }[]; total: number };

async function makeJob(key: string): Promise<number> {
  // Given out of order, as a caller may: the job keeps row order all the same.
  const rows = Array.from({ length: ROWS }, (_v, i) => ({
    rowNo: ((i * 7919) % ROWS) + 1,
    phone: phoneOf(((i * 7919) % ROWS) + 1),
    params: ['123456', '5'],
  }));
  const { job } = await ok<{ job: JobSummary }>('job.create', {
    idempotencyKey: key,
    kind: 'batch',
    ...TEMPLATE,
    options: { marketing: false, heldPolicy: 'wait' },
    rows,
  });
  return job.id;
}

const pageOf = (jobId: number, offset: number, limit: number) =>
  ok<Page>('job.rows', { jobId, offset, limit });

describe('job.rows pages', () => {
  it('are the rows in row order, at any depth, with the total', async () => {
    await ok('templates.sync', undefined);
    const a = await makeJob('rows-paging-a-0001');
    const b = await makeJob('rows-paging-b-0001');
    for (const jobId of [a, b]) {
      for (const offset of [0, 999, 1500, 2990]) {
        const page = await pageOf(jobId, offset, 20);
        const want = Array.from({ length: Math.min(20, ROWS - offset) }, (_v, i) => offset + i + 1);
        expect(page.total).toBe(ROWS);
        expect(page.items.map((r) => r.rowNo)).toEqual(want);
        expect(page.items.map((r) => r.phone)).toEqual(want.map(phoneOf));
      }
      expect((await pageOf(jobId, ROWS, 20)).items).toEqual([]);
    }
  });

  it('stay right for a job whose rows are not one run (an old database)', async () => {
    const jobId = await makeJob('rows-paging-c-0001');
    const first = await pageOf(jobId, 100, 5);
    // Move one row's rowid far away, as rows of a job inserted long ago could be.
    const db = openConnection(join(dataDir, 'sms-desk.db'));
    db.prepare('UPDATE job_rows SET rowid = rowid + 1000000 WHERE job_id = ? AND row_no = 50').run(
      jobId,
    );
    db.close();
    const again = await pageOf(jobId, 100, 5);
    expect(again.items.map((r) => r.rowNo)).toEqual(first.items.map((r) => r.rowNo));
    expect((await pageOf(jobId, 45, 10)).items.map((r) => r.rowNo)).toEqual([
      46, 47, 48, 49, 50, 51, 52, 53, 54, 55,
    ]);
    expect((await pageOf(jobId, 2995, 10)).items.map((r) => r.rowNo)).toEqual([
      2996, 2997, 2998, 2999, 3000,
    ]);
  });
});
