/** The UI language, remembered by the core (prefs) so a restart or a reload keeps it. */
import i18n from '../i18n';
import { languages, type Language } from '../../../shared/locales';
import { call } from './sms';

const isLanguage = (v: unknown): v is Language => languages.includes(v as Language);

/** Switches to the language the user chose last time; the default stays on any failure. */
export async function restoreLanguage(): Promise<void> {
  try {
    const { value } = await call('prefs.get', { key: 'language' });
    if (isLanguage(value) && value !== i18n.language) await i18n.changeLanguage(value);
  } catch {
    // No bridge or no answer: the app starts in the default language, which is still usable.
  }
}

/** Switches now and remembers it; a failed save only means the next start is in Chinese. */
export async function chooseLanguage(language: Language): Promise<void> {
  await i18n.changeLanguage(language);
  await call('prefs.set', { key: 'language', value: language }).catch(() => undefined);
}
