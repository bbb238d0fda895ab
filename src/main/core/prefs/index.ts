/**
 * Preferences the app remembers between starts (language, last page, tray and notification
 * choices, the scheduled-send grace window, window bounds), in the settings table. Values are
 * checked against their key's schema on the way in and on the way out, so a hand-edited or
 * older value reads as the default instead of breaking a caller.
 */
import {
  parsePref,
  prefDefaults,
  prefSchemas,
  type PrefKey,
  type PrefValue,
} from '../../../shared/api/prefs';
import type { EventBus } from '../kernel/events';
import type { HandlerGroup } from '../kernel/handlers';
import type { SettingsRepo } from '../store/settings';

const storageKey = (key: PrefKey): string => `pref.${key}`;

export class PrefsService {
  constructor(
    private readonly settings: SettingsRepo,
    private readonly events?: EventBus,
  ) {}

  get<K extends PrefKey>(key: K): PrefValue<K> | null {
    const stored = this.settings.get<unknown>(storageKey(key));
    if (stored === undefined) return prefDefaults[key];
    const parsed = prefSchemas[key].safeParse(stored);
    return parsed.success ? (parsed.data as PrefValue<K>) : prefDefaults[key];
  }

  set<K extends PrefKey>(key: K, value: unknown): void {
    const parsed = parsePref(key, value);
    this.settings.set(storageKey(key), parsed);
    this.events?.emit('prefs.changed', { key, value: parsed });
  }

  all(): { [K in PrefKey]: PrefValue<K> | null } {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(prefSchemas) as PrefKey[]) out[key] = this.get(key);
    return out as { [K in PrefKey]: PrefValue<K> | null };
  }
}

export function createPrefsHandlers(prefs: PrefsService): HandlerGroup<'prefs.get' | 'prefs.set'> {
  return {
    'prefs.get': () => prefs.all(),
    'prefs.set': (i) => {
      prefs.set(i.key, i.value);
      return { ok: true as const };
    },
  };
}
