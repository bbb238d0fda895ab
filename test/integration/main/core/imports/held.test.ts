/**
 * The import review's "held" filter: rows whose number is cooling down in the ledger right now,
 * so the user sees before sending which rows the send will hold back.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../../../src/main/core';
import { createSessionStore, type ProbedSecretStore } from '../../../../../src/main/core/keychain';
import type { ImportRow } from '../../../../../src/shared/api/imports';
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
  dataDir = mkdtempSync(join(tmpdir(), 'sms-desk-held-'));
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

describe('import rows held by cooldown', () => {
  it('lists exactly the rows whose number was just sent to, with when they may go', async () => {
    const phones = [1, 2, 3, 4].map(phoneOf);
    const file = join(dataDir, 'list.csv');
    writeFileSync(
      file,
      ['手机号,验证码,分钟', ...phones.map((p) => `${p.slice(3)},123456,5`)].join('\r\n'),
    );
    await ok('templates.sync', undefined);
    const { importId } = await ok<{ importId: number }>('import.open', {
      grant: core.grantFile(file).grant,
      options: { templateId: TEMPLATE.templateId },
    });
    const before = await ok<{ total: number }>('import.rows', {
      importId,
      filter: 'held',
      offset: 0,
      limit: 100,
    });
    expect(before.total).toBe(0);

    // Send to the second and fourth numbers: both start a 30-second cooldown.
    const { job } = await ok<{ job: JobSummary }>('job.create', {
      idempotencyKey: 'held-filter-test-0001',
      kind: 'direct',
      ...TEMPLATE,
      options: { marketing: false, heldPolicy: 'wait' },
      rows: [
        { rowNo: 1, phone: phones[1], params: ['123456', '5'] },
        { rowNo: 2, phone: phones[3], params: ['123456', '5'] },
      ],
    });
    await ok('job.start', { jobId: job.id });
    for (let i = 0; (await ok<JobSummary>('job.get', { jobId: job.id })).counts.sent < 2; i++) {
      if (i > 500) throw new Error('the two sends did not finish');
      await new Promise((r) => setTimeout(r, 20));
    }

    const held = await ok<{ total: number; rows: ImportRow[] }>('import.rows', {
      importId,
      filter: 'held',
      offset: 0,
      limit: 100,
    });
    expect(held.total).toBe(2);
    expect(held.rows.map((r) => r.phone)).toEqual([phones[1], phones[3]]);
    for (const r of held.rows) {
      expect(r.issues[0]).toMatchObject({ code: 'cooling' });
      expect(Number(r.issues[0]!.details!.allowedAt)).toBeGreaterThan(Date.now());
    }
  });
});
