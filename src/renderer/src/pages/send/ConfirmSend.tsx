import { Alert, Descriptions, List, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { JobPlan } from '../../../../shared/api/outbox';
import { formatPhone } from '../../../../shared/phone';
import { formatCountdown, useNow } from '../../lib/ticker';

/** Money is spent only after this: counts, cost, and everything that will wait or repeat. */
export function ConfirmSend(props: {
  plan: JobPlan;
  segmentsEach: number;
  marketing: boolean;
  submitting: boolean;
  onOk(): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const now = useNow(props.plan.held.count > 0);
  const { plan } = props;
  return (
    <Modal
      open
      title={t('send.confirm.title')}
      okText={t('send.confirm.ok', { count: plan.rows })}
      cancelText={t('send.confirm.cancel')}
      onOk={props.onOk}
      onCancel={props.onCancel}
      confirmLoading={props.submitting}
      okButtonProps={{ 'data-testid': 'send-confirm-ok' } as Record<string, string>}
      width={560}
    >
      <div data-testid="send-confirm">
        <Descriptions column={1} size="small" bordered>
          <Descriptions.Item label={t('send.confirm.recipients')}>
            <span data-testid="confirm-recipients">{plan.rows}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('send.confirm.segmentsEach')}>
            {props.segmentsEach}
          </Descriptions.Item>
          <Descriptions.Item label={t('send.confirm.billed')}>
            <span data-testid="confirm-billed">{plan.billedSegments}</span>
          </Descriptions.Item>
        </Descriptions>
        {plan.held.count > 0 && (
          <Alert
            type="warning"
            showIcon
            style={{ marginTop: 12 }}
            data-testid="confirm-held"
            title={t('send.confirm.held', { count: plan.held.count })}
            description={
              <List
                size="small"
                dataSource={plan.held.items.slice(0, 10)}
                renderItem={(h) => (
                  <List.Item>
                    {t('send.confirm.heldItem', {
                      phone: formatPhone(h.phone),
                      time: new Date(h.allowedAt).toLocaleTimeString(),
                      wait: formatCountdown(h.allowedAt - now),
                    })}
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
            style={{ marginTop: 12 }}
            data-testid="confirm-recent"
            title={t('send.confirm.recent', { count: plan.recentDuplicates.count })}
            description={plan.recentDuplicates.items
              .slice(0, 10)
              .map((d) =>
                t('send.confirm.recentItem', {
                  phone: formatPhone(d.phone),
                  time: new Date(d.at).toLocaleString(),
                }),
              )
              .join('；')}
          />
        )}
        {props.marketing && plan.quietHours.active && (
          <Alert
            type="warning"
            showIcon
            style={{ marginTop: 12 }}
            data-testid="confirm-quiet"
            title={t('send.confirm.quiet', {
              time: plan.quietHours.resumesAt
                ? new Date(plan.quietHours.resumesAt).toLocaleString()
                : '08:00',
            })}
          />
        )}
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          {t('send.confirm.note')}
        </Typography.Paragraph>
      </div>
    </Modal>
  );
}
