import { describe, expect, it } from 'vitest';
import { guarded } from '../../../../../src/main/core/kernel/guard';
import type { Logger } from '../../../../../src/main/core/kernel/log';

const recorder = () => {
  const lines: { message: string; fields?: Record<string, unknown> }[] = [];
  const logger: Logger = {
    info: () => {},
    warn: () => {},
    error: (message, fields) => lines.push({ message, ...(fields ? { fields } : {}) }),
    addSecret: () => {},
  };
  return { logger, lines };
};

describe('guarded background work', () => {
  it('logs a thrown error and returns normally, as a timer callback must', () => {
    const { logger, lines } = recorder();
    const tick = guarded(logger, 'daily backup', () => {
      throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    });
    expect(() => tick()).not.toThrow();
    expect(lines).toEqual([
      {
        message: 'background task failed: daily backup',
        fields: { error: 'Error: database or disk is full', code: 'SQLITE_FULL' },
      },
    ]);
  });

  it('catches a rejected promise so it never becomes an unhandled rejection', async () => {
    const { logger, lines } = recorder();
    const tick = guarded(logger, 'gateway close', () => Promise.reject(new Error('boom')));
    tick();
    await new Promise((r) => setImmediate(r));
    expect(lines.map((l) => l.message)).toEqual(['background task failed: gateway close']);
  });

  it('keeps long foreign texts short', () => {
    const { logger, lines } = recorder();
    guarded(logger, 'x', () => {
      throw new Error('y'.repeat(5000));
    })();
    expect(String(lines[0]!.fields!.error).length).toBeLessThanOrEqual(300);
  });
});
