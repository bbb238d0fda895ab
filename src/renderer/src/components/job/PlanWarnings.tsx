import { Alert, List } from 'antd';
import { useTranslation } from 'react-i18next';
import type { JobPlan } from '../../../../shared/api/outbox';
import { formatPhone } from '../../../../shared/phone';
import { formatDuration, formatTime, formatTimeOfDay } from '../../lib/format';
import { useNow } from '../../lib/ticker';
import { CooldownBadge } from '../CooldownBadge';
import { OptOutWarning } from './OptOutParts';

/**
 * What a plan says will wait or repeat, before money is spent: numbers still cooling down, numbers
 * sent the same text recently, and marketing quiet hours. The direct-send confirmation counts down
 * each held number (a handful); the batch pre-flight names the window and the first five rows.
 */
export function PlanWarnings({
  plan,
  quietApplies,
  scope,
}: {
  plan: JobPlan;
  quietApplies: boolean;
  scope: 'send' | 'batch';
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const now = useNow(scope === 'send' && plan.held.count > 0);
  const held = plan.held.items;
  const first = held[0];
  const last = held[held.length - 1];
  const send = scope === 'send';
  const style = send ? { marginTop: 12 } : { marginBottom: 12 };

  return (
    <>
      <OptOutWarning plan={plan} style={style} />
      {plan.held.count > 0 && first && last && (
        <Alert
          type="warning"
          showIcon
          style={style}
          data-testid={send ? 'confirm-held' : 'batch-plan-held-hint'}
          title={
            send
              ? t('send.confirm.held', { count: plan.held.count })
              : t('batch.preflight.heldHint', {
                  count: plan.held.count,
                  first: formatTime(first.allowedAt, lang),
                  last: formatTime(last.allowedAt, lang),
                })
          }
          description={
            <List
              size="small"
              dataSource={held.slice(0, send ? 10 : 5)}
              renderItem={(h) => (
                <List.Item>
                  {send ? (
                    t('send.confirm.heldItem', {
                      phone: formatPhone(h.phone),
                      time: formatTimeOfDay(h.allowedAt, lang),
                      wait: formatDuration(h.allowedAt - now),
                    })
                  ) : (
                    <>
                      {t('batch.col.rowN', { n: h.rowNo })} {formatPhone(h.phone)}{' '}
                      <CooldownBadge phone={h.phone} />
                    </>
                  )}
                </List.Item>
              )}
            />
          }
        />
      )}
      {plan.recentDuplicates.count > 0 && (
        <Alert
          type="warning"
          showIcon
          style={style}
          data-testid={send ? 'confirm-recent' : 'batch-plan-recent'}
          title={t(send ? 'send.confirm.recent' : 'batch.preflight.recentHint', {
            count: plan.recentDuplicates.count,
          })}
          description={
            send
              ? plan.recentDuplicates.items
                  .slice(0, 10)
                  .map((d) =>
                    t('send.confirm.recentItem', {
                      phone: formatPhone(d.phone),
                      time: formatTime(d.at, lang),
                    }),
                  )
                  .join('；')
              : undefined
          }
        />
      )}
      {quietApplies && plan.quietHours.active && (
        <Alert
          type="warning"
          showIcon
          style={style}
          data-testid={send ? 'confirm-quiet' : 'batch-plan-quiet-hint'}
          title={t(send ? 'send.confirm.quiet' : 'batch.preflight.quietHint', {
            time:
              plan.quietHours.resumesAt !== null
                ? formatTime(plan.quietHours.resumesAt, lang)
                : '08:00',
          })}
        />
      )}
    </>
  );
}
