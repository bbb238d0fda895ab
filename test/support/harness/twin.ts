/**
 * The browser twin of the preload: `window.sms` over loopback instead of ipcRenderer.
 * Built from the same contract by the same bridge builder, so its type is the preload's.
 * Wire format: POST /__sms/call {name, input} → {ok, value | error}; events as SSE on
 * GET /__sms/events (event: the contract's event name, data: its JSON payload).
 */
import { buildBridge } from '../../../src/preload/bridge';
import { eventNames, type EventName, type SmsApi } from '../../../src/shared/api';
import type { Result } from '../../../src/shared/errors';

const invoke = async (name: string, input: unknown): Promise<Result<unknown>> => {
  try {
    const res = await fetch('/__sms/call', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(input === undefined ? { name } : { name, input }),
    });
    return (await res.json()) as Result<unknown>;
  } catch {
    return { ok: false, error: { code: 'network', messageKey: 'errors.network' } };
  }
};

const listeners = new Set<(name: EventName, payload: unknown) => void>();
let source: EventSource | undefined;
const ensureSource = () => {
  if (source) return;
  source = new EventSource('/__sms/events');
  for (const name of eventNames) {
    source.addEventListener(name, (e) => {
      const payload: unknown = JSON.parse((e as MessageEvent<string>).data);
      for (const l of listeners) l(name, payload);
    });
  }
};

const sms = buildBridge(invoke, (listener) => {
  ensureSource();
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}) satisfies SmsApi;

// Open the event stream at once so no event is missed between page load and first subscribe.
ensureSource();
(window as unknown as { sms: SmsApi }).sms = sms;
