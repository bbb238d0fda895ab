import { z } from 'zod';
import { rowStateSchema } from './outbox';
import { defineCall } from './define';

/**
 * Batch send extras that neither the outbox nor the imports room offers: result files the user
 * opens in Excel. Files are written by core into `<dataDir>/exports/` and only the path crosses
 * IPC, so a million-row job never travels to the renderer.
 */
export const exportLanguageSchema = z.enum(['zh-CN', 'en-US']);

export const batchExportResultSchema = z.object({
  path: z.string(),
  rows: z.number().int(),
});
export type BatchExportResult = z.infer<typeof batchExportResultSchema>;

export const batchCalls = {
  /** Every row of a job (or only the given states) as CSV with a BOM, formula-safe. */
  'batch.exportResults': defineCall(
    z.object({
      jobId: z.number().int().min(1),
      states: z.array(rowStateSchema).optional(),
      language: exportLanguageSchema.default('zh-CN'),
    }),
    batchExportResultSchema,
  ),
  /** The problem rows of an import, written where exports go (the imports room writes the file). */
  'batch.exportProblems': defineCall(
    z.object({ importId: z.number().int().positive() }),
    batchExportResultSchema,
  ),
};
