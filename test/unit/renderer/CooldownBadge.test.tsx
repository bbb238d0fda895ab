// @vitest-environment happy-dom
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import '../../../src/renderer/src/i18n';
import { CooldownBadge } from '../../../src/renderer/src/components/CooldownBadge';
import { getCooldown, resetCooldownStore } from '../../../src/renderer/src/lib/cooldown-store';
import { fakeSms, type FakeSms } from './fake-sms';

const PHONE = '+8613812345678';
const T0 = Date.UTC(2026, 10, 27, 2, 0, 0);

describe('CooldownBadge', () => {
  let sms: FakeSms;

  beforeEach(() => {
    vi.useFakeTimers({ now: T0 });
    resetCooldownStore();
    sms = fakeSms({
      'cooldown.query': ({ phones }) => ({
        now: Date.now(),
        items: phones.map((phone) => ({
          phone,
          allowedAt: phone === PHONE ? T0 + 30_000 : T0,
          reason: phone === PHONE ? 'thirtySeconds' : null,
          counts: { s30: phone === PHONE ? 1 : 0, h1: 1, day: 1 },
        })),
      }),
    });
    window.sms = sms.api;
  });
  afterEach(() => {
    cleanup();
    resetCooldownStore();
    vi.useRealTimers();
    delete window.sms;
  });

  it('counts down on the shared clock and turns free when the time has come', async () => {
    render(<CooldownBadge phone={PHONE} />);
    // The store batches lookups: one query after a short delay.
    await act(async () => {
      await vi.advanceTimersByTimeAsync(25);
    });
    const badge = screen.getByTestId('cooldown-badge');
    expect(badge.dataset.state).toBe('cooling');
    expect(badge.textContent).toMatch(/冷却中 00:(30|29)/);

    await act(async () => {
      await vi.advanceTimersByTimeAsync(10_000);
    });
    expect(screen.getByTestId('cooldown-badge').textContent).toMatch(/冷却中 00:(20|19)/);

    await act(async () => {
      await vi.advanceTimersByTimeAsync(21_000);
    });
    expect(screen.getByTestId('cooldown-badge').dataset.state).toBe('free');
    expect(screen.getByTestId('cooldown-badge').textContent).toBe('可发送');
    expect(sms.calls.filter((c) => c.name === 'cooldown.query')).toHaveLength(1);
  });

  it('follows cooldown.changed pushes without asking again', async () => {
    render(
      <>
        <CooldownBadge phone="+8613912345678" />
      </>,
    );
    await act(async () => {
      await vi.advanceTimersByTimeAsync(25);
    });
    expect(screen.getByTestId('cooldown-badge').dataset.state).toBe('free');

    act(() => {
      sms.emit('cooldown.changed', {
        items: [
          {
            phone: '+8613912345678',
            allowedAt: Date.now() + 3_600_000,
            reason: 'day',
            counts: { s30: 0, h1: 0, day: 10 },
          },
        ],
      });
    });
    expect(screen.getByTestId('cooldown-badge').textContent).toMatch(/冷却中 (1:00:00|59:59)/);
    expect(sms.calls.filter((c) => c.name === 'cooldown.query')).toHaveLength(1);
  });

  it('a page of badges makes one batched query', async () => {
    const phones = Array.from(
      { length: 50 },
      (_, i) => `+86138000000${String(i).padStart(2, '0')}`,
    );
    render(
      <>
        {phones.map((p) => (
          <CooldownBadge key={p} phone={p} />
        ))}
      </>,
    );
    await act(async () => {
      await vi.advanceTimersByTimeAsync(25);
    });
    const queries = sms.calls.filter((c) => c.name === 'cooldown.query');
    expect(queries).toHaveLength(1);
    expect((queries[0]!.input as { phones: string[] }).phones).toHaveLength(50);
    expect(screen.getAllByTestId('cooldown-badge')).toHaveLength(50);
  });

  it('keeps pushes only for numbers something asked about (a batch pushes every number)', async () => {
    render(<CooldownBadge phone={PHONE} />);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(25);
    });
    const others = Array.from({ length: 1000 }, (_, i) => `+86137${String(i).padStart(8, '0')}`);
    act(() => {
      sms.emit('cooldown.changed', {
        items: [PHONE, ...others].map((phone) => ({
          phone,
          allowedAt: T0 + 3_600_000,
          reason: 'hour',
          counts: { s30: 0, h1: 5, day: 5 },
        })),
      });
    });
    expect(getCooldown(PHONE)?.reason).toBe('hour');
    expect(screen.getByTestId('cooldown-badge').textContent).toMatch(/冷却中 (1:00:00|59:59)/);
    expect(others.filter((p) => getCooldown(p) !== undefined)).toEqual([]);
  });
});
