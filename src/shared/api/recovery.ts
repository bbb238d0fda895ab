import { z } from 'zod';
import { defineEvent } from './define';

/** How far a check of a job's unknown rows with Tencent has come (it can take minutes). */
export const reconcileProgressSchema = z.object({
  jobId: z.number().int(),
  /** Rows to check in this pass. */
  total: z.number().int(),
  /** Rows checked so far. */
  checked: z.number().int(),
  /** Of those, found sent. */
  confirmed: z.number().int(),
  /** The pass is over (finished, or stopped by an error). */
  done: z.boolean(),
});
export type ReconcileProgress = z.infer<typeof reconcileProgressSchema>;

export const recoveryEvents = {
  'job.reconcileProgress': defineEvent(reconcileProgressSchema),
};
