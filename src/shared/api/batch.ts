import { z } from 'zod';
import { rowStateSchema } from './outbox';
import { defineCall } from './define';

/**
 * Batch send extras that neither the outbox nor the imports room offers: result files the user
 * opens in Excel. The core asks where to save through the shell's save dialog and writes there,
 * so a million-row job never travels to the renderer and the renderer never names a path.
 */
export const exportLanguageSchema = z.enum(['zh-CN', 'en-US']);

export const batchExportResultSchema = z.object({
  /** Where the user chose to save; null when the save dialog was cancelled. */
  path: z.string().nullable(),
  rows: z.number().int(),
});
export type BatchExportResult = z.infer<typeof batchExportResultSchema>;

export const batchCalls = {
  /** Every row of a job (or only the given states) as CSV with a BOM, formula-safe. */
  'batch.exportResults': defineCall(
    z.strictObject({
      jobId: z.number().int().min(1),
      states: z.array(rowStateSchema).optional(),
      language: exportLanguageSchema.default('zh-CN'),
    }),
    batchExportResultSchema,
  ),
  /** The problem rows of an import, written where exports go (the imports room writes the file). */
  'batch.exportProblems': defineCall(
    z.strictObject({ importId: z.number().int().positive() }),
    batchExportResultSchema,
  ),
};
