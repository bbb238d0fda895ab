import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../../src/main/core/kernel/clock';
import { openDatabase, type Db } from '../../../../../src/main/core/store/db';
import { SettingsRepo } from '../../../../../src/main/core/store/settings';
import { TemplatesService } from '../../../../../src/main/core/templates';
import type {
  GatewayCallResult,
  SignInfo,
  SmsGateway,
  TemplateInfo,
} from '../../../../../src/main/core/gateway/types';
import { AppError } from '../../../../../src/shared/errors';

/** A gateway port whose lists the test controls; everything else is out of scope here. */
class ListGateway implements SmsGateway {
  sdkAppId = '1400000000';
  templates: Record<'0' | '1', GatewayCallResult<TemplateInfo[]>> = {
    '0': { ok: true, value: [] },
    '1': { ok: true, value: [] },
  };
  signs: Record<'0' | '1', GatewayCallResult<SignInfo[]>> = {
    '0': { ok: true, value: [] },
    '1': { ok: true, value: [] },
  };
  sendSms(): never {
    throw new Error('not used');
  }
  listSigns(international: boolean) {
    return Promise.resolve(this.signs[international ? '1' : '0']);
  }
  listTemplates(international: boolean) {
    return Promise.resolve(this.templates[international ? '1' : '0']);
  }
  pullStatusByPhone(): never {
    throw new Error('not used');
  }
  describeSendRecords(): never {
    throw new Error('not used');
  }
  close(): void {}
}

const tpl = (over: Partial<TemplateInfo>): TemplateInfo => ({
  templateId: '1000',
  name: '验证码',
  content: '您的验证码是{1}，{2}分钟内有效。',
  international: false,
  status: 'approved',
  reviewReply: '',
  createdAt: 1_700_000_000_000,
  ...over,
});

describe('TemplatesService', () => {
  let dir: string;
  let db: Db;
  let gw: ListGateway;
  let clock: ManualClock;
  let svc: TemplatesService;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sms-templates-'));
    db = openDatabase(join(dir, 'sms-desk.db'));
    gw = new ListGateway();
    clock = new ManualClock(1_750_000_000_000);
    svc = new TemplatesService({ db, clock, settings: new SettingsRepo(db), gateway: () => gw });
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('caches synced templates and signs with review status; only approved are usable', async () => {
    gw.templates['0'] = {
      ok: true,
      value: [
        tpl({}),
        tpl({
          templateId: '1001',
          status: 'rejected',
          reviewReply: '变量内容不规范',
          content: '活动开始啦{1}，拒收请回复R',
        }),
        tpl({ templateId: '1002', status: 'reviewing' }),
      ],
    };
    gw.templates['1'] = {
      ok: true,
      value: [tpl({ templateId: '2000', international: true, content: '{1}您好，包裹已到。' })],
    };
    gw.signs['0'] = {
      ok: true,
      value: [
        {
          signId: 1,
          signName: '小店',
          international: false,
          status: 'approved',
          reviewReply: '',
          createdAt: 1,
        },
        {
          signId: 2,
          signName: '不行',
          international: false,
          status: 'rejected',
          reviewReply: '资质不符',
          createdAt: 2,
        },
      ],
    };

    const status = await svc.sync();
    expect(status).toMatchObject({ templates: 4, signs: 2, personal: false, problems: [] });

    const { templates, lastSync } = svc.list();
    expect(lastSync?.at).toBe(clock.now());
    expect(templates.map((t) => t.templateId).sort()).toEqual(['1000', '1001', '1002', '2000']);
    const rejected = templates.find((t) => t.templateId === '1001')!;
    expect(rejected).toMatchObject({
      usable: false,
      reviewReply: '变量内容不规范',
      kind: 'marketing',
    });
    expect(templates.find((t) => t.templateId === '1002')?.kind).toBe('verification');
    expect(templates.find((t) => t.templateId === '1000')).toMatchObject({
      usable: true,
      // It speaks of a code: guessed as a verification template until the user says otherwise.
      kind: 'verification',
      variableNames: ['', ''],
      source: 'synced',
    });
    // Usable ones are listed first.
    expect(templates[templates.length - 1]!.usable).toBe(false);
    const signs = svc.listSigns();
    expect(signs.map((s) => [s.signName, s.usable, s.reviewReply])).toEqual([
      ['小店', true, ''],
      ['不行', false, '资质不符'],
    ]);
  });

  it('keeps the user kind and variable names across syncs and drops templates no longer listed', async () => {
    gw.templates['0'] = { ok: true, value: [tpl({}), tpl({ templateId: '1003' })] };
    await svc.sync();
    svc.update({ templateId: '1000', kind: 'verification', variableNames: ['验证码', '有效分钟'] });

    gw.templates['0'] = { ok: true, value: [tpl({ content: '验证码{1}，请勿告诉他人。' })] };
    await svc.sync();
    const list = svc.list().templates;
    expect(list.map((t) => t.templateId)).toEqual(['1000']);
    expect(list[0]).toMatchObject({
      kind: 'verification',
      kindChosen: true,
      // The template now has one placeholder: the second name no longer applies.
      variableNames: ['验证码'],
      content: '验证码{1}，请勿告诉他人。',
    });
  });

  it('a personal account is told so, keeps its cache, and can add templates and signs by hand', async () => {
    const denied = {
      ok: false as const,
      failure: 'permanent' as const,
      code: 'FailedOperation.NotEnterpriseCertification',
      message: 'x',
    };
    gw.templates = { '0': denied, '1': denied };
    gw.signs = { '0': denied, '1': denied };
    svc.add({
      templateId: '555',
      content: '您的验证码是{1}',
      international: false,
      kind: 'verification',
    });

    const status = await svc.sync();
    expect(status.personal).toBe(true);
    expect(status.problems).toHaveLength(4);
    expect(status.problems[0]).toMatchObject({ messageKey: 'templates.errors.notEnterprise' });
    // The manual template survives a failed sync.
    expect(svc.list().templates).toHaveLength(1);
    expect(svc.list().templates[0]).toMatchObject({
      source: 'manual',
      usable: true,
      kind: 'verification',
      variableNames: [''],
    });

    const sign = svc.addSign({ signName: '我的小店', international: false });
    expect(sign).toMatchObject({ source: 'manual', usable: true });
    expect(svc.removeSign('我的小店', false)).toBe(true);
    expect(svc.remove('555')).toBe(true);
    expect(svc.list().templates).toEqual([]);
  });

  it('asks for the kind of a hand-added template (with a suggestion) and rejects broken content', () => {
    let asked: unknown;
    try {
      svc.add({ templateId: '77', content: '新品上架{1}，拒收请回复R', international: false });
    } catch (e) {
      asked = e;
    }
    expect(asked).toMatchObject({
      code: 'template_kind_required',
      messageKey: 'templates.errors.kindRequired',
      details: { suggested: 'marketing' },
    });
    expect(svc.list().templates).toEqual([]);
    const t = svc.add({
      templateId: '77',
      content: '新品上架{1}，拒收请回复R',
      international: false,
      kind: 'marketing',
    });
    expect(t).toMatchObject({ kind: 'marketing', kindChosen: true });
    expect(() =>
      svc.add({ templateId: '78', content: '{1}{2}', international: false, kind: 'notification' }),
    ).toThrow(AppError);
  });

  it("gives each variable a kind from the text, keeps the user's choice, and never guesses a code template with a name in it", async () => {
    gw.templates['0'] = {
      ok: true,
      value: [tpl({ templateId: '1001', content: '{1}您好，您的验证码是{2}，{3}分钟内有效。' })],
    };
    await svc.sync();
    const t = svc.get('1001')!;
    expect(t.kind).toBe('notification');
    expect(t.variables.map((v) => [v.kind, v.labelKey, v.chosen])).toEqual([
      ['name', 'name', false],
      ['code', 'code', false],
      ['number', 'minutes', false],
    ]);
    const u = svc.update({ templateId: '1001', variableKinds: [null, null, 'text'] });
    expect(u.variables[2]).toMatchObject({ kind: 'text', chosen: true });
    await svc.sync();
    expect(svc.get('1001')!.variableKinds).toEqual([null, null, 'text']);
  });

  it('stores a sign typed with its brackets without them, and refuses a send with a sign under review', () => {
    expect(svc.addSign({ signName: ' 【我的小店】 ', international: false }).signName).toBe(
      '我的小店',
    );
    expect(() => svc.addSign({ signName: '我的【小店', international: false })).toThrow(
      /sign_invalid/,
    );
    svc.repo.putSign({
      signName: '审核中的店',
      signId: 7,
      international: false,
      status: 'reviewing',
      reviewReply: '',
      createdAt: null,
      source: 'synced',
      updatedAt: 0,
    });
    expect(() => svc.assertSignSendable('【审核中的店】')).toThrow(/sign_not_approved/);
    expect(() => svc.assertSignSendable('我的小店')).not.toThrow();
    // Unknown to the app (nothing synced): Tencent judges it.
    expect(() => svc.assertSignSendable('别的店')).not.toThrow();
  });

  it('refuses to remove a synced template or to edit its content', async () => {
    gw.templates['0'] = { ok: true, value: [tpl({})] };
    await svc.sync();
    expect(() => svc.remove('1000')).toThrow(/template_synced/);
    expect(() => svc.update({ templateId: '1000', content: '别的' })).toThrow(/template_synced/);
    expect(() => svc.update({ templateId: '9999', kind: 'marketing' })).toThrow(
      /template_not_found/,
    );
  });
  it("switching to another app drops the old app's synced lists but keeps hand-added ones", async () => {
    gw.templates['0'] = { ok: true, value: [tpl({})] };
    await svc.sync();
    svc.add({
      templateId: '555',
      content: '取件码{1}',
      international: false,
      kind: 'notification',
    });
    const denied = {
      ok: false as const,
      failure: 'permanent' as const,
      code: 'FailedOperation.NotEnterpriseCertification',
      message: 'x',
    };
    gw.sdkAppId = '1400000002';
    gw.templates = { '0': denied, '1': denied };
    const status = await svc.sync();
    expect(status.sdkAppId).toBe('1400000002');
    expect(svc.list().templates.map((t) => t.templateId)).toEqual(['555']);
  });
});
