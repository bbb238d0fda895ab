import { useTranslation } from 'react-i18next';
import type { ImportIssue } from '../../../../shared/api/imports';

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
