/**
 * A job made from a big import is inserted by a worker thread with its own connection: the same
 * rows as the import's sendable ones, one job for a double click, and small imports still work.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../../../src/main/core';
import { createSessionStore, type ProbedSecretStore } from '../../../../../src/main/core/keychain';
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
  dataDir = mkdtempSync(join(tmpdir(), 'sms-desk-job-import-'));
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

/** `rows` numbers with their own code; every 100th row is a bad number. */
async function importOf(rows: number, name: string): Promise<{ importId: number; valid: number }> {
  const file = join(dataDir, name);
  const lines = ['手机号,验证码,分钟'];
  for (let i = 0; i < rows; i++)
    lines.push(`${i % 100 === 99 ? '12345' : phoneOf(i).slice(3)},${100000 + i},5`);
  writeFileSync(file, lines.join('\r\n'));
  const r = await ok<{ importId: number; summary: { valid: number } }>('import.open', {
    grant: core.grantFile(file).grant,
    options: { templateId: TEMPLATE.templateId },
  });
  return { importId: r.importId, valid: r.summary.valid };
}

const jobInput = (key: string, importId: number) => ({
  idempotencyKey: key,
  kind: 'batch',
  ...TEMPLATE,
  options: { marketing: false, heldPolicy: 'wait' },
  importId: String(importId),
});

type Row = { rowNo: number; phone: string; params: string[]; state: string };

describe('job.create from an import', () => {
  it('a big import: every sendable row once, in file order, and one job for a double click', async () => {
    await ok('templates.sync', undefined);
    const { importId, valid } = await importOf(30_000, 'big.csv');
    expect(valid).toBe(29_700);
    const input = jobInput('job-from-big-import-0001', importId);
    const [a, b] = await Promise.all([
      ok<{ job: JobSummary; created: boolean }>('job.create', input),
      ok<{ job: JobSummary; created: boolean }>('job.create', input),
    ]);
    expect(a.job.id).toBe(b.job.id);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    expect(a.job.total).toBe(valid);
    expect(a.job.counts.pending).toBe(valid);

    const first = await ok<{ items: Row[]; total: number }>('job.rows', {
      jobId: a.job.id,
      offset: 0,
      limit: 3,
    });
    expect(first.total).toBe(valid);
    expect(first.items.map((r) => [r.rowNo, r.phone, r.params])).toEqual([
      [2, phoneOf(0), ['100000', '5']],
      [3, phoneOf(1), ['100001', '5']],
      [4, phoneOf(2), ['100002', '5']],
    ]);
    const last = await ok<{ items: Row[] }>('job.rows', {
      jobId: a.job.id,
      offset: valid - 1,
      limit: 1,
    });
    expect(last.items[0]).toMatchObject({ rowNo: 30_000, phone: phoneOf(29_998) });
    // The same key later is the same job, without a worker.
    const again = await ok<{ job: JobSummary; created: boolean }>('job.create', input);
    expect(again).toMatchObject({ created: false, job: { id: a.job.id } });
  });

  it('a small import is made in place, with the same rows', async () => {
    const { importId, valid } = await importOf(50, 'small.csv');
    const { job, created } = await ok<{ job: JobSummary; created: boolean }>(
      'job.create',
      jobInput('job-from-small-import-0001', importId),
    );
    expect(created).toBe(true);
    expect(job.total).toBe(valid);
    const rows = await ok<{ items: Row[] }>('job.rows', { jobId: job.id, offset: 0, limit: 1 });
    expect(rows.items[0]).toMatchObject({ rowNo: 2, phone: phoneOf(0), params: ['100000', '5'] });
  });

  it('an import that is gone is refused with its own message, and no job is left', async () => {
    const r = await core.call('job.create', jobInput('job-from-gone-import-01', 9999));
    expect(r).toMatchObject({ ok: false, error: { code: 'import_not_found' } });
    const list = await ok<{ items: unknown[] }>('job.list', { offset: 0, limit: 50 });
    expect(list.items).toHaveLength(2);
  });
});
