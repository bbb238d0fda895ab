import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { languages, type Language } from '../../../shared/locales';
import { readPrefs } from '../lib/prefs';
import { call } from '../lib/sms';

/**
 * The language and the last page come back after a restart: read once at start, saved when
 * they change. A failure to read or save leaves the defaults; it is not worth an error on screen.
 */
export function useRememberedPrefs<P extends string>(
  page: P,
  setPage: (page: P) => void,
  isPage: (key: string) => key is P,
): void {
  const { i18n } = useTranslation();
  const restored = useRef(false);

  useEffect(() => {
    readPrefs(['language', 'lastPage'])
      .then((p) => {
        const lang = p.language;
        if (typeof lang === 'string' && (languages as string[]).includes(lang)) {
          if (lang !== i18n.language) void i18n.changeLanguage(lang as Language);
        }
        if (typeof p.lastPage === 'string' && isPage(p.lastPage)) setPage(p.lastPage);
      })
      .catch(() => undefined)
      .finally(() => (restored.current = true));
    // Once, at start.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    if (!restored.current) return;
    call('prefs.set', { key: 'lastPage', value: page }).catch(() => undefined);
  }, [page]);

  useEffect(() => {
    const save = (lng: string) => {
      if (!restored.current) return;
      call('prefs.set', { key: 'language', value: lng }).catch(() => undefined);
    };
    i18n.on('languageChanged', save);
    return () => i18n.off('languageChanged', save);
  }, [i18n]);
}
