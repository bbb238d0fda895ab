import { describe, expect, it, vi } from 'vitest';
import { buildBridge } from '../../../src/preload/bridge';
import { callNames, methodName, type EventName } from '../../../src/shared/api';

describe('buildBridge', () => {
  it('exposes one named method per call, plus on(), and nothing generic', () => {
    const api = buildBridge(
      async () => ({ ok: true, value: null }),
      () => () => {},
    );
    const keys = Object.keys(api).sort();
    expect(keys).toEqual([...callNames.map((n) => methodName(n)), 'on'].sort());
    expect(keys).not.toContain('invoke');
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('routes a method to its call name with the input', async () => {
    const invoke = vi.fn(async () => ({ ok: true as const, value: 1 }));
    const api = buildBridge(invoke, () => () => {});
    await api.appInfo();
    expect(invoke).toHaveBeenCalledWith('app.info', undefined);
  });

  it('delivers only the subscribed event and unsubscribes', () => {
    let emit: ((name: EventName, payload: unknown) => void) | undefined;
    const unsub = vi.fn();
    const api = buildBridge(
      async () => ({ ok: true, value: null }),
      (l) => {
        emit = l;
        return unsub;
      },
    );
    const got: unknown[] = [];
    const off = api.on('app.modeChanged', (p) => got.push(p));
    emit!('app.modeChanged', { mode: 'account' });
    emit!('not.this' as EventName, { x: 1 });
    expect(got).toEqual([{ mode: 'account' }]);
    off();
    expect(unsub).toHaveBeenCalledOnce();
    expect(() => api.on('nope' as EventName, () => {})).toThrow(/Unknown event/);
  });
});
