import type {
  ImportDelimiter,
  ImportEncoding,
  ImportMapping,
  ImportSummary,
} from '../../../shared/api/imports';

/** An `imports` table row as SQLite returns it. */
export interface ImportDbRow {
  id: number;
  file_name: string;
  path: string;
  kind: string;
  encoding: string | null;
  delimiter: string | null;
  header_row: number;
  sheet: string | null;
  columns: string;
  template_id: string | null;
  mapping: string;
  international: number;
  state: string;
  total: number;
  valid: number;
  problems: number;
  duplicates_removed: number;
  same_phone: number;
  same_phone_phones: number;
  empty_codes: number;
  distinct_phones: number;
  created_at: number;
}

/** The stored reading options and mapping of an import, as the header and the summary share them. */
export function parsedOptions(r: ImportDbRow) {
  return {
    kind: r.kind as 'text' | 'xlsx',
    encoding: r.encoding as ImportEncoding | null,
    delimiter: r.delimiter as ImportDelimiter | null,
    headerRow: r.header_row,
    sheet: r.sheet,
    columns: JSON.parse(r.columns) as string[],
    templateId: r.template_id,
    mapping: JSON.parse(r.mapping) as ImportMapping,
    international: r.international === 1,
  };
}

export function toSummary(r: ImportDbRow): ImportSummary {
  return {
    importId: r.id,
    fileName: r.file_name,
    createdAt: r.created_at,
    ...parsedOptions(r),
    total: r.total,
    valid: r.valid,
    problems: r.problems,
    duplicatesRemoved: r.duplicates_removed,
    samePhoneDifferentParams: r.same_phone,
    samePhoneExtraRows: r.same_phone - r.same_phone_phones,
    samePhonePhones: r.same_phone_phones,
    emptyCodes: r.empty_codes,
    distinctPhones: r.distinct_phones,
  };
}
