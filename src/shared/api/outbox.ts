import { z } from 'zod';
import { safeText } from '../safe-text';
import { signNameSchema } from '../signs';
import { templateKindSchema } from '../domain';
import { defineCall, defineEvent } from './define';

const e164 = z.string().regex(/^\+[1-9]\d{4,16}$/);

export const jobKindSchema = z.enum(['direct', 'batch']);
export const rowStateSchema = z.enum([
  'pending',
  'held',
  'sending',
  'sent',
  'failed',
  'unknown',
  'skipped',
  'cancelled',
]);
export type RowState = z.infer<typeof rowStateSchema>;
export const ROW_STATES = rowStateSchema.options;

/**
 * `draft` created, not started; `scheduled` waiting for its chosen time (定时发送); `running` sending or waiting for held rows; `paused` by the
 * user, by a crash (`interrupted`) or by an account-wide error; `finished` nothing left to do
 * automatically (unknown rows may remain); `cancelled`.
 */
export const jobStatusSchema = z.enum([
  'draft',
  'scheduled',
  'running',
  'paused',
  'finished',
  'cancelled',
]);
export type JobStatus = z.infer<typeof jobStatusSchema>;
export const pausedReasonSchema = z.enum(['user', 'interrupted', 'error']);

/** Why a row is held: local cooldown, a Tencent limit answer, marketing quiet hours, retry backoff. */
export const heldReasonSchema = z.enum(['cooldown', 'serverLimit', 'quietHours', 'retry']);

export const jobOptionsSchema = z.object({
  marketing: z.boolean().default(false),
  heldPolicy: z.enum(['wait', 'skip']).default('wait'),
  concurrency: z.number().int().min(1).max(16).default(4),
  /**
   * Verification-code jobs only: send to numbers on the do-not-send list too (a customer who
   * stopped promotions may still need a login code). Other kinds always honour the list.
   */
  ignoreOptOut: z.boolean().optional(),
});
export type JobOptions = z.infer<typeof jobOptionsSchema>;

export const jobRowInputSchema = z.object({
  rowNo: z.number().int().min(1),
  phone: e164,
  params: z.array(safeText(z.string().max(500))).max(30),
});
export type JobRowInput = z.infer<typeof jobRowInputSchema>;

/** Rows per `job.create` call; bigger batches come from an import (`importId`). */
export const MAX_ROWS_PER_CALL = 10_000;

export const jobCreateInputSchema = z
  .object({
    /** Client-generated; the same key returns the same job (a double click makes one job). */
    idempotencyKey: z.string().min(8).max(100),
    kind: jobKindSchema,
    templateId: z.string().min(1).max(20),
    /** Snapshot of the approved text, so history shows what was sent even if the template changes. */
    templateContent: safeText(z.string().min(1).max(1000), true),
    templateKind: templateKindSchema,
    /** Brackets typed around it are dropped; one left inside is refused (see signs.ts). */
    signName: signNameSchema.optional(),
    options: jobOptionsSchema.default({ marketing: false, heldPolicy: 'wait', concurrency: 4 }),
    rows: z.array(jobRowInputSchema).max(MAX_ROWS_PER_CALL).optional(),
    /** A validated import to take rows from (imports room). */
    importId: z.string().optional(),
  })
  .refine((v) => (v.rows && v.rows.length > 0) || v.importId !== undefined, {
    message: 'rows or importId required',
    path: ['rows'],
  });
export type JobCreateInput = z.infer<typeof jobCreateInputSchema>;

export const stateCountsSchema = z.object({
  pending: z.number().int(),
  held: z.number().int(),
  sending: z.number().int(),
  sent: z.number().int(),
  failed: z.number().int(),
  unknown: z.number().int(),
  skipped: z.number().int(),
  cancelled: z.number().int(),
});
export type StateCounts = z.infer<typeof stateCountsSchema>;

export const jobSummarySchema = z.object({
  id: z.number().int(),
  kind: jobKindSchema,
  status: jobStatusSchema,
  pausedReason: pausedReasonSchema.nullable(),
  /** Secret-free code of the account-wide failure that paused the job. */
  lastErrorCode: z.string().nullable(),
  sdkAppId: z.string(),
  templateId: z.string(),
  templateContent: z.string(),
  templateKind: templateKindSchema,
  signName: z.string().nullable(),
  options: jobOptionsSchema,
  total: z.number().int(),
  counts: stateCountsSchema,
  /** Rows sent to the same number with the same template and params in the 24 h before creation. */
  recentDuplicates: z.number().int(),
  feeTotal: z.number().int(),
  createdAt: z.number(),
  startedAt: z.number().nullable(),
  finishedAt: z.number().nullable(),
  updatedAt: z.number(),
  /** When a scheduled job is (or was) due; null for a job started by hand. */
  scheduledAt: z.number().nullable().optional(),
  /** Set when the time passed while the app was closed: the user decides, nothing is sent. */
  scheduleMissedAt: z.number().nullable().optional(),
});
export type JobSummary = z.infer<typeof jobSummarySchema>;

export const jobRowSchema = z.object({
  rowNo: z.number().int(),
  phone: z.string(),
  params: z.array(z.string()),
  state: rowStateSchema,
  heldReason: heldReasonSchema.nullable(),
  code: z.string().nullable(),
  message: z.string().nullable(),
  serialNo: z.string().nullable(),
  fee: z.number().int().nullable(),
  attempts: z.number().int(),
  notBefore: z.number().nullable(),
  requestId: z.string().nullable(),
  sessionContext: z.string().nullable(),
  rendered: z.string(),
  /** A failed row that may be retried without risk of a duplicate. */
  retrySafe: z.boolean(),
  attemptedAt: z.number().nullable(),
  sentAt: z.number().nullable(),
  reconciledAt: z.number().nullable(),
  recentSend: z.object({ at: z.number() }).nullable(),
  /** Delivery receipt of a sent row (as in history); absent for rows not sent. */
  receipt: z
    .object({ status: z.string(), description: z.string(), at: z.number().nullable() })
    .nullable()
    .optional(),
});
export type JobRow = z.infer<typeof jobRowSchema>;

const jobIdInput = z.object({ jobId: z.number().int().min(1) });
const rowNosInput = z.object({
  jobId: z.number().int().min(1),
  /** Omitted: every eligible row. */
  rowNos: z.array(z.number().int().min(1)).max(MAX_ROWS_PER_CALL).optional(),
});

export const jobPlanSchema = z.object({
  jobId: z.number().int(),
  rows: z.number().int(),
  requests: z.number().int(),
  billedSegments: z.number().int(),
  /** Numbers that would be held by a cooldown now, soonest first (first 200). */
  held: z.object({
    count: z.number().int(),
    items: z.array(z.object({ rowNo: z.number().int(), phone: z.string(), allowedAt: z.number() })),
  }),
  recentDuplicates: z.object({
    count: z.number().int(),
    items: z.array(z.object({ rowNo: z.number().int(), phone: z.string(), at: z.number() })),
  }),
  /** Marketing job outside 08:00–22:00 Beijing: rows wait until `resumesAt`. */
  quietHours: z.object({ active: z.boolean(), resumesAt: z.number().nullable() }),
  /** Numbers on the do-not-send list, left out (skipped) when the job was made (first 200). */
  optedOut: z
    .object({
      count: z.number().int(),
      items: z.array(z.object({ rowNo: z.number().int(), phone: z.string() })),
    })
    .optional(),
});
export type JobPlan = z.infer<typeof jobPlanSchema>;

export const jobProgressSchema = z.object({
  jobId: z.number().int(),
  status: jobStatusSchema,
  pausedReason: pausedReasonSchema.nullable(),
  total: z.number().int(),
  counts: stateCountsSchema,
  /** Rows settled per second over the last few seconds. */
  ratePerSec: z.number(),
  etaMs: z.number().nullable(),
  /** Earliest time a held row comes due, when only held rows are left. */
  nextDueAt: z.number().nullable(),
});
export type JobProgress = z.infer<typeof jobProgressSchema>;

const affected = z.object({ affected: z.number().int() });

export const outboxCalls = {
  'job.create': defineCall(
    jobCreateInputSchema,
    z.object({ job: jobSummarySchema, created: z.boolean() }),
  ),
  'job.plan': defineCall(jobIdInput, jobPlanSchema),
  'job.start': defineCall(jobIdInput, jobSummarySchema),
  'job.pause': defineCall(jobIdInput, jobSummarySchema),
  'job.resume': defineCall(jobIdInput, jobSummarySchema),
  'job.cancel': defineCall(jobIdInput, jobSummarySchema),
  /** Held rows the user chose not to send (a direct send waiting out a cooldown). */
  'job.cancelHeld': defineCall(
    z.object({
      jobId: z.number().int().min(1),
      rowNos: z.array(z.number().int().min(1)).min(1).max(MAX_ROWS_PER_CALL),
    }),
    affected,
  ),
  'job.get': defineCall(jobIdInput, jobSummarySchema),
  'job.list': defineCall(
    z.object({
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(200).default(50),
      status: jobStatusSchema.optional(),
    }),
    z.object({ items: z.array(jobSummarySchema), total: z.number().int() }),
  ),
  'job.rows': defineCall(
    z.object({
      jobId: z.number().int().min(1),
      states: z.array(rowStateSchema).optional(),
      /** Only rows a retry may send again without a risk of a duplicate. */
      retrySafe: z.literal(true).optional(),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(10_000).default(500),
    }),
    z.object({ items: z.array(jobRowSchema), total: z.number().int() }),
  ),
  /** Failed rows that are safe to retry go back to pending (the job runs again). */
  'job.retry': defineCall(rowNosInput, affected),
  /** The user's explicit choice: re-send `unknown` rows (after one more reconcile), once each. */
  'job.resendUnknown': defineCall(rowNosInput, affected),
  /** Check unknown rows with Tencent now; resolves when the pass is done. */
  'job.reconcile': defineCall(
    rowNosInput,
    z.object({ checked: z.number().int(), confirmed: z.number().int() }),
  ),
};

export const outboxEvents = {
  'job.progress': defineEvent(jobProgressSchema),
  'job.finished': defineEvent(jobProgressSchema),
};
