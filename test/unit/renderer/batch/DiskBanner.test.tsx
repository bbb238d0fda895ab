// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import '../../../../src/renderer/src/i18n';
import { JobView } from '../../../../src/renderer/src/pages/batch/JobView';
import type { JobSummary, StateCounts } from '../../../../src/shared/api/outbox';
import { fakeSms } from '../fake-sms';

/** A loaded machine (the full unit run) can take longer than the default second. */
const LATE = { timeout: 5_000 };

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

const job = (over: Partial<JobSummary>): JobSummary => ({
  id: 7,
  kind: 'batch',
  status: 'paused',
  pausedReason: 'error',
  lastErrorCode: 'Local.DiskFull',
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
});

afterEach(() => {
  cleanup();
  delete window.sms;
});

describe('batch job view: a full disk', () => {
  it('shows the disk-full banner when the job cannot even be read, and 继续发送 resumes it', async () => {
    let full = true;
    const sms = fakeSms({
      'job.get': () => {
        // What the core answers while every read needs a write the disk refuses.
        if (full) throw 'disk_full';
        return job({ status: 'running', pausedReason: null });
      },
      'job.rows': () => ({ items: [], total: 0 }),
      'job.resume': () => {
        if (full) throw 'disk_full';
        return job({ status: 'running', pausedReason: null, lastErrorCode: null });
      },
    });
    window.sms = sms.api;
    render(<JobView jobId={7} importId={null} onBack={() => {}} />);
    const banner = await screen.findByTestId('batch-disk-banner', {}, LATE);
    expect(banner.textContent).toContain('磁盘已满：请释放空间后点“继续发送”');

    // Still full: the click says so and the banner stays.
    fireEvent.click(screen.getByTestId('batch-disk-resume'));
    await screen.findByTestId('batch-disk-error', {}, LATE);
    expect(screen.getByTestId('batch-disk-banner')).toBeTruthy();

    full = false;
    // antd turns a button's spinner off one render after the call ended; clicks wait for that.
    await waitFor(
      () => expect(screen.getByTestId('batch-disk-resume').className).not.toContain('loading'),
      LATE,
    );
    fireEvent.click(screen.getByTestId('batch-disk-resume'));
    await waitFor(
      () =>
        expect(screen.getByTestId('batch-job-status').getAttribute('data-status')).toBe('running'),
      LATE,
    );
    expect(screen.queryByTestId('batch-disk-banner')).toBeNull();
    expect(sms.calls.filter((c) => c.name === 'job.resume')).toHaveLength(2);
  });

  it('shows one disk banner (not the generic pause text) for a job paused by a full disk', async () => {
    const sms = fakeSms({
      'job.get': () => job({}),
      'job.rows': () => ({ items: [], total: 0 }),
      'job.resume': () => job({ status: 'running', pausedReason: null, lastErrorCode: null }),
    });
    window.sms = sms.api;
    render(<JobView jobId={7} importId={null} onBack={() => {}} />);
    const banner = await screen.findByTestId('batch-disk-banner', {}, LATE);
    expect(banner.getAttribute('data-code')).toBe('Local.DiskFull');
    expect(screen.getByTestId('batch-job-view').textContent).not.toContain('发送已暂停。');
    fireEvent.click(screen.getByTestId('batch-disk-resume'));
    await waitFor(() => expect(screen.queryByTestId('batch-disk-banner')).toBeNull(), LATE);
  });

  it('says read-only when the disk became read-only', async () => {
    window.sms = fakeSms({
      'job.get': () => job({ lastErrorCode: 'Local.DiskReadOnly' }),
      'job.rows': () => ({ items: [], total: 0 }),
    }).api;
    render(<JobView jobId={7} importId={null} onBack={() => {}} />);
    const banner = await screen.findByTestId('batch-disk-banner', {}, LATE);
    expect(banner.textContent).toContain('只读');
  });
});
