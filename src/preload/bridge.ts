import {
  callNames,
  eventNames,
  methodName,
  type CallName,
  type EventName,
  type SmsApi,
} from '../shared/api';
import type { Result } from '../shared/errors';

export type Invoke = (name: CallName, input: unknown) => Promise<Result<unknown>>;
export type Subscribe = (listener: (name: EventName, payload: unknown) => void) => () => void;

/**
 * Builds `window.sms` from the contract's names. Shared by the Electron preload (over
 * ipcRenderer) and the browser harness twin (over loopback HTTP), so both expose exactly the
 * same surface. It never exposes a generic invoke: only the contract's named methods exist.
 */
export function buildBridge(invoke: Invoke, subscribe: Subscribe): SmsApi {
  const api: Record<string, unknown> = {};
  for (const name of callNames) {
    api[methodName(name)] = (input?: unknown) => invoke(name, input);
  }
  const known = new Set<string>(eventNames);
  api.on = (event: EventName, listener: (payload: unknown) => void) => {
    if (!known.has(event)) throw new TypeError(`Unknown event: ${String(event)}`);
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    return subscribe((name, payload) => {
      if (name === event) listener(payload);
    });
  };
  return Object.freeze(api) as SmsApi;
}
