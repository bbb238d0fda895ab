import {
  callNames,
  methodName,
  type CallName,
  type CallOutput,
  type EventName,
  type EventPayload,
  type ParsedInput,
  type SmsApi,
} from '../../../src/shared/api';

export type FakeImpl = { [N in CallName]?: (input: ParsedInput<N>) => CallOutput<N> };

export interface FakeSms {
  api: SmsApi;
  calls: { name: CallName; input: unknown }[];
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
}

/**
 * A `window.sms` for renderer tests: every call of the contract exists; the ones a test
 * implements answer `{ok: true, value}`, the others fail like an unknown call would.
 */
export function fakeSms(impl: FakeImpl): FakeSms {
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const calls: FakeSms['calls'] = [];
  const methods: Record<string, (input?: unknown) => Promise<unknown>> = {};
  for (const name of callNames) {
    methods[methodName(name)] = (input?: unknown) => {
      calls.push({ name, input });
      const fn = impl[name] as ((i: unknown) => unknown) | undefined;
      if (!fn)
        return Promise.resolve({
          ok: false,
          error: { code: 'not_in_test', messageKey: 'errors.internal' },
        });
      try {
        return Promise.resolve({ ok: true, value: fn(input) });
      } catch (e) {
        return Promise.resolve({
          ok: false,
          error: { code: String(e), messageKey: 'errors.internal' },
        });
      }
    };
  }
  const on = (event: string, fn: (p: unknown) => void) => {
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(fn);
    return () => set.delete(fn);
  };
  // Built from the contract's names at runtime, so the compiler cannot see every key.
  const api = { ...methods, on } as unknown as SmsApi;
  return {
    api,
    calls,
    emit(event, payload) {
      for (const fn of listeners.get(event) ?? []) fn(payload);
    },
  };
}
