import { Alert, Checkbox, List } from 'antd';
import { useTranslation } from 'react-i18next';
import type { JobPlan } from '../../../../shared/api/outbox';
import type { TemplateKind } from '../../../../shared/domain';
import { formatPhone } from '../../../../shared/phone';

/** Pre-flight: how many numbers the do-not-send list leaves out (not sent, not charged). */
export function OptOutWarning({ plan, style }: { plan: JobPlan; style: React.CSSProperties }) {
  const { t } = useTranslation();
  const o = plan.optedOut;
  if (!o || o.count === 0) return null;
  return (
    <Alert
      type="info"
      showIcon
      style={style}
      data-testid="plan-optout"
      title={t('optout.preflight', { count: o.count })}
      description={
        <List
          size="small"
          dataSource={o.items.slice(0, 5)}
          renderItem={(x) => <List.Item>{formatPhone(x.phone)}</List.Item>}
        />
      }
    />
  );
}

/**
 * The per-send override for verification codes: a customer who stopped promotions may still
 * need a login code. Other kinds always honour the list, so nothing is shown for them.
 */
export function OptOutOverride({
  kind,
  checked,
  onChange,
}: {
  kind: TemplateKind | undefined;
  checked: boolean;
  onChange(v: boolean): void;
}) {
  const { t } = useTranslation();
  if (kind !== 'verification') return null;
  return (
    <Checkbox
      checked={checked}
      onChange={(e) => onChange(e.target.checked)}
      data-testid="optout-override"
    >
      {t('optout.override')}
    </Checkbox>
  );
}
