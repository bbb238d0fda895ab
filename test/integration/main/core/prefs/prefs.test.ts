/** `prefs.get` / `prefs.set` through the real core and its SQLite file, across a restart. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore } from '../../../../../src/main/core';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('prefs', () => {
  it('remembers what was set across a restart and starts from the defaults', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sms-desk-prefs-'));
    dirs.push(dataDir);
    const core = await createCore({ dataDir });
    expect(await core.call('prefs.get', undefined)).toMatchObject({
      ok: true,
      value: {
        language: null,
        closeToTray: true,
        notifications: true,
        openAtLogin: false,
        scheduleGraceMinutes: 10,
        windowBounds: null,
      },
    });
    for (const [key, value] of [
      ['language', 'en-US'],
      ['lastPage', 'batch'],
      ['scheduleGraceMinutes', 3],
      ['windowBounds', { x: 10, y: 20, width: 1000, height: 700, maximized: false }],
    ] as const) {
      expect(await core.call('prefs.set', { key, value })).toEqual({
        ok: true,
        value: { ok: true },
      });
    }
    await core.close();
    const again = await createCore({ dataDir });
    expect(await again.call('prefs.get', undefined)).toMatchObject({
      ok: true,
      value: {
        language: 'en-US',
        lastPage: 'batch',
        scheduleGraceMinutes: 3,
        windowBounds: { x: 10, y: 20, width: 1000, height: 700 },
      },
    });
    await again.close();
  });

  it('refuses a value that does not fit its key, and unknown keys', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sms-desk-prefs-'));
    dirs.push(dataDir);
    const core = await createCore({ dataDir });
    for (const input of [
      { key: 'language', value: 'fr-FR' },
      { key: 'scheduleGraceMinutes', value: -1 },
      { key: 'lastPage', value: 'https://example.com/' },
      { key: 'secretKey', value: 'x' },
    ]) {
      expect(await core.call('prefs.set', input)).toMatchObject({
        ok: false,
        error: { code: 'invalid_input' },
      });
    }
    // A value stored by hand that no longer fits reads as the default.
    core.context.settings.set('pref.notifications', 'yes');
    expect(await core.call('prefs.get', undefined)).toMatchObject({
      value: { notifications: true, language: null },
    });
    await core.close();
  });
});
