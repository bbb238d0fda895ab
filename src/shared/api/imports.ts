import { z } from 'zod';
import { defineCall, defineEvent } from './define';

/**
 * Spreadsheet import: the core parses a file the user picked, named by a GRANT the shell issued
 * for that pick (never a path, never bytes over IPC), saves every row in SQLite at once, and the
 * renderer reads the rows back in pages of at most 1,000.
 */

/** Files larger than this are refused before anything is read (Tencent's console allows 30 MB). */
export const IMPORT_MAX_FILE_BYTES = 200 * 1024 * 1024;
/** The largest page `import.rows` returns; the renderer virtualises and fetches more on scroll. */
export const IMPORT_MAX_PAGE = 1000;
/** Rows `import.preview` returns by default. */
export const IMPORT_PREVIEW_ROWS = 50;

export const importEncodingSchema = z.enum(['utf8', 'utf16le', 'utf16be', 'gb18030']);
export type ImportEncoding = z.infer<typeof importEncodingSchema>;

export const importDelimiterSchema = z.enum([',', '\t', ';', '|']);
export type ImportDelimiter = z.infer<typeof importDelimiterSchema>;

/**
 * Column indexes (0-based) of the phone and of each template placeholder: `params[i]` feeds
 * `{i+1}`; null leaves that placeholder unmapped (a problem on every row).
 */
export const importMappingSchema = z.object({
  phone: z.number().int().min(0).max(1000),
  params: z.array(z.number().int().min(0).max(1000).nullable()).max(50),
  /** `fixed[i]` set: {i+1} takes this one value on every row instead of a column. */
  fixed: z.array(z.string().trim().max(100).nullable()).max(50).optional(),
  /** `allowEmpty[i]`: an empty {i+1} is sent as it is (the per-import switch). */
  allowEmpty: z.array(z.boolean()).max(50).optional(),
});
export type ImportMapping = z.infer<typeof importMappingSchema>;

/** Where the whole mapping came from; 'position' means at least one column was taken by order. */
export const mappingSourceSchema = z.enum([
  'given',
  'remembered',
  'header',
  'content',
  'position',
  'none',
]);
export type MappingSource = z.infer<typeof mappingSourceSchema>;

/**
 * How one variable found its column: the column title's meaning (header), the user's name for
 * the variable (label), a `{n}`/变量n title (index), the column's content, its position (the
 * last resort), a fixed value, or the user's / remembered choice.
 */
export const mappingViaSchema = z.enum([
  'given',
  'remembered',
  'header',
  'label',
  'index',
  'content',
  'position',
  'fixed',
  'none',
]);
export type MappingVia = z.infer<typeof mappingViaSchema>;

/**
 * The content check disagreed with a mapping (remembered, from the titles, or given).
 * kept = false: the preview shows the better mapping and `other` is the one it replaced;
 * kept = true: the user's own mapping stays and `other` is the proposal. Three rows both ways.
 * otherLayout: a remembered mapping learned from a file with other titles was not applied.
 */
export const mappingCheckSchema = z.object({
  reason: z.enum(['swapped', 'betterColumn', 'otherLayout']),
  other: importMappingSchema,
  otherSource: mappingSourceSchema,
  kept: z.boolean(),
  examples: z
    .array(z.object({ rowNumber: z.number().int(), chosen: z.string(), other: z.string() }))
    .max(3),
});
export type MappingCheck = z.infer<typeof mappingCheckSchema>;

/** The user's overrides; anything left out is detected. */
export const importOptionsSchema = z.object({
  encoding: importEncodingSchema.optional(),
  delimiter: importDelimiterSchema.optional(),
  /** 1-based row number of the header row; 0 means the file has no header row. */
  headerRow: z.number().int().min(0).max(1000).optional(),
  /** .xlsx only: the sheet to read (default the first with a phone-shaped column). */
  sheet: z.string().max(255).optional(),
  /** The template the rows will fill; its variables are checked on every row. */
  templateId: z.string().max(32).optional(),
  /** Overrides the remembered / guessed mapping (needs templateId to mean anything for params). */
  mapping: importMappingSchema.optional(),
  /** Accept non-mainland numbers (the account sends international SMS). */
  international: z.boolean().optional(),
});
export type ImportOptions = z.infer<typeof importOptionsSchema>;

/** The opaque id of a file the user picked (see `FileGrants` in core); never a path. */
export const fileGrantSchema = z.string().min(1).max(64);
const importIdSchema = z.number().int().positive();

export const importFileKindSchema = z.enum(['text', 'xlsx']);

export const importPreviewSchema = z.object({
  fileName: z.string(),
  sizeBytes: z.number().int(),
  kind: importFileKindSchema,
  /** What was used (the override, or else what was detected), and what detection said. */
  encoding: importEncodingSchema.nullable(),
  detectedEncoding: importEncodingSchema.nullable(),
  /** True when the file starts with a byte-order mark. */
  bom: z.boolean(),
  delimiter: importDelimiterSchema.nullable(),
  detectedDelimiter: importDelimiterSchema.nullable(),
  headerRow: z.number().int(),
  detectedHeaderRow: z.number().int(),
  sheets: z.array(z.string()),
  sheet: z.string().nullable(),
  /** Column titles: the header cells, or "A", "B", … without a header row. */
  columns: z.array(z.string()),
  /** The first rows after the header, with their row numbers as Excel shows them. */
  rows: z.array(z.object({ rowNumber: z.number().int(), cells: z.array(z.string()) })),
  /** The mapping import.open would use with these options (null phone: no phone-like column). */
  mapping: z.object({
    phone: z.number().int().nullable(),
    params: z.array(z.number().int().nullable()),
    fixed: z.array(z.string().nullable()).optional(),
    allowEmpty: z.array(z.boolean()).optional(),
    source: mappingSourceSchema,
    /** Per variable: how its column was found. */
    via: z.array(mappingViaSchema),
    check: mappingCheckSchema.nullable(),
    /** The first rows rendered with this mapping (template body, no sign). */
    examples: z.array(z.object({ rowNumber: z.number().int(), text: z.string() })).max(3),
  }),
});
export type ImportPreview = z.infer<typeof importPreviewSchema>;

export const importSummarySchema = z.object({
  importId: importIdSchema,
  fileName: z.string(),
  createdAt: z.number(),
  kind: importFileKindSchema,
  encoding: importEncodingSchema.nullable(),
  delimiter: importDelimiterSchema.nullable(),
  headerRow: z.number().int(),
  sheet: z.string().nullable(),
  columns: z.array(z.string()),
  templateId: z.string().nullable(),
  mapping: importMappingSchema,
  international: z.boolean(),
  /** Data rows read (empty rows not counted). */
  total: z.number().int(),
  /** Rows that can be sent: no problem, not a removed duplicate (includes samePhone rows). */
  valid: z.number().int(),
  /** Rows with at least one problem (bad phone, bad or missing variable). */
  problems: z.number().int(),
  /** Exact repeats (same phone, same variables) left out of the send. */
  duplicatesRemoved: z.number().int(),
  /** Valid rows whose phone also appears with different variables: kept, for the user to decide. */
  samePhoneDifferentParams: z.number().int(),
  /**
   * Of those, the later rows that add another message to a phone already in the list — the
   * number of messages that go to a phone a second (or third…) time — and the phones involved.
   */
  samePhoneExtraRows: z.number().int(),
  samePhonePhones: z.number().int(),
  /** Sendable rows with an empty verification code: Tencent allows it, the user should know. */
  emptyCodes: z.number().int(),
  /** Distinct valid phone numbers. */
  distinctPhones: z.number().int(),
});
export type ImportSummary = z.infer<typeof importSummarySchema>;

export const importRowStatusSchema = z.enum(['ok', 'problem', 'duplicate', 'samePhone']);
export type ImportRowStatus = z.infer<typeof importRowStatusSchema>;

export const importIssueSchema = z.object({
  /** e.g. phoneInvalid, phoneScientific, variableTooLong; the text is `imports.issue.<code>`. */
  code: z.string(),
  /** 0-based column the problem is in, when it is in one. */
  column: z.number().int().nullable(),
  details: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type ImportIssue = z.infer<typeof importIssueSchema>;

export const importRowSchema = z.object({
  rowNumber: z.number().int(),
  cells: z.array(z.string()),
  /** E.164 (+8613812345678) when the phone is valid. */
  phone: z.string().nullable(),
  params: z.array(z.string()),
  status: importRowStatusSchema,
  issues: z.array(importIssueSchema),
  /** For a duplicate: the row number it repeats. */
  duplicateOf: z.number().int().nullable(),
});
export type ImportRow = z.infer<typeof importRowSchema>;

/** held: rows the ledger will hold back for cooldown; computed with the ledger (empty until then). */
export const importFilterSchema = z.enum(['all', 'problems', 'duplicates', 'samePhone', 'held']);
export type ImportFilter = z.infer<typeof importFilterSchema>;

export const importProgressSchema = z.object({
  importId: importIdSchema.nullable(),
  /** The grant the import was opened with, so a screen can tell its own import's progress. */
  grant: z.string(),
  phase: z.enum(['reading', 'parsing', 'validating', 'saving', 'done', 'failed']),
  rowsDone: z.number().int(),
  bytesDone: z.number().int(),
  bytesTotal: z.number().int(),
});
export type ImportProgress = z.infer<typeof importProgressSchema>;

export const importCalls = {
  'import.preview': defineCall(
    z.strictObject({
      grant: fileGrantSchema,
      options: importOptionsSchema.optional(),
      limit: z.number().int().min(1).max(200).optional(),
    }),
    importPreviewSchema,
  ),
  'import.open': defineCall(
    z.strictObject({ grant: fileGrantSchema, options: importOptionsSchema.optional() }),
    z.object({ importId: importIdSchema, summary: importSummarySchema }),
  ),
  'import.setMapping': defineCall(
    z.object({
      importId: importIdSchema,
      /** null: no template (phone only; other columns count for duplicates). */
      templateId: z.string().max(32).nullable(),
      mapping: importMappingSchema.optional(),
      international: z.boolean().optional(),
    }),
    importSummarySchema,
  ),
  /**
   * Stops the import opened with this grant; it then saves nothing and `import.open` fails with
   * `import_cancelled`. `cancelled` is false when no such import is running (already over).
   */
  'import.cancel': defineCall(
    z.strictObject({ grant: fileGrantSchema }),
    z.object({ cancelled: z.boolean() }),
  ),
  'import.get': defineCall(z.object({ importId: importIdSchema }), importSummarySchema),
  'import.rows': defineCall(
    z.object({
      importId: importIdSchema,
      filter: importFilterSchema.default('all'),
      offset: z.number().int().min(0),
      limit: z.number().int().min(1).max(IMPORT_MAX_PAGE),
    }),
    z.object({ total: z.number().int(), offset: z.number().int(), rows: z.array(importRowSchema) }),
  ),
  'import.list': defineCall(z.undefined(), z.array(importSummarySchema)),
  'import.delete': defineCall(
    z.object({ importId: importIdSchema }),
    z.object({ ok: z.literal(true) }),
  ),
  /** Asks where to save (the shell's save dialog) and writes there; path null: cancelled. */
  'import.exportProblems': defineCall(
    z.strictObject({
      importId: importIdSchema,
      /** Language of the header and the problem texts in the file (default zh-CN). */
      language: z.enum(['zh-CN', 'en-US']).optional(),
    }),
    z.object({ path: z.string().nullable(), rows: z.number().int() }),
  ),
};

export const importEvents = {
  'import.progress': defineEvent(importProgressSchema),
};
