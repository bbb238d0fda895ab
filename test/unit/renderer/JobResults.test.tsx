// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import '../../../src/renderer/src/i18n';
import { JobResults } from '../../../src/renderer/src/pages/send/JobResults';
import { resetCooldownStore } from '../../../src/renderer/src/lib/cooldown-store';
import type { JobRow, JobSummary, StateCounts } from '../../../src/shared/api/outbox';
import { fakeSms, type FakeSms } from './fake-sms';

const row = (over: Partial<JobRow>): JobRow => ({
  rowNo: 1,
  phone: '+8613812345678',
  params: ['123456'],
  state: 'sent',
  heldReason: null,
  code: 'Ok',
  message: null,
  serialNo: 'S-1',
  fee: 1,
  attempts: 1,
  notBefore: null,
  requestId: 'r',
  sessionContext: null,
  rendered: '【小店】验证码123456',
  retrySafe: false,
  attemptedAt: 1,
  sentAt: 1,
  reconciledAt: null,
  recentSend: null,
  ...over,
});

const counts = (rows: JobRow[]): StateCounts => {
  const c: StateCounts = {
    pending: 0,
    held: 0,
    sending: 0,
    sent: 0,
    failed: 0,
    unknown: 0,
    skipped: 0,
    cancelled: 0,
  };
  for (const r of rows) c[r.state]++;
  return c;
};

describe('JobResults', () => {
  let sms: FakeSms;
  let rows: JobRow[];

  beforeEach(() => {
    resetCooldownStore();
    rows = [
      row({}),
      row({
        rowNo: 2,
        phone: '+8613912345678',
        state: 'failed',
        code: 'LimitExceeded.PhoneNumberDailyLimit',
        serialNo: null,
        fee: 0,
        retrySafe: false,
      }),
      row({
        rowNo: 3,
        phone: '+8613712345678',
        state: 'failed',
        code: 'RequestLimitExceeded',
        serialNo: null,
        fee: 0,
        retrySafe: true,
      }),
      row({
        rowNo: 4,
        phone: '+8613612345678',
        state: 'unknown',
        code: 'Network.Timeout',
        serialNo: null,
        fee: null,
      }),
    ];
    const summary = (): JobSummary => ({
      id: 7,
      kind: 'direct',
      status: 'finished',
      pausedReason: null,
      lastErrorCode: null,
      sdkAppId: '1400000001',
      templateId: '2001001',
      templateContent: '验证码{1}',
      templateKind: 'verification',
      signName: '小店',
      options: { marketing: false, heldPolicy: 'wait', concurrency: 4 },
      total: rows.length,
      counts: counts(rows),
      recentDuplicates: 0,
      feeTotal: 1,
      createdAt: 1,
      startedAt: 1,
      finishedAt: 2,
      updatedAt: 2,
    });
    sms = fakeSms({
      'job.get': () => summary(),
      'job.rows': () => ({ items: rows, total: rows.length }),
      'job.retry': ({ rowNos }) => {
        rows = rows.map((r) => (rowNos?.includes(r.rowNo) ? { ...r, state: 'pending' } : r));
        return { affected: rowNos?.length ?? 0 };
      },
      'cooldown.query': ({ phones }) => ({
        now: Date.now(),
        items: phones.map((phone) => ({
          phone,
          allowedAt: Date.now(),
          reason: null,
          counts: { s30: 0, h1: 0, day: 0 },
        })),
      }),
    });
    window.sms = sms.api;
  });
  afterEach(() => {
    cleanup();
    resetCooldownStore();
    delete window.sms;
  });

  const rowEl = (phone: string): HTMLElement =>
    document.querySelector(`[data-testid="result-row"][data-phone="${phone}"]`) as HTMLElement;

  it('explains each result in plain words and offers a retry only when it is safe', async () => {
    render(<JobResults jobId={7} />);
    await waitFor(() => expect(screen.getAllByTestId('result-row')).toHaveLength(4));

    expect(within(rowEl('+8613812345678')).getByTestId('row-serial').textContent).toBe('S-1');
    // Daily cap: retrying now cannot help, the button is disabled.
    const daily = within(rowEl('+8613912345678'));
    expect(daily.getByText(/LimitExceeded.PhoneNumberDailyLimit/)).toBeTruthy();
    expect((daily.getByRole('button') as HTMLButtonElement).disabled).toBe(true);
    // Nothing was sent: safe to retry.
    const safe = within(rowEl('+8613712345678'));
    expect(safe.getByText(/可以安全重试/)).toBeTruthy();
    const retry = safe.getByRole('button') as HTMLButtonElement;
    expect(retry.disabled).toBe(false);

    // The unknown row explains the double-send risk and offers a check first.
    const unknown = screen.getByTestId('unknown-explained');
    expect(unknown.textContent).toContain('收到两条');
    expect(unknown.textContent).toContain('向腾讯云核实');

    await act(async () => {
      fireEvent.click(retry);
    });
    await waitFor(() => expect(rowEl('+8613712345678').getAttribute('data-state')).toBe('pending'));
    const call = sms.calls.find((c) => c.name === 'job.retry');
    expect(call?.input).toEqual({ jobId: 7, rowNos: [3] });
  });

  it('reloads when the outbox reports progress for this job only', async () => {
    render(<JobResults jobId={7} />);
    await waitFor(() => expect(screen.getAllByTestId('result-row')).toHaveLength(4));
    const loads = () => sms.calls.filter((c) => c.name === 'job.rows').length;
    const before = loads();
    const progress = {
      jobId: 99,
      status: 'running' as const,
      pausedReason: null,
      total: 1,
      counts: counts([]),
      ratePerSec: 0,
      etaMs: null,
      nextDueAt: null,
    };
    act(() => sms.emit('job.progress', progress));
    expect(loads()).toBe(before);
    rows = rows.map((r) => (r.rowNo === 4 ? { ...r, state: 'sent', serialNo: 'S-4' } : r));
    await act(async () => {
      sms.emit('job.finished', { ...progress, jobId: 7, status: 'finished' });
    });
    await waitFor(() => expect(rowEl('+8613612345678').getAttribute('data-state')).toBe('sent'));
    expect(screen.queryByTestId('unknown-explained')).toBeNull();
  });
});
