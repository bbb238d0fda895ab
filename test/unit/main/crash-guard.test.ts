import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { describeError, installCrashGuards } from '../../../src/main/crash-guard';

describe('main-process crash guards', () => {
  it('logs an uncaught exception and an unhandled rejection, shows one notice at a time, keeps going', async () => {
    const emitter = new EventEmitter();
    const proc = emitter as unknown as NodeJS.Process;
    const logged: string[] = [];
    let dismiss: () => void = () => {};
    const notify = vi.fn(() => new Promise<void>((ok) => (dismiss = ok)));
    const uninstall = installCrashGuards(proc, {
      log: (kind, e) => logged.push(`${kind}:${(e as Error).message}`),
      notify,
    });
    // A database error thrown from a timer callback, then two more while the notice is up.
    emitter.emit('uncaughtException', new Error('SQLITE_FULL: database or disk is full'));
    emitter.emit('unhandledRejection', new Error('fold failed'));
    emitter.emit('uncaughtException', new Error('again'));
    expect(logged).toEqual([
      'uncaughtException:SQLITE_FULL: database or disk is full',
      'unhandledRejection:fold failed',
      'uncaughtException:again',
    ]);
    expect(notify).toHaveBeenCalledTimes(1);
    dismiss();
    await new Promise((r) => setImmediate(r));
    emitter.emit('uncaughtException', new Error('later'));
    expect(notify).toHaveBeenCalledTimes(2);
    uninstall();
    expect(emitter.listenerCount('uncaughtException')).toBe(0);
    expect(emitter.listenerCount('unhandledRejection')).toBe(0);
  });

  it('still shows the notice when logging itself fails (a full disk)', () => {
    const emitter = new EventEmitter();
    const proc = emitter as unknown as NodeJS.Process;
    const notify = vi.fn(async () => {});
    installCrashGuards(proc, {
      log: () => {
        throw new Error('ENOSPC');
      },
      notify,
    });
    expect(() => emitter.emit('uncaughtException', new Error('x'))).not.toThrow();
    expect(notify).toHaveBeenCalledTimes(1);
  });

  it('describes an error by name, code and a short message — never its stack', () => {
    const e = Object.assign(new Error('m'.repeat(1000)), { code: 'SQLITE_FULL' });
    const d = describeError(e);
    expect(d).toEqual({ name: 'Error', code: 'SQLITE_FULL', message: 'm'.repeat(300) });
    expect(JSON.stringify(d)).not.toContain('at ');
    expect(describeError('text')).toEqual({ type: 'string' });
  });
});
