/** The prefs room: small remembered choices (language, the 发送 page's last job, the desktop's), in settings. */
import { z } from 'zod';
import { languages } from '../../../shared/locales';
import type { PrefKey, PrefValue } from '../../../shared/api/prefs';
import { AppError } from '../../../shared/errors';
import type { EventBus } from '../kernel/events';
import type { HandlerGroup } from '../kernel/handlers';
import type { SettingsRepo } from '../store/settings';
import { DEFAULT_GRACE_MS, desktopPrefRules } from './desktop';

/** What each key accepts; null always means "not chosen". */
const valueOf: Record<PrefKey, z.ZodType<PrefValue>> = {
  language: z.enum(languages as [string, ...string[]]),
  'send.lastJob': z.number().int().min(1),
  ...desktopPrefRules,
};

const storageKey = (key: PrefKey) => `prefs.${key}`;

/** A key's stored value; null when never chosen, or stored by a version with other rules. */
export function readPref(settings: SettingsRepo, key: PrefKey): PrefValue {
  // A value an older or newer version stored that this one does not accept reads as unset.
  const parsed = valueOf[key].safeParse(settings.get<unknown>(storageKey(key)));
  return parsed.success ? parsed.data : null;
}

/** The language the user chose in the app, for the shell's own dialogs; null when never chosen. */
export function chosenLanguage(settings: SettingsRepo): string | null {
  const value = readPref(settings, 'language');
  return typeof value === 'string' ? value : null;
}

/** The scheduled-send grace window (设置), in ms. */
export function scheduleGraceMs(settings: SettingsRepo): number {
  const minutes = readPref(settings, 'scheduleGraceMinutes');
  return typeof minutes === 'number' ? minutes * 60_000 : DEFAULT_GRACE_MS;
}

export function createPrefsHandlers(
  settings: SettingsRepo,
  events?: EventBus,
): HandlerGroup<'prefs.get' | 'prefs.set'> {
  const read = (key: PrefKey): PrefValue => readPref(settings, key);
  const changed = (key: PrefKey) => {
    const value = read(key);
    events?.emit('prefs.changed', { key, value });
    return { key, value };
  };
  return {
    'prefs.get': ({ key }) => ({ key, value: read(key) }),
    'prefs.set': ({ key, value }) => {
      if (value === null) {
        settings.delete(storageKey(key));
        return changed(key);
      }
      if (!valueOf[key].safeParse(value).success)
        throw new AppError('invalid_input', 'errors.invalidInput', { key });
      settings.set(storageKey(key), value);
      return changed(key);
    },
  };
}
