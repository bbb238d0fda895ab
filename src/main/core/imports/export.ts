import type { ImportIssue, ImportRow } from '../../../shared/api/imports';
import { CSV_BOM, csvRow } from '../../../shared/csv';
import zh from '../../../shared/locales/zh-CN/imports.json';
import en from '../../../shared/locales/en-US/imports.json';
import type { WorkerContext } from '../kernel/worker-protocol';
import type { Db } from '../store/db';
import { EXPORT_CHUNK_CHARS, fileSender, type TextSink } from '../files/worker-export';
import { importError } from './errors';
import { ImportsRepo } from './repo';
import { RowStatus } from './validate';

type Texts = typeof zh.imports;
const TEXTS: Record<string, Texts> = { 'zh-CN': zh.imports, 'en-US': en.imports };

/** The same catalog the renderer shows, so the exported file says what the screen said. */
export function issueText(issue: ImportIssue, language: string): string {
  const texts = TEXTS[language] ?? zh.imports;
  const template = (texts.issue as Record<string, string>)[issue.code] ?? issue.code;
  return template.replace(/\{\{(\w+)\}\}/g, (_m, k: string) => String(issue.details?.[k] ?? ''));
}

const headerOf = (columns: string[], texts: Texts): string[] => [
  texts.export.rowNumber,
  ...columns,
  texts.export.problems,
];

/** Row number, the original cells, then what to fix: the user repairs them in Excel. */
function problemRecord(columns: string[], r: ImportRow, language: string): string[] {
  const cells = columns.map((_c, i) => r.cells[i] ?? '');
  // Cells beyond the header's width are kept, not dropped.
  for (let i = columns.length; i < r.cells.length; i++) cells.push(r.cells[i]!);
  return [String(r.rowNumber), ...cells, r.issues.map((i) => issueText(i, language)).join('；')];
}

export interface ProblemsExport {
  importId: number;
  language: string;
}

/**
 * Streams an import's problem rows as CSV to `out`, in
 * file order: one statement read row by row, never OFFSET pages, which rescan everything
 * before the page and make a million-row export quadratic. Answers the rows written.
 */
export function writeProblemsCsv(db: Db, out: TextSink, req: ProblemsExport): number {
  const s = new ImportsRepo(db).summary(req.importId);
  if (!s) throw importError('import_not_found', { importId: req.importId });
  const texts = TEXTS[req.language] ?? zh.imports;
  let buf = CSV_BOM + csvRow(headerOf(s.columns, texts));
  let rows = 0;
  const stmt = db.prepare(
    'SELECT row FROM import_flagged WHERE import_id = ? AND status = ? ORDER BY seq',
  );
  for (const f of stmt.iterate(req.importId, RowStatus.Problem) as Iterable<{ row: string }>) {
    buf += csvRow(problemRecord(s.columns, JSON.parse(f.row) as ImportRow, req.language));
    rows++;
    if (buf.length >= EXPORT_CHUNK_CHARS) {
      out.write(buf);
      buf = '';
    }
  }
  out.write(buf);
  return rows;
}

/** The problems export, run in a worker thread: it writes the file the main thread opened. */
export const problemsExportWorkerTasks = {
  'import.exportProblems': (req: ProblemsExport, ctx: WorkerContext): number => {
    const out = fileSender(ctx);
    const rows = writeProblemsCsv(ctx.db, out, req);
    out.end();
    return rows;
  },
};
