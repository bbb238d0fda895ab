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
    vi.unstubAllEnvs();
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

  it('a marketing batch waiting for 08:00 says so instead of a time left of 00:00', async () => {
    // 2026-12-04 08:00 Beijing; the computer in China, so no 北京时间 label.
    vi.stubEnv('TZ', 'Asia/Shanghai');
    const eight = Date.UTC(2026, 11, 4, 0, 0, 0);
    vi.spyOn(Date, 'now').mockReturnValue(eight - 9 * 3600_000);
    current = job({ status: 'running', pausedReason: null, counts: { ...zero, held: 45 } });
    render(<JobView jobId={7} importId={null} onBack={() => {}} />);
    await screen.findByTestId('batch-progress');
    act(() =>
      sms.emit('job.progress', {
        jobId: 7,
        status: 'running',
        pausedReason: null,
        total: 45,
        counts: { ...zero, held: 45 },
        ratePerSec: 0,
        etaMs: 0,
        nextDueAt: eight,
      }),
    );
    await waitFor(() =>
      expect(screen.getByTestId('batch-waiting').textContent).toBe('等待到 08:00 发送'),
    );
    expect(screen.queryByTestId('batch-speed')).toBeNull();
  });

  it('a cancelled job reads as cancelled, in grey, with what was sent and what was not', async () => {
    current = job({
      status: 'cancelled',
      pausedReason: null,
      total: 45,
      counts: { ...zero, cancelled: 45 },
    });
    render(<JobView jobId={7} importId={null} onBack={() => {}} />);
    await screen.findByTestId('batch-progress-done');
    expect(screen.getByTestId('batch-progress-done').textContent).toBe(
      '已取消：发出 0 条，取消 45 条（共 45 条）',
    );
    const bar = screen.getByTestId('batch-progress-bar');
    expect(bar.textContent).toContain('0%');
    expect(bar.querySelector('.ant-progress-status-success')).toBeNull();
    expect(bar.className).not.toContain('success');
  });
});
