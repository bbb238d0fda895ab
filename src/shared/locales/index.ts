import zhApp from './zh-CN/app.json';
import enApp from './en-US/app.json';
import zhErrors from './zh-CN/errors.json';
import enErrors from './en-US/errors.json';
import zhBatch from './zh-CN/batch.json';
import enBatch from './en-US/batch.json';
import zhImports from './zh-CN/imports.json';
import enImports from './en-US/imports.json';
import zhAccount from './zh-CN/account.json';
import enAccount from './en-US/account.json';
import zhSend from './zh-CN/send.json';
import enSend from './en-US/send.json';
import zhTemplates from './zh-CN/templates.json';
import enTemplates from './en-US/templates.json';
import zhCooldown from './zh-CN/cooldown.json';
import enCooldown from './en-US/cooldown.json';
import zhHistory from './zh-CN/history.json';
import enHistory from './en-US/history.json';
import zhGateway from './zh-CN/gateway.json';
import enGateway from './en-US/gateway.json';
import zhOutbox from './zh-CN/outbox.json';
import enOutbox from './en-US/outbox.json';
import zhUpdates from './zh-CN/updates.json';
import enUpdates from './en-US/updates.json';
import zhPolish from './zh-CN/polish.json';
import enPolish from './en-US/polish.json';
import zhSchedule from './zh-CN/schedule.json';
import enSchedule from './en-US/schedule.json';
import zhReceipts from './zh-CN/receipts.json';
import enReceipts from './en-US/receipts.json';
import zhUsage from './zh-CN/usage.json';
import enUsage from './en-US/usage.json';
import zhRecovery from './zh-CN/recovery.json';
import enRecovery from './en-US/recovery.json';

// Each domain keeps its strings in its own file; all are merged into one namespace.
export const catalogs = {
  'zh-CN': {
    ...zhApp,
    ...zhBatch,
    ...zhImports,
    ...zhSend,
    ...zhTemplates,
    ...zhCooldown,
    ...zhHistory,
    ...zhAccount,
    ...zhGateway,
    ...zhOutbox,
    ...zhUpdates,
    ...zhPolish,
    ...zhSchedule,
    ...zhReceipts,
    ...zhUsage,
    ...zhRecovery,
    errors: zhErrors,
  },
  'en-US': {
    ...enApp,
    ...enBatch,
    ...enImports,
    ...enSend,
    ...enTemplates,
    ...enCooldown,
    ...enHistory,
    ...enAccount,
    ...enGateway,
    ...enOutbox,
    ...enUpdates,
    ...enPolish,
    ...enSchedule,
    ...enReceipts,
    ...enUsage,
    ...enRecovery,
    errors: enErrors,
  },
};

export type Language = keyof typeof catalogs;
export const languages: Language[] = ['zh-CN', 'en-US'];
export const defaultLanguage: Language = 'zh-CN';

export const resources = {
  'zh-CN': { translation: catalogs['zh-CN'] },
  'en-US': { translation: catalogs['en-US'] },
};

type Tree = { readonly [key: string]: unknown };

function lookup(language: Language, key: string): string | undefined {
  let node: unknown = catalogs[language];
  for (const part of key.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Tree)[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/**
 * A text outside React (main's dialogs, files core writes), read from the same catalogs the
 * renderer's i18next reads, so a file says what the screen says. Falls back to zh-CN, then to
 * the key, as i18next does.
 */
export function catalogText(
  language: Language,
  key: string,
  params?: Record<string, string | number>,
): string {
  // en-US keeps counted texts as i18next plural keys (`_one` / `_other`); zh-CN has one form.
  const count = params?.count;
  const plural =
    typeof count === 'number'
      ? lookup(language, `${key}_${count === 1 ? 'one' : 'other'}`)
      : undefined;
  const template = plural ?? lookup(language, key) ?? lookup(defaultLanguage, key) ?? key;
  if (!params) return template;
  // i18next-style {{name}}; an unknown name is left as written so the gap stays visible.
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}
