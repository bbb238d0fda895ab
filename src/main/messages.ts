import zh from '../shared/locales/zh-CN/app.json';
import en from '../shared/locales/en-US/app.json';

/** The few strings the Electron shell shows itself (native dialogs), from the same catalogs. */
export function shellMessages(locale: string): typeof zh.shell {
  return locale.toLowerCase().startsWith('zh') ? zh.shell : en.shell;
}
