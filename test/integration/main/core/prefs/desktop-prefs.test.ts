/** The desktop's remembered choices through the real core and its SQLite file, across a restart. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore } from '../../../../../src/main/core';
import { scheduleGraceMs } from '../../../../../src/main/core/prefs';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'sms-desk-prefs-'));
  dirs.push(d);
  return d;
};

describe('desktop prefs', () => {
  it('remembers each choice across a restart; never chosen reads as null', async () => {
    const dataDir = tempDir();
    const core = await createCore({ dataDir });
    const events: unknown[] = [];
    core.onEvent((name, payload) => name === 'prefs.changed' && events.push(payload));
    expect(await core.call('prefs.get', { key: 'windowBounds' })).toEqual({
      ok: true,
      value: { key: 'windowBounds', value: null },
    });
    expect(scheduleGraceMs(core.context.settings)).toBe(10 * 60_000);
    const bounds = { x: 10, y: 20, width: 1000, height: 700, maximized: false };
    for (const [key, value] of [
      ['lastPage', 'batch'],
      ['scheduleGraceMinutes', 3],
      ['openAtLogin', true],
      ['windowBounds', bounds],
    ] as const) {
      expect(await core.call('prefs.set', { key, value })).toEqual({
        ok: true,
        value: { key, value },
      });
    }
    // The shell follows changes (the login item) through this event.
    expect(events).toContainEqual({ key: 'openAtLogin', value: true });
    await core.close();
    const again = await createCore({ dataDir });
    for (const [key, value] of [
      ['lastPage', 'batch'],
      ['scheduleGraceMinutes', 3],
      ['windowBounds', bounds],
    ] as const) {
      expect(await again.call('prefs.get', { key })).toEqual({ ok: true, value: { key, value } });
    }
    expect(scheduleGraceMs(again.context.settings)).toBe(3 * 60_000);
    await again.close();
  });

  it('refuses a value that does not fit its key', async () => {
    const core = await createCore({ dataDir: tempDir() });
    for (const input of [
      { key: 'scheduleGraceMinutes', value: -1 },
      { key: 'scheduleGraceMinutes', value: 'ten' },
      { key: 'lastPage', value: 'https://example.com/' },
      { key: 'closeToTray', value: 'yes' },
      { key: 'windowBounds', value: { x: 0, y: 0, width: 50, height: 50 } },
    ]) {
      expect(await core.call('prefs.set', input)).toMatchObject({
        ok: false,
        error: { code: 'invalid_input' },
      });
    }
    // A value stored by hand that no longer fits reads as not chosen.
    core.context.settings.set('prefs.notifications', 'yes');
    expect(await core.call('prefs.get', { key: 'notifications' })).toMatchObject({
      value: { value: null },
    });
    await core.close();
  });
});
