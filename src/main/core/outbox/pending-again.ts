import type { JobRecord } from './repo';

/**
 * After rows of a job became pending again (retry, re-send): a running job is fed them, a
 * finished or interrupted one runs again, and a job the user paused only shows its new counts.
 */
export function afterRowsPending(job: JobRecord, runnerActive: boolean): 'feed' | 'run' | 'show' {
  if (job.status === 'running' && runnerActive) return 'feed';
  if (job.status === 'finished' || (job.status === 'paused' && job.pausedReason !== 'user'))
    return 'run';
  return 'show';
}
