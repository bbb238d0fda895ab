// @vitest-environment happy-dom
import { act, cleanup, renderHook, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import '../../../../src/renderer/src/i18n';
import { useCall, useLoad } from '../../../../src/renderer/src/hooks/useCall';
import { fakeSms } from '../fake-sms';

afterEach(() => {
  cleanup();
  delete window.sms;
});

describe('useCall / useLoad', () => {
  it('loads, reloads when the input changes, and reports a failure as text', async () => {
    const sms = fakeSms({
      'import.get': ({ importId }) => {
        if (importId === 2) throw new Error('gone');
        return { importId, fileName: `f${importId}.csv` } as never;
      },
    });
    window.sms = sms.api;
    const { result, rerender } = renderHook(({ id }) => useCall('import.get', { importId: id }), {
      initialProps: { id: 1 },
    });
    expect(result.current.loading).toBe(true);
    await waitFor(() => expect(result.current.data?.importId).toBe(1));
    expect(result.current.error).toBeNull();

    rerender({ id: 2 });
    await waitFor(() => expect(result.current.error).not.toBeNull());
    // The last good answer stays on screen next to the error.
    expect(result.current.data?.importId).toBe(1);
    expect(sms.calls.filter((c) => c.name === 'import.get')).toHaveLength(2);
  });

  it('drops an answer that arrives after the deps moved on', async () => {
    const resolvers: ((v: string) => void)[] = [];
    const { result, rerender } = renderHook(
      ({ key }) => useLoad(() => new Promise<string>((r) => resolvers.push(r)), [key]),
      { initialProps: { key: 'old' } },
    );
    rerender({ key: 'new' });
    await act(async () => resolvers[1]!('new answer'));
    await act(async () => resolvers[0]!('old answer'));
    expect(result.current.data).toBe('new answer');
  });

  it('does not load while disabled', () => {
    const sms = fakeSms({});
    window.sms = sms.api;
    renderHook(() => useCall('import.get', { importId: 1 }, { enabled: false }));
    expect(sms.calls).toHaveLength(0);
  });
});
