/**
 * OS notifications for what happens while the user looks elsewhere: a job finished, a job
 * paused on an error, a scheduled job started or missed its time. Clicking one opens the job.
 */
import type { JobProgress } from '../shared/api/outbox';

export interface NotificationLike {
  on(event: 'click', fn: () => void): unknown;
  show(): void;
}
export interface NotificationCtor {
  new (options: { title: string; body: string }): NotificationLike;
  isSupported(): boolean;
}

export interface NotifierDeps {
  Notification: NotificationCtor;
  /** The user's setting, and whether the window is out of sight (no need to notify otherwise). */
  wanted: () => boolean;
  text: (key: string, params?: Record<string, string | number>) => string;
  openJob: (jobId: number) => void;
}

/** Returns the listener for core events. */
export function createJobNotifier(deps: NotifierDeps): (name: string, payload: unknown) => void {
  // One notice per pause: progress events repeat while a job stays paused.
  const pausedNoticed = new Set<number>();

  const notify = (jobId: number, kind: string, params: Record<string, string | number>) => {
    if (!deps.wanted() || !deps.Notification.isSupported()) return;
    const n = new deps.Notification({
      title: deps.text(`desktop.notify.${kind}Title`),
      body: deps.text(`desktop.notify.${kind}`, { id: jobId, ...params }),
    });
    n.on('click', () => deps.openJob(jobId));
    n.show();
  };

  return (name, payload) => {
    if (name === 'job.scheduleStarted' || name === 'job.scheduleMissed') {
      const { jobId } = payload as { jobId: number };
      notify(jobId, name === 'job.scheduleStarted' ? 'started' : 'missed', {});
      return;
    }
    if (name !== 'job.progress' && name !== 'job.finished') return;
    const p = payload as JobProgress;
    if (name === 'job.finished' && p.status === 'finished') {
      notify(p.jobId, 'finished', { sent: p.counts.sent, failed: p.counts.failed });
      return;
    }
    if (p.status === 'paused' && p.pausedReason === 'error') {
      if (pausedNoticed.has(p.jobId)) return;
      pausedNoticed.add(p.jobId);
      notify(p.jobId, 'paused', {});
    } else {
      pausedNoticed.delete(p.jobId);
    }
  };
}
