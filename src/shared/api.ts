/**
 * The IPC contract: every call and every event that crosses between renderer and main.
 * Main, preload, renderer, tests and the browser harness all type-check against it.
 * Each domain keeps its schemas in `./api/<domain>.ts`; this file is the single index.
 */
import type { z } from 'zod';
import type { Result } from './errors';
import type { CallDef, EventDef } from './api/define';
import { appCalls, appEvents } from './api/app';
import { importCalls, importEvents } from './api/imports';
import { accountCalls, accountEvents } from './api/account';
import { templatesCalls } from './api/templates';
import { batchCalls } from './api/batch';
import { historyCalls } from './api/history';
import { cooldownCalls, cooldownEvents } from './api/cooldown';
import { outboxCalls, outboxEvents } from './api/outbox';
import { updatesCalls } from './api/updates';
import { desktopCalls, scheduleCalls, scheduleEvents } from './api/schedule';
import { prefsCalls, prefsEvents } from './api/prefs';
import { inboundCalls, inboundEvents } from './api/inbound';
import { usageCalls } from './api/usage';
import { recoveryEvents } from './api/recovery';

export const calls = {
  ...appCalls,
  ...importCalls,
  ...accountCalls,
  ...templatesCalls,
  ...batchCalls,
  ...historyCalls,
  ...cooldownCalls,
  ...outboxCalls,
  ...updatesCalls,
  ...scheduleCalls,
  ...desktopCalls,
  ...prefsCalls,
  ...inboundCalls,
  ...usageCalls,
} satisfies Record<string, CallDef>;

export const events = {
  ...appEvents,
  ...importEvents,
  ...accountEvents,
  ...cooldownEvents,
  ...outboxEvents,
  ...scheduleEvents,
  ...prefsEvents,
  ...inboundEvents,
  ...recoveryEvents,
} satisfies Record<string, EventDef>;

export type Calls = typeof calls;
export type Events = typeof events;
export type CallName = keyof Calls & string;
export type EventName = keyof Events & string;
/** What the caller passes (before zod defaults/transforms). */
export type CallInput<N extends CallName> = z.input<Calls[N]['input']>;
/** What the handler receives after parsing. */
export type ParsedInput<N extends CallName> = z.output<Calls[N]['input']>;
export type CallOutput<N extends CallName> = z.output<Calls[N]['output']>;
export type EventPayload<N extends EventName> = z.output<Events[N]['payload']>;

/** `app.info` → `appInfo`, `job.create` → `jobCreate`. */
export type MethodName<N extends string> = N extends `${infer A}.${infer B}`
  ? `${A}${Capitalize<MethodName<B>>}`
  : N;

export const methodName = <N extends string>(name: N): MethodName<N> =>
  name.replace(/\.(\w)/g, (_m, c: string) => c.toUpperCase()) as MethodName<N>;

/** The IPC channel a call travels on (one per call, so main can register each one). */
export const channelFor = (name: CallName): string => `sms:${name}`;
export const EVENT_CHANNEL = 'sms:event';

export const callNames = Object.keys(calls) as CallName[];
export const eventNames = Object.keys(events) as EventName[];

export const isCallName = (name: unknown): name is CallName =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(calls, name);
export const isEventName = (name: unknown): name is EventName =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);

type Method<N extends CallName> =
  CallInput<N> extends undefined
    ? (input?: CallInput<N>) => Promise<Result<CallOutput<N>>>
    : (input: CallInput<N>) => Promise<Result<CallOutput<N>>>;

export type EventListener<E extends EventName> = (payload: EventPayload<E>) => void;

/** `window.sms`: one named async method per call, plus event subscription. */
export type SmsApi = { [N in CallName as MethodName<N>]: Method<N> } & {
  on<E extends EventName>(event: E, listener: EventListener<E>): () => void;
};

export type { CallDef, EventDef } from './api/define';
export type { Result, ErrorInfo } from './errors';
