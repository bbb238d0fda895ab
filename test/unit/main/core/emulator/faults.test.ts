import { describe, expect, it } from 'vitest';
import { FaultQueue } from '../../../../../src/main/core/emulator/faults';

describe('FaultQueue', () => {
  it('applies a counted fault to the next N requests, then stops', () => {
    const q = new FaultQueue();
    q.add({ kind: 'http5xx', count: 2 });
    expect([q.take().kind, q.take().kind, q.take().kind]).toEqual(['http5xx', 'http5xx', null]);
  });

  it('defaults to one request when neither count nor share is given', () => {
    const q = new FaultQueue();
    q.add({ kind: 'hang' });
    expect([q.take().kind, q.take().kind]).toEqual(['hang', null]);
  });

  it('spreads a share deterministically and adds latency to another fault', () => {
    const q = new FaultQueue();
    q.add({ kind: 'nonJson', share: 0.5 });
    q.add({ kind: 'latency', latencyMs: 40, count: 1 });
    expect(q.take()).toEqual({ latencyMs: 40, kind: null });
    expect(q.take()).toEqual({ latencyMs: 0, kind: 'nonJson' });
    expect(q.take().kind).toBeNull();
    expect(q.take().kind).toBe('nonJson');
    q.clear();
    expect(q.take()).toEqual({ latencyMs: 0, kind: null });
  });
});
