import { describe, expect, it } from 'vitest';
import { TRANSPORT_CODES } from '../../../../../src/shared/tencent-errors';
import { CallLifecycle } from '../../../../../src/main/core/gateway/call-lifecycle';

function lifecycle() {
  const events: string[] = [];
  const calls = new CallLifecycle({
    release: () => events.push('released'),
    secrets: ['TOPSECRETKEY'],
    logger: undefined,
    failureLog: 'test call failed',
  });
  return { calls, events };
}

describe('CallLifecycle', () => {
  it('refuses a call after close and one whose signal is already aborted', async () => {
    const { calls } = lifecycle();
    const aborted = AbortSignal.abort();
    const r1 = await calls.call({
      logFields: {},
      signal: aborted,
      run: () => Promise.resolve(1),
      heldBack: () => false,
    });
    expect(r1).toMatchObject({ ok: false, code: TRANSPORT_CODES.abortedBeforeSend });
    calls.close();
    const r2 = await calls.call({
      logFields: {},
      run: () => Promise.resolve(1),
      heldBack: () => false,
    });
    expect(r2).toMatchObject({
      ok: false,
      failure: 'retryable',
      code: TRANSPORT_CODES.gatewayClosed,
    });
  });

  it('reports a held-back failure as safe to retry and redacts the secret from any other', async () => {
    const { calls } = lifecycle();
    const held = await calls.call({
      logFields: {},
      run: () => Promise.reject(new Error('pool closed')),
      heldBack: () => true,
    });
    expect(held).toMatchObject({
      ok: false,
      failure: 'retryable',
      code: TRANSPORT_CODES.abortedBeforeSend,
    });
    const failed = await calls.call({
      logFields: {},
      run: () => Promise.reject(new Error('bad key TOPSECRETKEY')),
      heldBack: () => false,
    });
    expect(failed.ok).toBe(false);
    expect(JSON.stringify(failed)).not.toContain('TOPSECRETKEY');
  });

  it('releases the transport on a graceful close only after the call in flight has answered', async () => {
    const { calls, events } = lifecycle();
    let answer: (v: string) => void = () => undefined;
    const inFlight = calls.call({
      logFields: {},
      run: () => new Promise<string>((resolve) => (answer = resolve)),
      heldBack: () => false,
      cleanup: () => events.push('cleanup'),
    });
    const closed = calls.closeGracefully().then(() => events.push('closed'));
    await Promise.resolve();
    expect(events).toEqual([]);
    answer('done');
    await expect(inFlight).resolves.toEqual({ ok: true, value: 'done' });
    await closed;
    expect(events).toEqual(['cleanup', 'released', 'closed']);
  });
});
