/** Remembered choices: the language survives a restart; values a key does not take are refused. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore } from '../../../../../src/main/core';
import { chosenLanguage } from '../../../../../src/main/core/prefs';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('prefs on a real data directory', () => {
  it('remembers the language across a restart, and forgets it on null', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sms-desk-prefs-'));
    dirs.push(dataDir);
    const core = await createCore({ dataDir });
    expect(await core.call('prefs.get', { key: 'language' })).toEqual({
      ok: true,
      value: { key: 'language', value: null },
    });
    expect(await core.call('prefs.set', { key: 'language', value: 'en-US' })).toEqual({
      ok: true,
      value: { key: 'language', value: 'en-US' },
    });
    await core.close();

    const again = await createCore({ dataDir });
    expect(await again.call('prefs.get', { key: 'language' })).toEqual({
      ok: true,
      value: { key: 'language', value: 'en-US' },
    });
    // The shell's own dialogs follow it too.
    expect(chosenLanguage(again.context.settings)).toBe('en-US');
    await again.call('prefs.set', { key: 'language', value: null });
    expect(await again.call('prefs.get', { key: 'language' })).toMatchObject({
      value: { value: null },
    });
    expect(chosenLanguage(again.context.settings)).toBeNull();
    await again.close();
  });

  it('refuses a value the key does not take, an unknown key, and reads junk as unset', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sms-desk-prefs-'));
    dirs.push(dataDir);
    const core = await createCore({ dataDir });
    expect(await core.call('prefs.set', { key: 'language', value: 'fr-FR' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(await core.call('prefs.set', { key: 'send.lastJob', value: -1 })).toMatchObject({
      ok: false,
    });
    expect(await core.call('prefs.set', { key: 'theme', value: 'dark' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(await core.call('prefs.set', { key: 'send.lastJob', value: 12 })).toMatchObject({
      value: { value: 12 },
    });
    // Stored by another version in a shape this one does not take: unset, not a crash.
    core.context.settings.set('prefs.language', { lang: 'en' });
    expect(await core.call('prefs.get', { key: 'language' })).toMatchObject({
      value: { value: null },
    });
    await core.close();
  });
});
