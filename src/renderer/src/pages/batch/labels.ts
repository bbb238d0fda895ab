import { useTranslation } from 'react-i18next';
import type { ImportIssue } from '../../../../shared/api/imports';
import type { JobSummary, RowState } from '../../../../shared/api/outbox';
import { describeTencentCode } from '../../../../shared/tencent-errors';

export const STATE_COLORS: Record<RowState, string> = {
  pending: 'default',
  held: 'orange',
  sending: 'processing',
  sent: 'green',
  failed: 'red',
  unknown: 'gold',
  skipped: 'default',
  cancelled: 'default',
};

/** The job's status in the user's words; a crash shows as 已中断, not as a user pause. */
export function jobStatusKey(job: Pick<JobSummary, 'status' | 'pausedReason'>): string {
  if (job.status === 'paused') return `batch.status.paused_${job.pausedReason ?? 'user'}`;
  return `batch.status.${job.status}`;
}

export function jobStatusColor(job: Pick<JobSummary, 'status' | 'pausedReason'>): string {
  switch (job.status) {
    case 'running':
      return 'processing';
    case 'paused':
      return job.pausedReason === 'user' ? 'default' : 'orange';
    case 'finished':
      return 'green';
    case 'cancelled':
      return 'default';
    default:
      return 'blue';
  }
}

/** Import problems in plain words; the imports room's own texts win when it has them. */
export function useIssueText(): (issue: ImportIssue) => string {
  const { t, i18n } = useTranslation();
  return (issue) => {
    const params: Record<string, unknown> = { ...(issue.details ?? {}) };
    // Placeholders print as {n}; i18next cannot put a literal brace next to {{n}}.
    if (params.n !== undefined) params.label = `{${String(params.n)}}`;
    const own = `imports.issue.${issue.code}`;
    if (i18n.exists(own)) return t(own, params);
    return t(`batch.issue.${issue.code}`, { ...params, defaultValue: issue.code });
  };
}

/** A Tencent or transport code in the catalog's plain language. */
export function useCodeText(): (code: string | null) => string {
  const { i18n } = useTranslation();
  return (code) => {
    if (!code || code === 'Ok') return '';
    const d = describeTencentCode(code);
    return i18n.language === 'en-US' ? d.en : d.zh;
  };
}

export function newIdempotencyKey(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return `batch-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(sec)}` : `${pad(m)}:${pad(sec)}`;
}

/** Beijing wall time, the clock Tencent's quiet hours and the user both use. */
export function formatTime(ms: number | null, lang: string): string {
  if (ms === null) return '';
  return new Date(ms).toLocaleString(lang, { timeZone: 'Asia/Shanghai', hour12: false });
}
