import { useState } from 'react';
import { Descriptions, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { JobPlan } from '../../../../shared/api/outbox';
import { PlanWarnings } from '../../components/job/PlanWarnings';
import {
  SendTimeChoice,
  sendTimeProblem,
  type SendTime,
} from '../../components/schedule/SendTimeChoice';
import { PreflightCost } from '../../components/usage/PreflightCost';

/** Money is spent only after this: counts, cost, and everything that will wait or repeat. */
export function ConfirmSend(props: {
  plan: JobPlan;
  segmentsEach: number;
  marketing: boolean;
  submitting: boolean;
  /** `at`: the scheduled time (定时发送), or null to send now. */
  onOk(at: number | null): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const { plan } = props;
  const [when, setWhen] = useState<SendTime>({ mode: 'now' });
  const later = when.mode === 'later';
  return (
    <Modal
      open
      title={t('send.confirm.title')}
      okText={
        later
          ? t('schedule.choice.confirm', { count: plan.rows })
          : t('send.confirm.ok', { count: plan.rows })
      }
      cancelText={t('send.confirm.cancel')}
      onOk={() => props.onOk(when.mode === 'later' ? when.at : null)}
      onCancel={props.onCancel}
      confirmLoading={props.submitting}
      okButtonProps={{
        'data-testid': 'send-confirm-ok',
        disabled: sendTimeProblem(when, props.marketing, Date.now()) !== null,
      }}
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
        <PlanWarnings plan={plan} quietApplies={props.marketing} scope="send" />
        <PreflightCost jobId={plan.jobId} />
        <div style={{ marginTop: 12 }}>
          <SendTimeChoice value={when} onChange={setWhen} marketing={props.marketing} />
        </div>
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          {t('send.confirm.note')}
        </Typography.Paragraph>
      </div>
    </Modal>
  );
}
