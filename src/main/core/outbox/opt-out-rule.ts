import type { JobRecord } from './repo';

/**
 * Which jobs honour the do-not-send list: marketing and notification always; verification
 * codes too unless the user ticked the per-send override (a customer who stopped promotions
 * may still need a login code).
 */
export function honoursOptOut(job: Pick<JobRecord, 'templateKind' | 'options'>): boolean {
  return !(job.templateKind === 'verification' && job.options.ignoreOptOut === true);
}
