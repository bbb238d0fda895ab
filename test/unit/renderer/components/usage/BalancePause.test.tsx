// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import '../../../../../src/renderer/src/i18n';
import { BalancePause } from '../../../../../src/renderer/src/components/usage/BalancePause';
import { fakeSms } from '../../fake-sms';

afterEach(() => {
  cleanup();
  delete window.sms;
});

const balance = (remaining: number) => ({
  remaining,
  packages: [],
  readAt: 1_800_000_000_000,
  problem: null,
});

describe('BalancePause (a job paused for lack of balance)', () => {
  it('offers 刷新余量, shows the fresh balance, and 继续发送', async () => {
    const sms = fakeSms({
      'usage.balance': () => balance(0),
      'usage.refreshBalance': () => balance(500),
    });
    window.sms = sms.api;
    const onResume = vi.fn();
    render(
      <BalancePause code="FailedOperation.InsufficientBalanceInSmsPackage" onResume={onResume} />,
    );
    expect(await screen.findByText('剩余 0 条')).toBeTruthy();
    fireEvent.click(screen.getByTestId('usage-refresh-balance'));
    expect(await screen.findByText('剩余 500 条')).toBeTruthy();
    fireEvent.click(screen.getByTestId('usage-resume'));
    expect(onResume).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId('usage-resume').textContent).toContain('继续发送');
  });

  it('stays away for other pause reasons', () => {
    window.sms = fakeSms({}).api;
    const { container } = render(
      <BalancePause code="LimitExceeded.PhoneNumberDailyLimit" onResume={() => {}} />,
    );
    expect(container.textContent).toBe('');
  });
});
