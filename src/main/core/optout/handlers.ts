import { toCsv } from '../../../shared/csv';
import { formatPhone } from '../../../shared/phone';
import { DEFAULT_OPTOUT_KEYWORDS } from '../../../shared/optout';
import { beijingTime } from '../history/service';
import { catalogText, type CatalogLanguage } from '../kernel/catalog';
import type { HandlerGroup } from '../kernel/handlers';
import type { ExportWriter, FileGrants } from '../files';
import type { OptOutService } from './service';

export type OptOutCallNames =
  | 'optout.list'
  | 'optout.add'
  | 'optout.remove'
  | 'optout.import'
  | 'optout.export'
  | 'optout.keywords'
  | 'optout.setKeywords';

const COLUMNS = ['phone', 'source', 'note', 'addedAt'] as const;

export function createOptOutHandlers(
  svc: OptOutService,
  files: { grants: FileGrants; exports: ExportWriter; currentSdkAppId: () => Promise<string> },
): HandlerGroup<OptOutCallNames> {
  return {
    'optout.list': (i) => svc.list(i.search, i.offset, i.limit),
    'optout.add': async (i) => {
      const r = await svc.addText(i.text, i.note, 'manual');
      return { ...r, invalid: r.invalid.slice(0, 200), invalidCount: r.invalid.length };
    },
    'optout.remove': async (i) => ({ removed: await svc.remove(i.phones) }),
    'optout.import': (i) => svc.importFile(files.grants.resolve(i.grant), i.note),
    'optout.export': async (i) => {
      const app = await files.currentSdkAppId();
      const out = await files.exports.save(files.exports.stampedName('optout'), (file) => {
        const lang: CatalogLanguage = i.language;
        const rows: (string | number)[][] = [];
        for (const e of svc.repo.iterate(app)) {
          rows.push([
            formatPhone(e.phone),
            catalogText(lang, `optout.source.${e.source}`),
            e.note,
            beijingTime(e.addedAt),
          ]);
        }
        file.write(
          toCsv(
            COLUMNS.map((c) => catalogText(lang, `optout.csv.${c}`)),
            rows,
          ),
        );
        return rows.length;
      });
      return { path: out.path, count: out.rows };
    },
    'optout.keywords': () => ({ keywords: svc.keywords(), defaults: [...DEFAULT_OPTOUT_KEYWORDS] }),
    'optout.setKeywords': (i) => ({ keywords: svc.setKeywords(i.keywords) }),
  };
}
