import type { ImportIssue, ImportRow } from '../../../shared/api/imports';
import { toCsv } from '../../../shared/csv';
import zh from '../../../shared/locales/zh-CN/imports.json';
import en from '../../../shared/locales/en-US/imports.json';

type Texts = typeof zh.imports;
const TEXTS: Record<string, Texts> = { 'zh-CN': zh.imports, 'en-US': en.imports };

/** The same catalog the renderer shows, so the exported file says what the screen said. */
export function issueText(issue: ImportIssue, language: string): string {
  const texts = TEXTS[language] ?? zh.imports;
  const template = (texts.issue as Record<string, string>)[issue.code] ?? issue.code;
  return template.replace(/\{\{(\w+)\}\}/g, (_m, k: string) => String(issue.details?.[k] ?? ''));
}

/** Row number, the original cells, then what to fix: the user repairs them in Excel. */
export function problemsCsv(columns: string[], rows: ImportRow[], language: string): string {
  const texts = TEXTS[language] ?? zh.imports;
  const header = [texts.export.rowNumber, ...columns, texts.export.problems];
  const body = rows.map((r) => {
    const cells = columns.map((_c, i) => r.cells[i] ?? '');
    // Cells beyond the header's width are kept, not dropped.
    for (let i = columns.length; i < r.cells.length; i++) cells.push(r.cells[i]!);
    return [String(r.rowNumber), ...cells, r.issues.map((i) => issueText(i, language)).join('；')];
  });
  return toCsv(header, body);
}
