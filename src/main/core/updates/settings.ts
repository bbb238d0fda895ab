import type { SettingsRepo } from '../store/settings';
import type { HandlerGroup } from '../kernel/handlers';

const KEY = 'updates.enabled';

/** Automatic updates are on unless the user turned them off. */
export function updatesEnabled(settings: SettingsRepo): boolean {
  return settings.get<boolean>(KEY) ?? true;
}

export function createUpdatesHandlers(
  settings: SettingsRepo,
): HandlerGroup<'updates.settings' | 'updates.setEnabled'> {
  return {
    'updates.settings': () => ({ enabled: updatesEnabled(settings) }),
    'updates.setEnabled': ({ enabled }) => {
      settings.set(KEY, enabled);
      return { enabled: updatesEnabled(settings) };
    },
  };
}
