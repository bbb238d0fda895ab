import { z } from 'zod';
import { defineCall } from './define';

export const historyFilterSchema = z.object({
  /** Any fragment of the number, as typed (spaces and +86 are ignored). */
  phone: z.string().trim().max(40).optional(),
  templateId: z.string().trim().max(20).optional(),
  /** Inclusive range, ms since epoch. */
  from: z.number().optional(),
  to: z.number().optional(),
  states: z.array(z.string().max(20)).max(10).optional(),
  /** Delivery receipt state of sent rows (core/inbound). */
  delivery: z
    .array(z.enum(['delivered', 'failed', 'waiting', 'expired']))
    .max(4)
    .optional(),
});
export type HistoryFilter = z.infer<typeof historyFilterSchema>;

export const historyRowSchema = z.object({
  id: z.string(),
  jobId: z.string(),
  /** When the send was made (or queued, if it never left), ms since epoch. */
  at: z.number(),
  phone: z.string(),
  templateId: z.string(),
  templateName: z.string(),
  signName: z.string(),
  text: z.string(),
  state: z.string(),
  code: z.string(),
  serialNo: z.string(),
  fee: z.number(),
  /**
   * Delivery receipt of a sent row: `status` delivered / failed / waiting / expired (Tencent
   * keeps receipts 7 days), the carrier's `description`, `at` when the phone received it.
   */
  receipt: z
    .object({ status: z.string(), description: z.string(), at: z.number().nullable() })
    .nullable(),
});
export type HistoryRow = z.infer<typeof historyRowSchema>;

export const historyCalls = {
  'history.list': defineCall(
    z.object({
      filter: historyFilterSchema.default({}),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(500).default(50),
    }),
    z.object({ rows: z.array(historyRowSchema), total: z.number().int() }),
  ),
  /** Asks where to save (the shell's save dialog) and writes there; path null: cancelled. */
  'history.export': defineCall(
    z.strictObject({
      filter: historyFilterSchema.default({}),
      /** Language of the file's headers and texts; the UI's language. */
      language: z.enum(['zh-CN', 'en-US']).default('zh-CN'),
    }),
    z.object({ path: z.string().nullable(), count: z.number().int() }),
  ),
};
