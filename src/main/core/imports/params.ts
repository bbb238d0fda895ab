import type { ImportMapping } from '../../../shared/api/imports';

/**
 * The variables of a row follow from its cells and the import's mapping (they are not stored
 * twice): a column's trimmed cell, or the variable's fixed value; without a template, none.
 */
export function paramsOfFor(
  templateId: string | null,
  mapping: ImportMapping,
): (cells: string[]) => string[] {
  if (templateId === null) return () => [];
  const cols = mapping.params;
  const fixed = mapping.fixed;
  return (cells) =>
    cols.map((c, i) => {
      const f = fixed?.[i];
      if (f !== null && f !== undefined) return f;
      return c === null ? '' : (cells[c] ?? '').trim();
    });
}
