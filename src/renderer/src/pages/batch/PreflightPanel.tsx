import { useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Col,
  Modal,
  Popconfirm,
  Row,
  Space,
  Statistic,
  Typography,
} from 'antd';
import type { ButtonProps } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ImportSummary } from '../../../../shared/api/imports';
import type { JobPlan, JobSummary } from '../../../../shared/api/outbox';
import { PlanWarnings } from '../../components/job/PlanWarnings';
import { PreflightCost } from '../../components/usage/PreflightCost';
import { useAction } from '../../hooks/useAction';
import { useCall } from '../../hooks/useCall';
import { formatTime } from '../../lib/format';
import { call } from '../../lib/sms';
import {
  SendTimeChoice,
  sendTimeProblem,
  type SendTime,
} from '../../components/schedule/SendTimeChoice';
import { afterScheduled } from '../../components/schedule/afterScheduled';

/**
 * Step 3: what this batch will do before any money is spent, then an explicit confirmation that
 * repeats the numbers. Starting is idempotent per job, so a double click sends once.
 */
export function PreflightPanel({
  job,
  importSummary,
  onStarted,
  onCancelled,
}: {
  job: JobSummary;
  importSummary: ImportSummary | null;
  onStarted(job: JobSummary): void;
  onCancelled(job: JobSummary): void;
}) {
  const { t, i18n } = useTranslation();
  const planned = useCall('job.plan', { jobId: job.id });
  const plan: JobPlan | null = planned.data ?? null;
  const action = useAction({ exclusive: true });
  const error = action.error ?? planned.error;
  const [confirming, setConfirming] = useState(false);
  const [when, setWhen] = useState<SendTime>({ mode: 'now' });
  const marketing = job.options.marketing;

  const start = async () => {
    const at = when.mode === 'later' ? when.at : null;
    const started = await action.run(
      () =>
        at === null
          ? call('job.start', { jobId: job.id })
          : call('job.schedule', { jobId: job.id, at }),
      'start',
    );
    if (started && at !== null) afterScheduled(started, t, i18n.language);
    setConfirming(false);
    if (started) onStarted(started);
  };

  const cancel = async () => {
    const cancelled = await action.run(() => call('job.cancel', { jobId: job.id }), 'cancel');
    if (cancelled) onCancelled(cancelled);
  };

  const perRow = plan && plan.rows > 0 ? plan.billedSegments / plan.rows : 0;

  const lines = plan
    ? [
        t('batch.preflight.confirmRows', { count: plan.rows }),
        t('batch.preflight.confirmSegments', { count: plan.billedSegments }),
        ...(plan.held.count ? [t('batch.preflight.confirmHeld', { count: plan.held.count })] : []),
        ...(plan.recentDuplicates.count
          ? [t('batch.preflight.confirmRecent', { count: plan.recentDuplicates.count })]
          : []),
        ...(plan.quietHours.active
          ? [
              t('batch.preflight.confirmQuiet', {
                time: formatTime(plan.quietHours.resumesAt, i18n.language),
              }),
            ]
          : []),
      ]
    : [];

  return (
    <Card
      title={t('batch.preflight.title')}
      data-testid="batch-preflight"
      loading={!plan && !error}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      {plan && (
        <>
          <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
            <Col span={4}>
              <div data-testid="batch-plan-rows">
                <Statistic title={t('batch.preflight.rows')} value={plan.rows} />
              </div>
            </Col>
            <Col span={5}>
              <div data-testid="batch-plan-segments">
                <Statistic
                  title={t('batch.preflight.segments')}
                  value={plan.billedSegments}
                  suffix={t('batch.preflight.segmentsUnit')}
                />
              </div>
              <Typography.Text type="secondary">
                {t('batch.preflight.perRow', { n: perRow.toFixed(perRow % 1 ? 1 : 0) })}
              </Typography.Text>
            </Col>
            <Col span={4}>
              <Statistic title={t('batch.preflight.requests')} value={plan.requests} />
            </Col>
            <Col span={4}>
              <div data-testid="batch-plan-held">
                <Statistic
                  title={t('batch.preflight.held')}
                  value={plan.held.count}
                  styles={{ content: plan.held.count ? { color: '#d46b08' } : {} }}
                />
              </div>
            </Col>
            <Col span={4}>
              <div data-testid="batch-plan-recent-count">
                <Statistic
                  title={t('batch.preflight.recent')}
                  value={plan.recentDuplicates.count}
                  styles={{ content: plan.recentDuplicates.count ? { color: '#d46b08' } : {} }}
                />
              </div>
            </Col>
            <Col span={3}>
              <div data-testid="batch-plan-quiet">
                <Statistic
                  title={t('batch.preflight.quiet')}
                  value={
                    job.templateKind !== 'marketing'
                      ? t('batch.preflight.quietNotMarketing')
                      : plan.quietHours.active
                        ? t('batch.preflight.quietWait')
                        : t('batch.preflight.quietOk')
                  }
                  styles={{ content: { fontSize: 16 } }}
                />
              </div>
            </Col>
          </Row>
          {importSummary && importSummary.problems + importSummary.duplicatesRemoved > 0 && (
            <Typography.Paragraph data-testid="batch-plan-left-out">
              {t('batch.preflight.leftOut', {
                problems: importSummary.problems,
                duplicates: importSummary.duplicatesRemoved,
              })}
            </Typography.Paragraph>
          )}
          <PlanWarnings plan={plan} quietApplies scope="batch" />
          <PreflightCost jobId={job.id} />
          {job.templateKind === 'marketing' && !plan.quietHours.active && (
            <Typography.Paragraph type="secondary">
              {t('batch.preflight.marketingWindow')}
            </Typography.Paragraph>
          )}
          <Space>
            <Popconfirm
              title={t('polish.preflight.discardTitle')}
              description={t('polish.preflight.discardBody', { count: plan.rows })}
              okText={t('polish.preflight.discardOk')}
              okButtonProps={{ danger: true, 'data-testid': 'batch-discard-ok' } as ButtonProps}
              cancelText={t('batch.common.keepGoing')}
              onConfirm={() => void cancel()}
            >
              <Button data-testid="batch-discard">{t('batch.preflight.discard')}</Button>
            </Popconfirm>
            <Button
              type="primary"
              data-testid="batch-send"
              disabled={plan.rows === 0}
              onClick={() => setConfirming(true)}
            >
              {t('batch.preflight.send', { count: plan.rows })}
            </Button>
          </Space>
        </>
      )}
      <Modal
        open={confirming}
        title={t('batch.preflight.confirmTitle')}
        okText={
          when.mode === 'later'
            ? t('schedule.choice.confirm', { count: plan?.rows ?? 0 })
            : t('batch.preflight.confirmOk', { count: plan?.rows ?? 0 })
        }
        cancelText={t('batch.common.cancel')}
        okButtonProps={
          {
            loading: action.busy === 'start',
            disabled: sendTimeProblem(when, marketing, Date.now()) !== null,
            'data-testid': 'batch-confirm-ok',
          } as ButtonProps
        }
        onOk={() => void start()}
        onCancel={() => setConfirming(false)}
        destroyOnHidden
      >
        <div data-testid="batch-confirm">
          <Typography.Paragraph>
            {t('batch.preflight.confirmLead', {
              template: job.templateContent,
              sign: job.signName ?? '',
            })}
          </Typography.Paragraph>
          <ul>
            {lines.map((l) => (
              <li key={l}>{l}</li>
            ))}
          </ul>
          <PreflightCost jobId={job.id} />
          <SendTimeChoice value={when} onChange={setWhen} marketing={marketing} />
          {action.error && <Alert type="error" showIcon title={action.error} />}
        </div>
      </Modal>
    </Card>
  );
}
