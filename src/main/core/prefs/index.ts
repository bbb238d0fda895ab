/** The prefs room: small remembered choices (language, the 发送 page's last job), in settings. */
import { z } from 'zod';
import { languages } from '../../../shared/locales';
import type { PrefKey, PrefValue } from '../../../shared/api/prefs';
import { AppError } from '../../../shared/errors';
import type { HandlerGroup } from '../kernel/handlers';
import type { SettingsRepo } from '../store/settings';

/** What each key accepts; null always means "not chosen". */
const valueOf: Record<PrefKey, z.ZodType<PrefValue>> = {
  language: z.enum(languages as [string, ...string[]]),
  'send.lastJob': z.number().int().min(1),
};

const storageKey = (key: PrefKey) => `prefs.${key}`;

/** The language the user chose in the app, for the shell's own dialogs; null when never chosen. */
export function chosenLanguage(settings: SettingsRepo): string | null {
  const parsed = valueOf.language.safeParse(settings.get<unknown>(storageKey('language')));
  return parsed.success && typeof parsed.data === 'string' ? parsed.data : null;
}

export function createPrefsHandlers(
  settings: SettingsRepo,
): HandlerGroup<'prefs.get' | 'prefs.set'> {
  const read = (key: PrefKey): PrefValue => {
    // A value an older or newer version stored that this one does not accept reads as unset.
    const parsed = valueOf[key].safeParse(settings.get<unknown>(storageKey(key)));
    return parsed.success ? parsed.data : null;
  };
  return {
    'prefs.get': ({ key }) => ({ key, value: read(key) }),
    'prefs.set': ({ key, value }) => {
      if (value === null) {
        settings.delete(storageKey(key));
        return { key, value: null };
      }
      if (!valueOf[key].safeParse(value).success)
        throw new AppError('invalid_input', 'errors.invalidInput', { key });
      settings.set(storageKey(key), value);
      return { key, value: read(key) };
    },
  };
}
