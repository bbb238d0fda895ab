/**
 * Starts automatic updates in a packaged app: electron-updater with the 设置 switch, the outbox's
 * blockers, a native "新版本已下载" question and a notification when the update has to wait.
 */
import { app, dialog, Notification } from 'electron';
import zh from '../shared/locales/zh-CN/updates.json';
import en from '../shared/locales/en-US/updates.json';
import type { Core } from './core';
import { startUpdates, type Updates, type UpdaterLike } from './updater';

export function updateMessages(locale: string): typeof zh.updates {
  return (locale.toLowerCase().startsWith('zh') ? zh : en).updates;
}

const fill = (text: string, version: string): string => text.replaceAll('{{version}}', version);

/**
 * Returns null in development (an unpacked app has no feed configuration, app-update.yml, and
 * must never replace itself) and when the updater cannot be loaded: the app runs on without it.
 */
export async function startAppUpdates(
  core: Core,
  load: () => Promise<UpdaterLike> = async () => (await import('electron-updater')).autoUpdater,
): Promise<Updates | null> {
  if (!app.isPackaged) return null;
  let updater: UpdaterLike;
  try {
    updater = await load();
  } catch (e) {
    core.updates.log('updater unavailable', { error: e instanceof Error ? e.name : 'error' });
    return null;
  }
  const m = () => updateMessages(app.getLocale());
  return startUpdates({
    updater,
    enabled: () => core.updates.enabled(),
    blockers: () => core.updates.blockers(),
    now: () => core.updates.now(),
    async askRestart(version) {
      const t = m().downloaded;
      const { response } = await dialog.showMessageBox({
        type: 'info',
        title: t.title,
        message: fill(t.message, version),
        detail: t.detail,
        buttons: [t.restartNow, t.later],
        defaultId: 0,
        cancelId: 1,
        noLink: true,
      });
      return response === 0;
    },
    explainWait(reason, version) {
      if (!Notification.isSupported()) return;
      const t = m().wait;
      new Notification({ title: t.title, body: fill(t[reason], version) }).show();
    },
    log: (message) => core.updates.log(message),
  });
}
