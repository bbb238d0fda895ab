// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import '../../../../../src/renderer/src/i18n';
import { MissedSchedules } from '../../../../../src/renderer/src/components/schedule/MissedSchedules';
import { JobView } from '../../../../../src/renderer/src/pages/batch/JobView';
import type { JobSummary, StateCounts } from '../../../../../src/shared/api/outbox';
import { fakeSms, type FakeSms } from '../../fake-sms';

const zero: StateCounts = {
  pending: 0,
  held: 0,
  sending: 0,
  sent: 0,
  failed: 0,
  unknown: 0,
  skipped: 0,
  cancelled: 0,
};
const AT = Date.UTC(2026, 11, 4, 1, 40); // 09:40 Beijing

function job(over: Partial<JobSummary>): JobSummary {
  return {
    id: 5,
    kind: 'batch',
    status: 'scheduled',
    pausedReason: null,
    lastErrorCode: null,
    sdkAppId: '1400000001',
    templateId: '2001002',
    templateContent: '{1}您好，您预约的{2}将于{3}开始，请准时到达。',
    templateKind: 'notification',
    signName: '示例小店',
    options: { marketing: false, heldPolicy: 'wait', concurrency: 4 },
    total: 30,
    counts: { ...zero, pending: 30 },
    recentDuplicates: 0,
    feeTotal: 0,
    createdAt: 0,
    startedAt: null,
    finishedAt: null,
    updatedAt: 0,
    scheduledAt: AT,
    scheduleMissedAt: null,
    ...over,
  };
}

describe('scheduled jobs on screen', () => {
  let sms: FakeSms;
  let current: JobSummary;

  beforeEach(() => {
    current = job({ scheduleMissedAt: AT + 3_600_000 });
    sms = fakeSms({
      'job.list': () => ({
        items: current.status === 'scheduled' ? [current] : [],
        total: current.status === 'scheduled' ? 1 : 0,
      }),
      'job.get': () => current,
      'job.rows': () => ({ items: [], total: 0 }),
      'job.start': () => (current = job({ status: 'running', startedAt: AT })),
      'job.cancel': () =>
        (current = job({ status: 'cancelled', counts: { ...zero, cancelled: 30 } })),
    });
    window.sms = sms.api;
  });
  afterEach(() => {
    cleanup();
    delete window.sms;
  });

  it('offers a missed job (nothing sent) until the user sends it now', async () => {
    render(<MissedSchedules />);
    const alert = await screen.findByTestId('missed-5');
    expect(alert.textContent).toContain('定时任务错过了发送时间');
    expect(alert.textContent).toContain('2026-12-04 09:40:00');
    expect(alert.textContent).toContain('立即发送');
    fireEvent.click(screen.getByTestId('schedule-start-5'));
    await waitFor(() => expect(screen.queryByTestId('missed-5')).toBeNull());
    expect(sms.calls.filter((c) => c.name === 'job.start')).toEqual([
      { name: 'job.start', input: { jobId: 5 } },
    ]);
  });

  it('a scheduled job page shows its time, then its progress once it starts', async () => {
    current = job({});
    render(<JobView jobId={5} importId={null} onBack={() => {}} />);
    await screen.findByTestId('scheduled-job');
    expect(screen.getByTestId('scheduled-job-at').textContent).toBe('2026-12-04 09:40:00');
    expect(screen.queryByText('定时任务错过了发送时间')).toBeNull();
    current = job({ status: 'running', startedAt: AT });
    act(() =>
      sms.emit('job.progress', {
        jobId: 5,
        status: 'running',
        pausedReason: null,
        total: 30,
        counts: { ...zero, pending: 20, sent: 10 },
        ratePerSec: 5,
        etaMs: 4000,
        nextDueAt: null,
      }),
    );
    await screen.findByTestId('batch-progress');
    expect(screen.queryByTestId('scheduled-job')).toBeNull();
  });
});
