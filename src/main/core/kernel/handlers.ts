import type { CallName, CallOutput, ParsedInput } from '../../../shared/api';

export type Handler<N extends CallName> = (
  input: ParsedInput<N>,
) => Promise<CallOutput<N>> | CallOutput<N>;

/** Every call of the contract must have exactly one handler; the type makes a gap a compile error. */
export type Handlers = { [N in CallName]: Handler<N> };

/** A domain's share of the handlers. */
export type HandlerGroup<K extends CallName> = { [N in K]: Handler<N> };
