import zhApp from './zh-CN/app.json';
import enApp from './en-US/app.json';
import zhErrors from './zh-CN/errors.json';
import enErrors from './en-US/errors.json';
import zhAccount from './zh-CN/account.json';
import enAccount from './en-US/account.json';

// Each domain keeps its strings in its own file; all are merged into one namespace.
export const catalogs = {
  'zh-CN': { ...zhApp, ...zhAccount, errors: zhErrors },
  'en-US': { ...enApp, ...enAccount, errors: enErrors },
};

export type Language = keyof typeof catalogs;
export const languages: Language[] = ['zh-CN', 'en-US'];
export const defaultLanguage: Language = 'zh-CN';

export const resources = {
  'zh-CN': { translation: catalogs['zh-CN'] },
  'en-US': { translation: catalogs['en-US'] },
};
