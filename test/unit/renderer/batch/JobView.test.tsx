// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import '../../../../src/renderer/src/i18n';
import { JobView } from '../../../../src/renderer/src/pages/batch/JobView';
import type { JobProgress, JobSummary, StateCounts } from '../../../../src/shared/api/outbox';
import { fakeSms, type FakeSms } from '../fake-sms';

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

function job(over: Partial<JobSummary>): JobSummary {
  return {
    id: 7,
    kind: 'batch',
    status: 'paused',
    pausedReason: 'interrupted',
    lastErrorCode: null,
    sdkAppId: '1400000001',
    templateId: '2001002',
    templateContent: '{1}您好，您预约的{2}将于{3}开始，请准时到达。',
    templateKind: 'notification',
    signName: '示例小店',
    options: { marketing: false, heldPolicy: 'wait', concurrency: 4 },
    total: 100,
    counts: { ...zero, sent: 40, pending: 60 },
    recentDuplicates: 0,
    feeTotal: 40,
    createdAt: 0,
    startedAt: 0,
    finishedAt: null,
    updatedAt: 0,
    ...over,
  };
}

describe('batch job view', () => {
  let sms: FakeSms;
  let current: JobSummary;

  beforeEach(() => {
    current = job({});
    sms = fakeSms({
      'job.get': () => current,
      'job.rows': () => ({ items: [], total: 0 }),
      'job.resume': () => {
        current = job({ status: 'running', pausedReason: null });
        return current;
      },
    });
    window.sms = sms.api;
  });
  afterEach(() => {
    cleanup();
    vi.restoreAllMocks();
    delete window.sms;
  });

  it('shows a crashed job as 已中断, resumes it, then shows speed and time left', async () => {
    render(<JobView jobId={7} importId={null} onBack={() => {}} />);
    await screen.findByTestId('batch-interrupted');
    expect(screen.getByTestId('batch-job-status').textContent).toBe('已中断');
    expect(screen.getByTestId('batch-progress-bar').getAttribute('data-done')).toBe('40');

    fireEvent.click(screen.getByTestId('batch-resume'));
    await waitFor(() =>
      expect(screen.getByTestId('batch-job-status').getAttribute('data-status')).toBe('running'),
    );
    expect(sms.calls.some((c) => c.name === 'job.resume')).toBe(true);
    expect(screen.queryByTestId('batch-interrupted')).toBeNull();

    const progress: JobProgress = {
      jobId: 7,
      status: 'running',
      pausedReason: null,
      total: 100,
      counts: { ...zero, sent: 70, pending: 30 },
      ratePerSec: 12.5,
      etaMs: 65_000,
      nextDueAt: null,
    };
    act(() => sms.emit('job.progress', progress));
    // Another job's progress changes nothing here.
    act(() => sms.emit('job.progress', { ...progress, jobId: 8, counts: { ...zero, sent: 1 } }));
    await waitFor(() => expect(screen.getByTestId('batch-speed').textContent).toContain('12.5'));
    expect(screen.getByTestId('batch-speed').textContent).toContain('01:05');
    expect(screen.getByTestId('batch-progress-bar').getAttribute('data-done')).toBe('70');
  });

  it('asks before the window closes only while the job runs', async () => {
    current = job({ status: 'running', pausedReason: null });
    const view = render(<JobView jobId={7} importId={null} onBack={() => {}} />);
    await waitFor(() =>
      expect(screen.getByTestId('batch-job-status').getAttribute('data-status')).toBe('running'),
    );
    const running = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(running);
    expect(running.defaultPrevented).toBe(true);

    current = job({ status: 'finished', pausedReason: null, counts: { ...zero, sent: 100 } });
    act(() =>
      sms.emit('job.finished', {
        jobId: 7,
        status: 'finished',
        pausedReason: null,
        total: 100,
        counts: { ...zero, sent: 100 },
        ratePerSec: 0,
        etaMs: null,
        nextDueAt: null,
      }),
    );
    await waitFor(() =>
      expect(screen.getByTestId('batch-job-status').getAttribute('data-status')).toBe('finished'),
    );
    const done = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(done);
    expect(done.defaultPrevented).toBe(false);
    view.unmount();
  });
});
