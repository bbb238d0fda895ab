/** Scheduled sends (定时发送): the calls and events beyond the outbox's own. */
import { z } from 'zod';
import { defineCall, defineEvent } from './define';
import { jobSummarySchema } from './outbox';

const MINUTE = 60_000;
/** A scheduled time must be at least this far ahead (the user needs time to change their mind). */
export const SCHEDULE_MIN_AHEAD_MS = MINUTE;
/** …and at most this far (a forgotten job a season later helps nobody). */
export const SCHEDULE_MAX_AHEAD_MS = 30 * 24 * 60 * MINUTE;
/** A job due while the app was closed runs at the next start if it is this late at most. */
export const DEFAULT_SCHEDULE_GRACE_MINUTES = 10;

export const scheduleCalls = {
  /**
   * Schedules a draft job, or moves a scheduled (or missed) job, to `at` (ms since the epoch).
   * Start now with `job.start`, cancel with `job.cancel`.
   */
  'job.schedule': defineCall(
    z.object({ jobId: z.number().int().min(1), at: z.number().int().min(0) }),
    jobSummarySchema,
  ),
};

export const desktopCalls = {
  /**
   * The shell asks the window to show a job (a notification or the tray menu was clicked); the
   * core only passes it on as `app.openJob`, so the harness can do the same.
   */
  'app.openJob': defineCall(
    z.object({ jobId: z.number().int().min(1) }),
    z.object({ ok: z.literal(true) }),
  ),
};

export const scheduleEvents = {
  /** Show this job (see the `app.openJob` call). */
  'app.openJob': defineEvent(z.object({ jobId: z.number().int() })),
  /** A scheduled job's time came and it started (the shell shows a notification). */
  'job.scheduleStarted': defineEvent(z.object({ jobId: z.number().int() })),
  /** A scheduled job's time passed unattended: it waits for the user's choice. */
  'job.scheduleMissed': defineEvent(z.object({ jobId: z.number().int() })),
};
