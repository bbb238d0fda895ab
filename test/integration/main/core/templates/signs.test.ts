/**
 * Signs as typed and as sent, through the contract in practice mode (the in-process emulator
 * behind the real SDK): brackets are dropped, a sign under review is refused before any request.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../../../src/main/core';
import { createSessionStore, type ProbedSecretStore } from '../../../../../src/main/core/keychain';
import type { JobProgress, JobSummary } from '../../../../../src/shared/api/outbox';
import type { Sign } from '../../../../../src/shared/api/templates';
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
  dataDir = mkdtempSync(join(tmpdir(), 'sms-desk-signs-'));
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

const job = (key: string, signName: string) => ({
  idempotencyKey: key,
  kind: 'direct',
  ...TEMPLATE,
  signName,
  options: { marketing: false, heldPolicy: 'wait' },
  rows: [{ rowNo: 1, phone: phoneOf(1), params: ['123456', '5'] }],
});

describe('signs', () => {
  it('a sign added with its brackets is stored without them', async () => {
    await ok('templates.sync', undefined);
    const added = await ok<Sign>('signs.add', { signName: ' 【我的小店】 ' });
    expect(added.signName).toBe('我的小店');
    const bad = await core.call('signs.add', { signName: '我的【小店' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('a bracketed sign sends, bare', async () => {
    const created = await ok<{ job: JobSummary }>(
      'job.create',
      job('sign-test-0001', '【SMS Desk练习】'),
    );
    expect(created.job.signName).toBe('SMS Desk练习');
    await ok('job.start', { jobId: created.job.id });
    await until(
      () =>
        events.some(
          (e) => e.name === 'job.finished' && (e.payload as JobProgress).jobId === created.job.id,
        ),
      15_000,
      'job.finished',
    );
    const done = await ok<JobSummary>('job.get', { jobId: created.job.id });
    expect(done).toMatchObject({ status: 'finished', counts: { sent: 1 } });
    const sent = core.context.gateways.practiceEmulator()!.sent();
    expect(sent.at(-1)).toMatchObject({ sign: 'SMS Desk练习', params: ['123456', '5'] });
  });

  it('a sign the app lists as under review is refused before any request, with the reason', async () => {
    const before = core.context.gateways.practiceEmulator()!.sent().length;
    const r = await core.call('job.create', job('sign-test-0002', '新店审核中'));
    expect(r).toMatchObject({
      ok: false,
      error: {
        code: 'sign_not_approved',
        messageKey: 'templates.errors.signNotApproved',
        details: { signName: '新店审核中', status: 'reviewing' },
      },
    });
    expect(core.context.gateways.practiceEmulator()!.sent()).toHaveLength(before);
    const jobs = await ok<{ total: number }>('job.list', {});
    expect(jobs.total).toBe(1);
  });
});
