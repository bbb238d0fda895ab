import { AppError } from '../../../shared/errors';

/**
 * The import room's expected failures. Each has its own catalog key under `imports.errors.*`
 * (src/shared/locales/<lang>/imports.json) so the user is told exactly what is wrong.
 */
export type ImportErrorCode =
  | 'import_not_found'
  | 'import_file_missing'
  | 'import_file_empty'
  | 'import_file_binary'
  | 'import_file_legacy_xls'
  | 'import_file_too_large'
  | 'import_unbalanced_quotes'
  | 'import_no_phone_column'
  | 'import_no_data_rows'
  | 'import_xlsx_too_big'
  | 'import_bad_xlsx'
  | 'import_sheet_not_found'
  | 'import_template_not_found'
  | 'import_mapping_mismatch'
  | 'import_export_failed'
  | 'import_cancelled';

const KEYS: Record<ImportErrorCode, string> = {
  import_not_found: 'imports.errors.notFound',
  import_file_missing: 'imports.errors.fileMissing',
  import_file_empty: 'imports.errors.empty',
  import_file_binary: 'imports.errors.binary',
  import_file_legacy_xls: 'imports.errors.legacyXls',
  import_file_too_large: 'imports.errors.tooLarge',
  import_unbalanced_quotes: 'imports.errors.unbalancedQuotes',
  import_no_phone_column: 'imports.errors.noPhoneColumn',
  import_no_data_rows: 'imports.errors.noDataRows',
  import_xlsx_too_big: 'imports.errors.xlsxTooBig',
  import_bad_xlsx: 'imports.errors.badXlsx',
  import_sheet_not_found: 'imports.errors.sheetNotFound',
  import_template_not_found: 'imports.errors.templateNotFound',
  import_mapping_mismatch: 'imports.errors.mappingMismatch',
  import_export_failed: 'imports.errors.exportFailed',
  import_cancelled: 'imports.errors.cancelled',
};

export const importError = (code: ImportErrorCode, details?: Record<string, unknown>): AppError =>
  new AppError(code, KEYS[code], details);
