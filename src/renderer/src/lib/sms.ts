import type { CallName, CallInput, CallOutput, SmsApi } from '../../../shared/api';
import { methodName } from '../../../shared/api';
import type { ErrorInfo } from '../../../shared/errors';

declare global {
  interface Window {
    sms?: SmsApi;
  }
}

/** A failed call, carrying the catalog key the UI translates. */
export class SmsError extends Error {
  constructor(readonly info: ErrorInfo) {
    super(info.code);
    this.name = 'SmsError';
  }
}

export function getApi(): SmsApi {
  if (!window.sms)
    throw new SmsError({ code: 'bridge_missing', messageKey: 'errors.bridgeMissing' });
  return window.sms;
}

/** Calls a contract method and unwraps its envelope, throwing SmsError on failure. */
export async function call<N extends CallName>(
  name: N,
  ...args: CallInput<N> extends undefined ? [] : [CallInput<N>]
): Promise<CallOutput<N>> {
  const api = getApi() as unknown as Record<
    string,
    (input?: unknown) => Promise<{ ok: boolean; value?: unknown; error?: ErrorInfo }>
  >;
  const method = api[methodName(name)];
  if (!method) throw new SmsError({ code: 'unknown_call', messageKey: 'errors.unknownCall' });
  const result = await method(args[0]);
  if (!result.ok)
    throw new SmsError(result.error ?? { code: 'internal', messageKey: 'errors.internal' });
  return result.value as CallOutput<N>;
}

/** The catalog key + params for any thrown thing, for `t(key, params)`. */
export function errorMessage(e: unknown): { key: string; params: Record<string, unknown> } {
  if (e instanceof SmsError) return { key: e.info.messageKey, params: e.info.details ?? {} };
  return { key: 'errors.internal', params: {} };
}
