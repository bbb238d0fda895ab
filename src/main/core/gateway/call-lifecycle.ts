import { TRANSPORT_CODES } from '../../../shared/tencent-errors';
import type { Logger } from '../kernel/log';
import { classifySdkError, redact, type ClassifiedFailure } from './classify';

export type CallOutcome<T> = { ok: true; value: T } | ({ ok: false } & ClassifiedFailure);

export interface CallLifecycleOptions {
  /** Frees the transport (agent and its sockets) once no call is left in flight. */
  release: () => void;
  secrets: readonly string[];
  logger: Logger | undefined;
  /** Log line for a failed call, so the log says which API failed. */
  failureLog: string;
}

export interface CallAttempt<T> {
  /** Fields that name the call in the failure log. */
  logFields: Record<string, unknown>;
  signal?: AbortSignal | undefined;
  run: () => Promise<T>;
  /** True when the failure happened before any byte left: safe to retry. */
  heldBack: (err: unknown) => boolean;
  /** Runs after the call, before it stops counting as in flight. */
  cleanup?: () => void;
}

/**
 * What both gateways (API 3.0 and legacy App Key) do around every call: refuse after close or
 * abort, count calls in flight so a graceful close waits for their answers, and turn any throw
 * into a typed failure whose message never carries a secret.
 */
export class CallLifecycle {
  private inFlight = 0;
  private closing = false;
  private drained: (() => void) | null = null;
  private readonly drainedPromise: Promise<void>;

  constructor(private readonly o: CallLifecycleOptions) {
    this.drainedPromise = new Promise((resolve) => {
      this.drained = resolve;
    });
  }

  /** Runs one call; never throws, never leaks a secret. */
  async call<T>(a: CallAttempt<T>): Promise<CallOutcome<T>> {
    if (this.closing) {
      return {
        ok: false,
        failure: 'retryable',
        code: TRANSPORT_CODES.gatewayClosed,
        message: 'gateway closed',
      };
    }
    if (a.signal?.aborted) {
      return {
        ok: false,
        failure: 'retryable',
        code: TRANSPORT_CODES.abortedBeforeSend,
        message: 'cancelled before sending',
      };
    }
    this.inFlight += 1;
    try {
      return { ok: true, value: await a.run() };
    } catch (err) {
      if (a.heldBack(err)) {
        return {
          ok: false,
          failure: 'retryable',
          code: TRANSPORT_CODES.abortedBeforeSend,
          message: 'held back before sending',
        };
      }
      const c = classifySdkError(err);
      const message = redact(c.message, this.o.secrets);
      this.o.logger?.warn(this.o.failureLog, {
        ...a.logFields,
        failure: c.failure,
        code: c.code,
        message,
      });
      return {
        ok: false,
        failure: c.failure,
        code: c.code,
        message,
        ...(c.requestId ? { requestId: c.requestId } : {}),
      };
    } finally {
      a.cleanup?.();
      this.inFlight -= 1;
      if (this.closing && this.inFlight === 0) this.finish();
    }
  }

  /** Stops taking calls; the transport goes once the calls in flight have their answers. */
  close(): void {
    if (this.closing) return;
    this.closing = true;
    if (this.inFlight === 0) this.finish();
  }

  /** close() and wait until the last call in flight has finished. */
  async closeGracefully(): Promise<void> {
    this.close();
    await this.drainedPromise;
  }

  /** Closes now: calls still in flight fail (as unknown: they may have been sent). */
  destroy(): void {
    this.closing = true;
    this.finish();
  }

  private finish(): void {
    this.o.release();
    this.drained?.();
    this.drained = null;
  }
}

/** The closing half of the gateway port, the same for both gateways: it is their call lifecycle's. */
export abstract class LifecycleGateway {
  protected abstract readonly calls: CallLifecycle;

  /** Stops taking calls; sockets go once the calls in flight have their answers. */
  close(): void {
    this.calls.close();
  }

  /** close() and wait until the last call in flight has finished. */
  closeGracefully(): Promise<void> {
    return this.calls.closeGracefully();
  }

  /** Closes now: calls still in flight fail (as unknown: they may have been sent). */
  destroy(): void {
    this.calls.destroy();
  }
}
