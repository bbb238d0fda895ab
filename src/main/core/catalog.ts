// The renderer's locales/index.ts lies outside tsconfig.node.json's project, so core imports the
// domain files it speaks from directly and merges them the same way (one namespace).
import zhBatch from '../../renderer/src/locales/zh-CN/batch.json';
import enBatch from '../../renderer/src/locales/en-US/batch.json';
import zhSend from '../../renderer/src/locales/zh-CN/send.json';
import enSend from '../../renderer/src/locales/en-US/send.json';
import zhHistory from '../../renderer/src/locales/zh-CN/history.json';
import enHistory from '../../renderer/src/locales/en-US/history.json';

export type CatalogLanguage = 'zh-CN' | 'en-US';

type Tree = { readonly [key: string]: unknown };

const CATALOGS: Record<CatalogLanguage, Tree> = {
  'zh-CN': { ...zhBatch, ...zhSend, ...zhHistory },
  'en-US': { ...enBatch, ...enSend, ...enHistory },
};

function lookup(language: CatalogLanguage, key: string): string | undefined {
  let node: unknown = CATALOGS[language];
  for (const part of key.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Tree)[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/**
 * A text from the renderer's own catalogs, so files core writes (CSV exports) say what the screen
 * says. Falls back to zh-CN, then to the key, as the renderer's i18next does.
 */
export function catalogText(
  language: CatalogLanguage,
  key: string,
  params?: Record<string, string | number>,
): string {
  const template = lookup(language, key) ?? lookup('zh-CN', key) ?? key;
  if (!params) return template;
  // i18next-style {{name}}; an unknown name is left as written so the gap stays visible.
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}
