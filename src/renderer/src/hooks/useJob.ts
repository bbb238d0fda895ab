import { useCallback, useEffect, useRef, useState } from 'react';
import type { JobProgress, JobSummary } from '../../../shared/api/outbox';
import { call, SmsError } from '../lib/sms';
import { useErrorText } from './useErrorText';
import { useEvent } from './useEvent';

/** How often a running job's rows are re-read while its progress events stream in. */
const ROWS_EVERY_MS = 1000;
/** A missed event (a reconnect) is caught up by this slow poll while the job runs. */
const POLL_MS = 3000;

export interface FollowedJob {
  job: JobSummary | null;
  /** The latest pushed progress (counts, speed, time left); null until one arrives. */
  progress: JobProgress | null;
  /** Bumps when the job's rows may have changed: row tables re-read what they show. */
  rowsVersion: number;
  error: string | null;
  /** The failed read's code (e.g. `disk_full`), to offer the way forward it calls for. */
  errorCode: string | null;
  /** Reads the job again (after an action that changed it). */
  reload(): Promise<void>;
  /** Takes a summary an action already returned, without another read. */
  adopt(job: JobSummary): void;
}

/**
 * Follows one job: its summary once, then the pushed progress payloads as they come (no re-read
 * per event), rows re-read at most once a second while it runs and once when it finishes, and a
 * slow poll as a safety net for missed events.
 */
export function useJob(jobId: number): FollowedJob {
  const errorText = useErrorText();
  const [job, setJob] = useState<JobSummary | null>(null);
  const [progress, setProgress] = useState<JobProgress | null>(null);
  const [rowsVersion, setRowsVersion] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [errorCode, setErrorCode] = useState<string | null>(null);
  const lastRows = useRef(0);
  const bump = useCallback(() => setRowsVersion((n) => n + 1), []);

  const adopt = useCallback(
    (j: JobSummary) => {
      setJob(j);
      setProgress(null);
      setError(null);
      setErrorCode(null);
      bump();
    },
    [bump],
  );

  const reload = useCallback(async () => {
    try {
      adopt(await call('job.get', { jobId }));
    } catch (e) {
      setError(errorText(e));
      setErrorCode(e instanceof SmsError ? e.info.code : null);
    }
  }, [jobId, adopt, errorText]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const apply = (p: JobProgress, final: boolean) => {
    if (p.jobId !== jobId) return;
    setProgress(p);
    const now = performance.now();
    if (final || now - lastRows.current > ROWS_EVERY_MS) {
      lastRows.current = now;
      bump();
    }
    if (final) void reload();
  };
  useEvent('job.progress', (p) => apply(p, false));
  useEvent('job.finished', (p) => apply(p, true));

  const status = progress?.status ?? job?.status;
  useEffect(() => {
    if (status !== 'running') return;
    const timer = setInterval(() => {
      call('job.get', { jobId }).then(
        (j) => {
          setJob(j);
          setProgress((p) =>
            p && p.status === j.status
              ? { ...p, counts: j.counts, total: j.total }
              : {
                  jobId,
                  status: j.status,
                  pausedReason: j.pausedReason,
                  total: j.total,
                  counts: j.counts,
                  ratePerSec: p?.ratePerSec ?? 0,
                  etaMs: p?.etaMs ?? null,
                  nextDueAt: p?.nextDueAt ?? null,
                },
          );
          bump();
        },
        () => {},
      );
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [status, jobId, bump]);

  return { job, progress, rowsVersion, error, errorCode, reload, adopt };
}
