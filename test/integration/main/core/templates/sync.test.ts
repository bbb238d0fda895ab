import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../../../src/main/core';
import type { Template, Sign, SyncStatus } from '../../../../../src/shared/api/templates';
import type { HistoryRow } from '../../../../../src/shared/api/history';

/**
 * Practice mode end to end inside core: the template sync goes through the real SDK to the
 * in-process emulator over loopback, the cache outlives the core, and a send shows in history.
 */
let dir: string;
let core: Core;

async function value<T>(name: string, input?: unknown): Promise<T> {
  const r = await core.call(name, input);
  if (!r.ok) throw new Error(`${name}: ${JSON.stringify(r.error)}`);
  return r.value as T;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sms-templates-int-'));
  // The save dialog answers a file beside (not inside) the data folder.
  core = await createCore({
    dataDir: join(dir, 'data'),
    env: {},
    pickSavePath: async (name) => join(dir, name),
  });
});

afterAll(async () => {
  await core?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('templates in practice mode', () => {
  it('syncs the practice account through the gateway with review status and replies', async () => {
    const status = await value<SyncStatus>('templates.sync');
    expect(status.problems).toEqual([]);
    expect(status.personal).toBe(false);
    expect(status.templates).toBeGreaterThanOrEqual(5);

    const { templates } = await value<{ templates: Template[] }>('templates.list');
    const code = templates.find((t) => t.templateId === '2001001')!;
    expect(code).toMatchObject({ usable: true, kind: 'verification', source: 'synced' });
    const rejected = templates.find((t) => t.templateId === '2001005')!;
    expect(rejected.usable).toBe(false);
    expect(rejected.reviewReply).toContain('拒收请回复R');
    expect(templates.find((t) => t.templateId === '2001004')!.kind).toBe('marketing');

    const { signs } = await value<{ signs: Sign[] }>('signs.list');
    expect(signs.find((s) => s.signName === '新店审核中')).toMatchObject({
      usable: false,
      status: 'reviewing',
    });
  });

  it('keeps the user names and kind, and the cache survives a restart (offline use)', async () => {
    await value('templates.update', { templateId: '2001003', variableNames: ['门店', '取件码'] });
    await core.close();
    // The save dialog answers a file beside (not inside) the data folder.
    core = await createCore({
      dataDir: join(dir, 'data'),
      env: {},
      pickSavePath: async (name) => join(dir, name),
    });
    const { templates, lastSync } = await value<{
      templates: Template[];
      lastSync: SyncStatus | null;
    }>('templates.list');
    expect(lastSync).not.toBeNull();
    expect(templates.find((t) => t.templateId === '2001003')!.variableNames).toEqual([
      '门店',
      '取件码',
      '',
    ]);
  });

  it('refuses to remove a synced template with a catalog key', async () => {
    const r = await core.call('templates.remove', { templateId: '2001001' });
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'template_synced',
        messageKey: 'templates.errors.removeSynced',
        details: { templateId: '2001001' },
      },
    });
  });

  it('a direct send shows in history and exports where the user chose to save', async () => {
    const { job } = await value<{ job: { id: number } }>('job.create', {
      idempotencyKey: 'integration-history-1',
      kind: 'direct',
      templateId: '2001001',
      templateContent: '您的验证码是{1}，{2}分钟内有效，如非本人操作请忽略本短信。',
      templateKind: 'verification',
      signName: 'SMS Desk练习',
      rows: [{ rowNo: 1, phone: '+8613812340000', params: ['4321', '5'] }],
    });
    await value('job.start', { jobId: job.id });
    let rows: HistoryRow[] = [];
    for (let i = 0; i < 100; i++) {
      rows = (await value<{ rows: HistoryRow[] }>('history.list', { filter: {} })).rows;
      if (rows[0]?.state === 'sent') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      phone: '+8613812340000',
      templateId: '2001001',
      templateName: '验证码',
      signName: 'SMS Desk练习',
      state: 'sent',
      fee: 1,
    });
    expect(rows[0]!.text).toBe(
      '【SMS Desk练习】您的验证码是4321，5分钟内有效，如非本人操作请忽略本短信。',
    );
    expect(rows[0]!.serialNo).not.toBe('');

    const out = await value<{ path: string; count: number }>('history.export', {
      filter: { phone: '138 1234 0000' },
    });
    expect(out.count).toBe(1);
    expect(out.path.startsWith(join(dir, 'history-'))).toBe(true);
    expect(readFileSync(out.path, 'utf8')).toContain('138 1234 0000');
  });
});
