/**
 * The outbox through the contract: createCore in practice mode (the in-process emulator behind
 * the real gateway), every call parsed by its input schema and its output checked by its output
 * schema in dispatch, events as the shell forwards them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../../../src/main/core';
import { createSessionStore, type ProbedSecretStore } from '../../../../../src/main/core/keychain';
import type { JobProgress, JobSummary, JobRow } from '../../../../../src/shared/api/outbox';
import type { CooldownItem } from '../../../../../src/shared/api/cooldown';
import { TEMPLATE, phoneOf, until } from '../../../../support/outbox/env';

const alwaysThere = (): ProbedSecretStore => ({
  ...createSessionStore(),
  kind: 'keychain',
  probe: () => Promise.resolve({ available: true }),
});

let dataDir: string;
let core: Core;
const events: { name: string; payload: unknown }[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'sms-desk-outbox-ipc-'));
  core = await createCore({ dataDir, secretStore: alwaysThere() });
  core.onEvent((name, payload) => events.push({ name, payload }));
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

describe('outbox over the contract (practice mode)', () => {
  const input = {
    idempotencyKey: 'ipc-test-key-0001',
    kind: 'batch',
    ...TEMPLATE,
    options: { marketing: false, heldPolicy: 'wait' },
    rows: [
      { rowNo: 1, phone: phoneOf(1), params: ['123456', '5'] },
      { rowNo: 2, phone: phoneOf(2), params: ['123456', '5'] },
      { rowNo: 3, phone: phoneOf(3), params: ['654321', '5'] },
    ],
  };

  it('creates once per idempotency key, plans, sends, and answers every query', async () => {
    const a = await ok<{ job: JobSummary; created: boolean }>('job.create', input);
    const b = await ok<{ job: JobSummary; created: boolean }>('job.create', input);
    expect(a.created).toBe(true);
    expect(b).toMatchObject({ created: false, job: { id: a.job.id } });
    expect(a.job.options).toEqual({ marketing: false, heldPolicy: 'wait', concurrency: 4 });

    const plan = await ok<{ requests: number; rows: number }>('job.plan', { jobId: a.job.id });
    expect(plan).toMatchObject({ rows: 3, requests: 2 });

    await ok('job.start', { jobId: a.job.id });
    await until(
      () =>
        events.some(
          (e) => e.name === 'job.finished' && (e.payload as JobProgress).jobId === a.job.id,
        ),
      15_000,
      'job.finished',
    );
    const job = await ok<JobSummary>('job.get', { jobId: a.job.id });
    expect(job).toMatchObject({ status: 'finished', counts: { sent: 3 }, feeTotal: 3 });
    const list = await ok<{ items: JobSummary[]; total: number }>('job.list', {});
    expect(list.total).toBe(1);
    const rows = await ok<{ items: JobRow[]; total: number }>('job.rows', {
      jobId: a.job.id,
      states: ['sent'],
      limit: 2,
    });
    expect(rows.total).toBe(3);
    expect(rows.items).toHaveLength(2);
    expect(rows.items[0]!.serialNo).toMatch(/\d+:\d+/);

    const cd = await ok<{ items: CooldownItem[] }>('cooldown.query', {
      phones: [phoneOf(1), phoneOf(9)],
    });
    expect(cd.items[0]!.reason).toBe('thirtySeconds');
    expect(cd.items[1]!.reason).toBeNull();
    const cooling = await ok<{ total: number; items: CooldownItem[] }>('cooldown.list', {});
    expect(cooling.total).toBe(3);
    expect(events.some((e) => e.name === 'cooldown.changed')).toBe(true);

    expect(await ok('job.retry', { jobId: a.job.id })).toEqual({ affected: 0 });
    expect(await ok('job.resendUnknown', { jobId: a.job.id })).toEqual({ affected: 0 });
    expect(await ok('job.reconcile', { jobId: a.job.id })).toEqual({ checked: 0, confirmed: 0 });
  });

  it('refuses bad input and unknown jobs with coded errors', async () => {
    const bad = await core.call('job.create', { ...input, idempotencyKey: 'x', rows: [] });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const badPhone = await core.call('job.create', {
      ...input,
      idempotencyKey: 'ipc-test-key-0002',
      rows: [{ rowNo: 1, phone: '13812345678', params: [] }],
    });
    expect(badPhone).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const missing = await core.call('job.get', { jobId: 999 });
    expect(missing).toMatchObject({
      ok: false,
      error: { code: 'job_not_found', messageKey: 'outbox.errors.notFound' },
    });
    const dupRow = await core.call('job.create', {
      ...input,
      idempotencyKey: 'ipc-test-key-0003',
      rows: [input.rows[0], input.rows[0]],
    });
    expect(dupRow).toMatchObject({ ok: false, error: { code: 'job_duplicate_row' } });
  });
});
