// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import '../../../src/renderer/src/i18n';
import { TemplatesSection } from '../../../src/renderer/src/pages/settings/TemplatesSection';
import type { Template, SyncStatus } from '../../../src/shared/api/templates';
import { fakeSms, type FakeSms } from './fake-sms';

const personal: SyncStatus = {
  at: 1_750_000_000_000,
  sdkAppId: '1400000002',
  personal: true,
  problems: [
    {
      list: 'templates',
      international: false,
      code: 'FailedOperation.NotEnterpriseCertification',
      messageKey: 'templates.errors.notEnterprise',
    },
  ],
  templates: 0,
  signs: 0,
};

const rejected: Template = {
  templateId: '1001',
  name: '促销',
  content: '双十一大促',
  international: false,
  status: 'rejected',
  reviewReply: '营销短信须以“拒收请回复R”结尾',
  createdAt: 1,
  source: 'synced',
  kind: 'marketing',
  kindChosen: false,
  variableNames: [],
  variables: [],
  variableKinds: [],
  usable: false,
  updatedAt: 1,
};

describe('TemplatesSection', () => {
  let sms: FakeSms;
  let templates: Template[];

  beforeEach(() => {
    templates = [rejected];
    sms = fakeSms({
      'templates.list': () => ({ templates, lastSync: personal }),
      'signs.list': () => ({ signs: [] }),
      'templates.sync': () => personal,
      'templates.add': (input) => {
        const t: Template = {
          templateId: input.templateId,
          name: input.name ?? input.templateId,
          content: input.content,
          international: input.international,
          status: 'approved',
          reviewReply: '',
          createdAt: null,
          source: 'manual',
          kind: input.kind ?? 'notification',
          kindChosen: true,
          variableNames: [''],
          variables: [{ kind: 'text', label: '', labelKey: 'text', chosen: false }],
          variableKinds: [null],
          usable: true,
          updatedAt: 2,
        };
        templates = [t, ...templates];
        return t;
      },
    });
    window.sms = sms.api;
  });
  afterEach(() => {
    cleanup();
    delete window.sms;
  });

  it("tells a personal account why nothing was listed and shows Tencent's review reply", async () => {
    render(<TemplatesSection />);
    await screen.findByTestId('templates-personal');
    expect(screen.getByTestId('templates-personal').textContent).toContain('手动添加');
    expect(await screen.findByText('营销短信须以“拒收请回复R”结尾')).toBeTruthy();
    expect(screen.getByText('未通过')).toBeTruthy();
  });

  it('adds a template by hand: asks for its kind, suggesting marketing from the unsubscribe phrase', async () => {
    render(<TemplatesSection />);
    await screen.findByTestId('templates-personal');
    fireEvent.click(screen.getByTestId('template-add'));
    const id = await screen.findByTestId('template-add-id');
    fireEvent.change(id, { target: { value: '2002' } });
    fireEvent.change(screen.getByTestId('template-add-content'), {
      target: { value: '{1}会员日全场8折。拒收请回复R' },
    });
    await screen.findByText('找到 1 个变量');
    expect(await screen.findByText('按内容看像是：营销')).toBeTruthy();
    // Not guessed silently: without a kind nothing is saved and the form asks.
    await act(async () => {
      fireEvent.click(screen.getByTestId('template-add-ok'));
    });
    expect(await screen.findByText('请选择模板类型（与控制台里审核通过的类型一致）')).toBeTruthy();
    expect(sms.calls.some((c) => c.name === 'templates.add')).toBe(false);
    const kind = screen.getByTestId('template-add-kind');
    fireEvent.mouseDown(kind.querySelector('input') ?? kind);
    const options = await screen.findAllByText('营销');
    fireEvent.click(options[options.length - 1]!);
    await act(async () => {
      fireEvent.click(screen.getByTestId('template-add-ok'));
    });
    await waitFor(() => expect(sms.calls.some((c) => c.name === 'templates.add')).toBe(true));
    const add = sms.calls.find((c) => c.name === 'templates.add')!.input as Record<string, unknown>;
    expect(add).toMatchObject({
      templateId: '2002',
      content: '{1}会员日全场8折。拒收请回复R',
      kind: 'marketing',
      international: false,
    });
    expect(await screen.findByText('手动添加')).toBeTruthy();
  });
});
