import { describe, expect, it } from 'vitest';
import { catalogs, languages } from '../../../src/shared/locales';

type Tree = { [key: string]: unknown };

/** Every leaf as `dotted.path → value`; arrays are leaves by index. */
function leaves(
  tree: unknown,
  prefix = '',
  out = new Map<string, unknown>(),
): Map<string, unknown> {
  if (tree !== null && typeof tree === 'object') {
    for (const [k, v] of Object.entries(tree as Tree))
      leaves(v, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out.set(prefix, tree);
  }
  return out;
}

/** i18next interpolations (`{{name}}`, `{{n, number}}`) a translation must keep. */
const placeholders = (s: string): string[] =>
  [...s.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)].map((m) => m[1] ?? '').sort();

// Vite's static glob (no Node built-ins in the renderer's type world): every domain file on
// disk, whether or not the index registers it.
declare global {
  interface ImportMeta {
    glob(pattern: string, opts: { eager: true; import: 'default' }): Record<string, unknown>;
  }
}
const files = import.meta.glob('../../../src/shared/locales/*/*.json', {
  eager: true,
  import: 'default',
});
const byLang = (lang: string): Map<string, unknown> =>
  new Map(
    Object.entries(files)
      .filter(([path]) => path.includes(`/locales/${lang}/`))
      .map(([path, json]) => [path.slice(path.lastIndexOf('/') + 1), json]),
  );
/**
 * en-US keeps a counted text as i18next plural keys (`k_one`, `k_other`); zh-CN has one form
 * (`k`). Both sides compare under the zh-CN key; an en-US text missing either form stays apart.
 */
function singularKeys(map: Map<string, unknown>): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [k, v] of map) {
    const m = /^(.*)_(one|other)$/.exec(k);
    const twin = m ? `${m[1]}_${m[2] === 'one' ? 'other' : 'one'}` : null;
    if (m && twin && map.has(twin)) out.set(m[1]!, m[2] === 'other' ? v : (out.get(m[1]!) ?? v));
    else out.set(k, v);
  }
  return out;
}
const domainFiles = (lang: string): string[] => [...byLang(lang).keys()].sort();
const readJson = (lang: string, file: string): unknown => byLang(lang).get(file);

describe('locale catalogs', () => {
  const zh = leaves(catalogs['zh-CN']);
  const enPlural = leaves(catalogs['en-US']);
  const en = singularKeys(enPlural);

  it('registers both languages with zh-CN first', () => {
    expect(languages).toEqual(['zh-CN', 'en-US']);
    expect(zh.size).toBeGreaterThan(100);
  });

  it('zh-CN and en-US have exactly the same keys', () => {
    const onlyZh = [...zh.keys()].filter((k) => !en.has(k));
    const onlyEn = [...en.keys()].filter((k) => !zh.has(k));
    expect({ onlyZh, onlyEn }).toEqual({ onlyZh: [], onlyEn: [] });
  });

  it('every string is non-empty in both languages', () => {
    for (const [name, map] of [
      ['zh-CN', zh],
      ['en-US', enPlural],
    ] as const) {
      const bad = [...map].filter(([, v]) => typeof v !== 'string' || v.trim() === '');
      expect(bad.map(([k]) => `${name}:${k}`)).toEqual([]);
    }
  });

  it('both languages use the same interpolation variables', () => {
    const mismatched = [...zh]
      .filter(([k, v]) => {
        const other = en.get(k);
        return (
          typeof v === 'string' &&
          typeof other === 'string' &&
          placeholders(v).join() !== placeholders(other).join()
        );
      })
      .map(([k]) => k);
    expect(mismatched).toEqual([]);
  });

  it('every domain file exists in both languages with the same keys', () => {
    expect(domainFiles('zh-CN')).toEqual(expect.arrayContaining(['account.json', 'app.json']));
    expect(domainFiles('en-US')).toEqual(domainFiles('zh-CN'));
    for (const file of domainFiles('zh-CN')) {
      const zhKeys = [...leaves(readJson('zh-CN', file)).keys()].sort();
      const enKeys = [...singularKeys(leaves(readJson('en-US', file))).keys()].sort();
      expect(enKeys, file).toEqual(zhKeys);
    }
  });

  it('no domain file is left out of the catalog or overwritten by another', () => {
    // The index spreads each domain's top-level keys into one namespace: two files sharing a
    // top-level key would silently drop one file's strings.
    for (const lang of languages) {
      const merged = leaves(catalogs[lang]);
      for (const file of domainFiles(lang)) {
        const own = readJson(lang, file);
        const tree = file === 'errors.json' ? { errors: own } : own;
        const missing = [...leaves(tree)].filter(([k, v]) => merged.get(k) !== v).map(([k]) => k);
        expect(missing, `${lang}/${file}`).toEqual([]);
      }
    }
  });

  it('en-US counted texts have both plural forms, and the one form reads as singular', () => {
    const counted = [...enPlural].filter(
      ([k, v]) => typeof v === 'string' && v.includes('{{count}}') && !/_(one|other)$/.test(k),
    );
    expect(counted.map(([k]) => k)).toEqual([]);
    for (const [k, v] of enPlural) {
      const m = /^(.*)_one$/.exec(k);
      if (!m) continue;
      expect(enPlural.has(`${m[1]}_other`), k).toBe(true);
      expect(String(v), k).not.toMatch(/\{\{count\}\} (numbers|rows|messages|people)\b/);
    }
  });
});
