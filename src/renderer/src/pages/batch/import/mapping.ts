import type {
  ImportDelimiter,
  ImportMapping,
  ImportPreview,
} from '../../../../../shared/api/imports';

/**
 * The mapping in force: the user's own once they touched it, else the one the preview guessed
 * (cut or padded to the template's variable count), or null while no phone column is known.
 */
export function effectiveMapping(
  chosen: ImportMapping | undefined,
  preview: ImportPreview | null,
  paramCount: number,
): ImportMapping | null {
  if (chosen) return chosen;
  if (!preview || preview.mapping.phone === null) return null;
  const m = preview.mapping;
  const fit = <T>(xs: readonly T[] | undefined, empty: T): T[] | undefined =>
    xs && Array.from({ length: paramCount }, (_v, i) => xs[i] ?? empty);
  const fixed = fit(m.fixed, null);
  const allowEmpty = fit(m.allowEmpty, false);
  return {
    phone: m.phone!,
    params: Array.from({ length: paramCount }, (_v, i) => m.params[i] ?? null),
    ...(fixed ? { fixed } : {}),
    ...(allowEmpty ? { allowEmpty } : {}),
  };
}

/** Every variable has a column or a fixed value. */
export function mappingComplete(mapping: ImportMapping | null, paramCount: number): boolean {
  return (
    mapping !== null &&
    mapping.params.length === paramCount &&
    mapping.params.every((p, i) => p !== null || (mapping.fixed?.[i] ?? null) !== null)
  );
}

/** The mapping with variable `index` given one value for every row (null: from its column). */
export function withFixedValue(
  mapping: ImportMapping | null,
  paramCount: number,
  index: number,
  value: string | null,
): ImportMapping {
  const base = withParamColumn(mapping, paramCount, index, mapping?.params[index] ?? null);
  const fixed = Array.from({ length: paramCount }, (_v, i) => base.fixed?.[i] ?? null);
  fixed[index] = value === '' ? null : value;
  return { ...base, fixed };
}

/** The mapping with an empty variable `index` allowed (the per-import switch) or not. */
export function withAllowEmpty(
  mapping: ImportMapping | null,
  paramCount: number,
  index: number,
  allow: boolean,
): ImportMapping {
  const base = withParamColumn(mapping, paramCount, index, mapping?.params[index] ?? null);
  const allowEmpty = Array.from({ length: paramCount }, (_v, i) => base.allowEmpty?.[i] ?? false);
  allowEmpty[index] = allow;
  return { ...base, allowEmpty };
}

/** The mapping with variable `index` read from `column` (null: not mapped). */
export function withParamColumn(
  mapping: ImportMapping | null,
  paramCount: number,
  index: number,
  column: number | null,
): ImportMapping {
  const params = [...(mapping?.params ?? [])];
  while (params.length < paramCount) params.push(null);
  params[index] = column;
  return { ...mapping, phone: mapping?.phone ?? 0, params };
}

/** The mapping with the phone read from `column`. */
export function withPhoneColumn(
  mapping: ImportMapping | null,
  paramCount: number,
  column: number,
): ImportMapping {
  return {
    ...mapping,
    phone: column,
    params: mapping?.params ?? Array.from({ length: paramCount }, () => null),
  };
}

/** Spreadsheet-style column names (A, B, … Z, A1 …) next to each header. */
export function columnOptions(columns: readonly string[]): { value: number; label: string }[] {
  return columns.map((c, i) => ({
    value: i,
    label: `${String.fromCharCode(65 + (i % 26))}${i >= 26 ? Math.floor(i / 26) : ''} · ${c}`,
  }));
}

export function delimiterKey(d: ImportDelimiter): string {
  return { ',': 'comma', '\t': 'tab', ';': 'semicolon', '|': 'pipe' }[d];
}
