/**
 * Scheduled sends (定时发送): validating a chosen time, keeping jobs in `scheduled` until it comes,
 * and deciding at each wake whether a due job starts or, being too late, waits for the user.
 */
import {
  DEFAULT_SCHEDULE_GRACE_MINUTES,
  SCHEDULE_MAX_AHEAD_MS,
  SCHEDULE_MIN_AHEAD_MS,
} from '../../../shared/api/schedule';
import { AppError } from '../../../shared/errors';
import type { Clock } from '../kernel/clock';
import type { EventBus } from '../kernel/events';
import type { Logger } from '../kernel/log';
import type { Db } from '../store/db';
import { marketingQuietUntil } from './quiet-hours';
import type { JobProgress } from '../../../shared/api/outbox';
import type { JobRecord, OutboxRepo } from './repo';
import type { Scheduler } from './scheduler';

const MINUTE = 60_000;

/** Refuses a time too soon, too far, or (for marketing) outside 08:00–22:00 Beijing. */
export function checkScheduleTime(at: number, now: number, marketing: boolean): void {
  if (at < now + SCHEDULE_MIN_AHEAD_MS) {
    throw new AppError('schedule_too_soon', 'schedule.errors.tooSoon', { at });
  }
  if (at > now + SCHEDULE_MAX_AHEAD_MS) {
    throw new AppError('schedule_too_far', 'schedule.errors.tooFar', { at });
  }
  const opensAt = marketing ? marketingQuietUntil(at) : null;
  if (opensAt !== null) {
    // Tencent refuses marketing SMS at night: a job set for 23:00 would only wait until 08:00.
    throw new AppError('schedule_quiet_hours', 'schedule.errors.quietHours', { at, opensAt });
  }
}

/** The outbox's options for scheduled sends. */
export interface ScheduleOptions {
  /** How late a scheduled job may still start on its own (default 10 minutes). */
  scheduleGraceMs?: (() => number) | undefined;
}

export interface ScheduledJobsDeps extends ScheduleOptions {
  db: Db;
  clock: Clock;
  scheduler: Scheduler;
  events: EventBus;
  logger: Logger;
}

/** What the schedule needs of the outbox. */
export interface ScheduleHost {
  readonly repo: OutboxRepo;
  /** The outbox's own start: cooldowns, quiet hours and held rows apply from then on. */
  start(jobId: number): Promise<unknown>;
  progressOf(jobId: number): JobProgress;
}

export class ScheduledJobs {
  private cancelTimer: (() => void) | null = null;
  private armed = false;
  private closed = false;
  /** Jobs whose start is under way (a timer and a wake may both find them due). */
  private readonly starting = new Set<number>();

  constructor(
    private readonly host: ScheduleHost,
    private readonly deps: ScheduledJobsDeps,
  ) {}

  private get graceMs(): number {
    return this.deps.scheduleGraceMs?.() ?? DEFAULT_SCHEDULE_GRACE_MINUTES * MINUTE;
  }

  private job(id: number): JobRecord {
    const job = this.host.repo.jobById(id);
    if (!job) throw new AppError('job_not_found', 'outbox.errors.notFound', { jobId: id });
    return job;
  }

  private announce(id: number): void {
    this.deps.events.emit('job.progress', this.host.progressOf(id));
  }

  /** Schedules a draft job, or moves a scheduled or missed one; clears a missed mark. */
  set(jobId: number, at: number): JobRecord {
    const job = this.job(jobId);
    if (job.status !== 'draft' && job.status !== 'scheduled') {
      throw new AppError('job_not_schedulable', 'schedule.errors.notSchedulable', {
        status: job.status,
      });
    }
    const now = this.deps.clock.now();
    checkScheduleTime(at, now, job.options.marketing);
    this.deps.db
      .prepare(
        `UPDATE jobs SET status = 'scheduled', scheduled_at = ?, schedule_missed_at = NULL,
           updated_at = ? WHERE id = ?`,
      )
      .run(at, now, jobId);
    this.announce(jobId);
    this.arm();
    return this.job(jobId);
  }

  /** Starts tracking (after crash recovery): due jobs start or are marked missed, then the timer. */
  resume(): void {
    this.armed = true;
    this.check();
  }

  /** Re-reads the clock (a timer fired, the machine woke, a test moved the clock). */
  check(): void {
    if (!this.armed || this.closed) return;
    const now = this.deps.clock.now();
    const due = this.deps.db
      .prepare(
        `SELECT id, scheduled_at AS at FROM jobs WHERE status = 'scheduled'
           AND schedule_missed_at IS NULL AND scheduled_at <= ? ORDER BY scheduled_at, id`,
      )
      .all(now) as { id: number; at: number }[];
    for (const { id, at } of due) {
      if (this.starting.has(id)) continue;
      if (now - at > this.graceMs) this.markMissed(id, now);
      else void this.startDue(id);
    }
    this.arm();
  }

  close(): void {
    this.closed = true;
    this.cancelTimer?.();
    this.cancelTimer = null;
  }

  private markMissed(id: number, now: number): void {
    this.deps.db
      .prepare(`UPDATE jobs SET schedule_missed_at = ?, updated_at = ? WHERE id = ?`)
      .run(now, now, id);
    this.deps.logger.info('scheduled job missed its time', { jobId: id });
    this.deps.events.emit('job.scheduleMissed', { jobId: id });
    this.announce(id);
  }

  private async startDue(id: number): Promise<void> {
    this.starting.add(id);
    try {
      await this.host.start(id);
      this.deps.events.emit('job.scheduleStarted', { jobId: id });
    } catch (e) {
      // No account, another app in effect…: offered to the user like a missed job, not lost.
      this.deps.logger.warn('scheduled job could not start', {
        jobId: id,
        code: e instanceof AppError ? e.code : 'unexpected',
      });
      if (this.job(id).status === 'scheduled') this.markMissed(id, this.deps.clock.now());
    } finally {
      this.starting.delete(id);
    }
  }

  /**
   * One timer, for the earliest job still to come. Jobs already due are `check`'s (started or
   * marked missed there); counting them here would spin a zero timer while one starts.
   */
  private arm(): void {
    this.cancelTimer?.();
    this.cancelTimer = null;
    if (!this.armed || this.closed) return;
    const now = this.deps.clock.now();
    const next = this.deps.db
      .prepare(
        `SELECT MIN(scheduled_at) AS at FROM jobs
         WHERE status = 'scheduled' AND schedule_missed_at IS NULL AND scheduled_at > ?`,
      )
      .get(now) as { at: number | null };
    if (next.at === null) return;
    const wait = next.at - now;
    this.cancelTimer = this.deps.scheduler.after(wait, () => this.check());
  }
}
