// @vitest-environment happy-dom
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import '../../../../src/renderer/src/i18n';
import { ReconcileProgressBar } from '../../../../src/renderer/src/pages/batch/ReconcileProgressBar';
import { fakeSms } from '../fake-sms';

/** A loaded machine (the full unit run) can take longer than the default second. */
const LATE = { timeout: 5_000 };

afterEach(() => {
  cleanup();
  delete window.sms;
});

describe('reconcile progress', () => {
  it('shows how far the check with Tencent has come, then goes away and re-reads', async () => {
    const sms = fakeSms({});
    window.sms = sms.api;
    let reread = 0;
    render(<ReconcileProgressBar jobId={7} onDone={() => reread++} />);
    expect(screen.queryByTestId('batch-reconcile-progress')).toBeNull();

    act(() =>
      sms.emit('job.reconcileProgress', {
        jobId: 7,
        total: 3000,
        checked: 1200,
        confirmed: 40,
        done: false,
      }),
    );
    const bar = await screen.findByTestId('batch-reconcile-progress', {}, LATE);
    expect(bar.getAttribute('data-checked')).toBe('1200');
    expect(bar.textContent).toContain('已核对 1,200 / 3,000 行，其中确认已发送 40 行');
    expect(bar.textContent).toContain('40%');

    // Another job's pass changes nothing here.
    act(() =>
      sms.emit('job.reconcileProgress', {
        jobId: 8,
        total: 10,
        checked: 10,
        confirmed: 0,
        done: true,
      }),
    );
    expect(screen.getByTestId('batch-reconcile-progress')).toBeTruthy();

    act(() =>
      sms.emit('job.reconcileProgress', {
        jobId: 7,
        total: 3000,
        checked: 3000,
        confirmed: 41,
        done: true,
      }),
    );
    await waitFor(() => expect(screen.queryByTestId('batch-reconcile-progress')).toBeNull(), LATE);
    expect(reread).toBe(1);
  });
});
