// @vitest-environment happy-dom
import { act, cleanup, renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import '../../../../src/renderer/src/i18n';
import { useAction } from '../../../../src/renderer/src/hooks/useAction';
import { SmsError } from '../../../../src/renderer/src/lib/sms';

afterEach(cleanup);

describe('useAction', () => {
  it('shows which action runs and turns a failure into the translated text', async () => {
    const { result } = renderHook(() => useAction());
    let finish: (v: number) => void = () => {};
    let answer: Promise<number | undefined> = Promise.resolve(undefined);
    act(() => {
      answer = result.current.run(() => new Promise<number>((r) => (finish = r)), 'save');
    });
    expect(result.current.busy).toBe('save');
    await act(async () => finish(7));
    expect(await answer).toBe(7);
    expect(result.current.busy).toBeNull();

    await act(async () => {
      const failed = await result.current.run(() =>
        Promise.reject(
          new SmsError({ code: 'bridge_missing', messageKey: 'errors.bridgeMissing' }),
        ),
      );
      expect(failed).toBeUndefined();
    });
    expect(result.current.error).toMatch(/\S/);
    expect(result.current.error).not.toBe('errors.bridgeMissing');
    expect(result.current.busy).toBeNull();
  });

  it('with exclusive, ignores a second run while the first is under way', async () => {
    const { result } = renderHook(() => useAction({ exclusive: true }));
    let calls = 0;
    let finish: () => void = () => {};
    const slow = () => {
      calls++;
      return new Promise<void>((r) => (finish = r));
    };
    let first: Promise<void | undefined> = Promise.resolve();
    let second: Promise<void | undefined> = Promise.resolve();
    act(() => {
      // Two clicks in the same frame: the second sees the lock before any re-render.
      first = result.current.run(slow);
      second = result.current.run(slow);
    });
    expect(await second).toBeUndefined();
    await act(async () => finish());
    await first;
    expect(calls).toBe(1);
  });

  it('sends the text to onError instead of keeping it', async () => {
    const seen: string[] = [];
    const { result } = renderHook(() => useAction({ onError: (text) => seen.push(text) }));
    await act(async () => {
      await result.current.run(() => Promise.reject(new Error('boom')));
    });
    expect(seen).toHaveLength(1);
    expect(result.current.error).toBeNull();
  });
});
