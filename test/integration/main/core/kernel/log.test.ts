import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileLogger } from '../../../../../src/main/core/kernel/log';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sms-log-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const logs = () => readdirSync(join(dir, 'logs')).sort();
const all = () =>
  logs()
    .map((f) => readFileSync(join(dir, 'logs', f), 'utf8'))
    .join('');

describe('file logger', () => {
  it('rotates at the size cap and keeps the last five', () => {
    const log = createFileLogger(dir, { maxBytes: 1000 });
    for (let i = 0; i < 200; i++) log.info(`line ${i} ${'x'.repeat(80)}`);
    expect(logs()).toEqual([
      'sms-desk.1.log',
      'sms-desk.2.log',
      'sms-desk.3.log',
      'sms-desk.4.log',
      'sms-desk.5.log',
      'sms-desk.log',
    ]);
    for (const f of logs())
      expect(readFileSync(join(dir, 'logs', f)).length).toBeLessThanOrEqual(1000);
    // The newest lines are in the current file, the oldest rotated away for good.
    expect(readFileSync(join(dir, 'logs', 'sms-desk.log'), 'utf8')).toContain('line 199 ');
    expect(all()).not.toContain('line 0 ');
  });

  it('keeps counting across restarts', () => {
    createFileLogger(dir, { maxBytes: 1000 }).info('a'.repeat(900));
    createFileLogger(dir, { maxBytes: 1000 }).info('b'.repeat(900));
    expect(logs()).toEqual(['sms-desk.1.log', 'sms-desk.log']);
  });

  it('truncates foreign texts and keeps credentials out, however they arrive', () => {
    const log = createFileLogger(dir);
    const key = 'Zx9'.repeat(11);
    log.addSecret(key);
    log.error('call failed', {
      error: `AuthFailure: key ${key} for AKIDabcdefghijklmnop1234567890ABCDEF ${'y'.repeat(2000)}`,
      secretKey: 'anything at all',
      nested: { password: 'hunter2', url: 'https://user:pa55@example.com/x' },
    });
    const text = all();
    expect(text).not.toContain(key);
    expect(text).not.toContain('AKIDabcdefghij');
    expect(text).not.toContain('anything at all');
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('pa55');
    expect(text).not.toContain('y'.repeat(400));
    expect(text).toContain('AuthFailure');
  });
});
