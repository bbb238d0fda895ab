import { useEffect, useMemo, useRef, useState } from 'react';
import { OptOutOverride } from '../components/job/OptOutParts';
import {
  Alert,
  Button,
  Card,
  Col,
  Form,
  Input,
  Row,
  Select,
  Space,
  Statistic,
  Tag,
  Typography,
  message,
} from 'antd';
import { SendOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { signOptions } from '../lib/sign-options';
import type { JobPlan } from '../../../shared/api/outbox';
import type { Template } from '../../../shared/api/templates';
import {
  defaultVariableMaxLength,
  hasMarketingSuffix,
  parsePlaceholders,
  preview,
  validateVariable,
} from '../../../shared/template';
import { MAX_SMS_LENGTH } from '../../../shared/segments';
import { parseRecipients } from '../lib/recipients';
import { useAction } from '../hooks/useAction';
import { useProfile } from '../hooks/useAccount';
import { useTemplates } from '../hooks/useTemplates';
import { newIdempotencyKey } from '../lib/idempotency';
import { call } from '../lib/sms';
import { variableLabels } from '../lib/variable-label';
import { useLastSendJob } from './send/useLastSendJob';
import { ConfirmSend } from './send/ConfirmSend';
import { JobResults } from './send/JobResults';
import { OverviewCard } from '../components/usage/OverviewCard';
import { RecipientList } from './send/RecipientList';
import { VariableFields, type VariableState } from './send/VariableFields';
import { ScheduledJobs } from '../components/schedule/ScheduledJobs';
import { afterScheduled } from '../components/schedule/afterScheduled';

/** Why a template cannot be picked, for the disabled option. */
function useUnusableReason(): (tpl: Template) => string {
  const { t } = useTranslation();
  return (tpl) =>
    tpl.reviewReply
      ? `${t(`templates.status.${tpl.status}`)}：${tpl.reviewReply}`
      : t(`templates.status.${tpl.status}`);
}

/** 发送: one template, its variables, one or many numbers, a preview, a confirmation, results. */
export function SendPage() {
  const { t, i18n } = useTranslation();
  const catalog = useTemplates({ autoSync: true });
  const profile = useProfile();
  const unusableReason = useUnusableReason();

  const [templateId, setTemplateId] = useState<string | null>(null);
  const [vars, setVars] = useState<VariableState>({ values: [], allowEmpty: [] });
  const [sign, setSign] = useState<string | null>(null);
  const [signTouched, setSignTouched] = useState(false);
  const [numbers, setNumbers] = useState('');
  const action = useAction({ exclusive: true });
  const submitting = action.busy !== null;
  const { error, setError } = action;
  const [pending, setPending] = useState<{ jobId: number; plan: JobPlan } | null>(null);
  // The last send stays on this page across page switches and restarts, until a new one starts.
  const [jobId, setJobId] = useLastSendJob();
  const [toast, toastHolder] = message.useMessage();
  const resultsRef = useRef<HTMLDivElement>(null);
  const [justStarted, setJustStarted] = useState(0);
  // One key per send attempt (until it is confirmed or cancelled), and an exclusive action that
  // holds between two clicks of the same frame: a double click finds the same job, never two.
  const attemptKey = useRef<string | null>(null);

  const template = catalog.templates.find((x) => x.templateId === templateId) ?? null;
  const international = template?.international ?? false;

  // The default sign, once known, unless the user already chose one.
  const usableSigns = catalog.signs.filter((s) => s.usable && s.international === international);
  const fallbackSign = profile?.defaultSign ?? usableSigns[0]?.signName ?? null;
  useEffect(() => {
    if (!signTouched && fallbackSign !== null) setSign(fallbackSign);
  }, [fallbackSign, signTouched]);

  const chooseTemplate = (id: string) => {
    const tpl = catalog.templates.find((x) => x.templateId === id);
    const n = tpl ? parsePlaceholders(tpl.content).count : 0;
    setTemplateId(id);
    setVars({
      values: Array.from({ length: n }, () => ''),
      allowEmpty: Array.from({ length: n }, () => false),
    });
  };

  const maxLength = profile ? profile.variableMaxLength : defaultVariableMaxLength('personal');
  const rule = { kind: template?.kind ?? 'notification', maxLength } as const;
  // Each variable by its own kind (a name, a code…), inside the template kind's bound.
  const problems = vars.values.map((v, i) => {
    const p = validateVariable(v, { ...rule, variableKind: template?.variables[i]?.kind });
    return p === 'empty' && vars.allowEmpty[i] ? null : p;
  });
  const recipients = useMemo(
    () => parseRecipients(numbers, { international }),
    [numbers, international],
  );
  const pv = template
    ? preview({
        sign: international ? undefined : (sign ?? undefined),
        content: template.content,
        params: vars.values,
        international,
      })
    : null;

  const [ignoreOptOut, setIgnoreOptOut] = useState(false);
  const blockers: string[] = [];
  if (!template) blockers.push(t('send.block.template'));
  if (problems.some((p) => p !== null)) blockers.push(t('send.block.variables'));
  if (!international && !sign) blockers.push(t('send.block.sign'));
  if (recipients.phones.length === 0) blockers.push(t('send.block.numbers'));
  if (pv?.tooLong) blockers.push(t('send.block.tooLong', { max: MAX_SMS_LENGTH }));

  /** Creates the job (draft) under a fresh idempotency key and asks for its pre-flight plan. */
  const prepare = async () => {
    if (!template || blockers.length > 0) return;
    const key = (attemptKey.current ??= newIdempotencyKey('direct'));
    const created = await action.run(async () => {
      const { job } = await call('job.create', {
        idempotencyKey: key,
        kind: 'direct',
        templateId: template.templateId,
        templateContent: template.content,
        templateKind: template.kind,
        ...(international || !sign ? {} : { signName: sign }),
        options: {
          marketing: template.kind === 'marketing',
          heldPolicy: 'wait',
          concurrency: 4,
          ...(template.kind === 'verification' && ignoreOptOut ? { ignoreOptOut: true } : {}),
        },
        rows: recipients.phones.map((phone, i) => ({ rowNo: i + 1, phone, params: vars.values })),
      });
      const plan = await call('job.plan', { jobId: job.id });
      setPending({ jobId: job.id, plan });
      return true;
    });
    if (!created) attemptKey.current = null;
  };

  const confirm = async (at: number | null = null) => {
    if (!pending) return;
    await action.run(async () => {
      if (at !== null) {
        // 定时发送: the job waits in 已定时 below; nothing is sent now.
        const job = await call('job.schedule', { jobId: pending.jobId, at });
        attemptKey.current = null;
        setPending(null);
        afterScheduled(job, t, i18n.language);
        return;
      }
      await call('job.start', { jobId: pending.jobId });
      attemptKey.current = null;
      setJobId(pending.jobId);
      void toast.success({
        content: t('polish.send.started', { count: pending.plan.rows }),
        key: 'send-started',
      });
      setJustStarted((n) => n + 1);
      setPending(null);
    });
  };

  // After confirming, the results card is usually below the fold: bring it into view.
  useEffect(() => {
    if (justStarted > 0) resultsRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }, [justStarted]);

  const cancel = async () => {
    if (!pending) return;
    const id = pending.jobId;
    attemptKey.current = null;
    setPending(null);
    // The draft was never started: cancel it so it does not linger in the job list.
    await call('job.cancel', { jobId: id }).catch(() => undefined);
  };

  return (
    <div data-testid="page-send">
      {toastHolder}
      <Typography.Title level={3}>{t('pages.send.title')}</Typography.Title>
      <OverviewCard />
      {error && (
        <Alert
          type="error"
          showIcon
          closable
          title={error}
          onClose={() => setError(null)}
          style={{ marginBottom: 12 }}
        />
      )}
      {catalog.error !== null && catalog.templates.length === 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('send.noTemplates')}
          description={catalog.error}
        />
      )}
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <Card size="small">
            <Form layout="vertical">
              <Form.Item label={t('send.template')}>
                <Select<string>
                  data-testid="send-template"
                  showSearch={{ optionFilterProp: 'label' }}
                  loading={catalog.loading}
                  placeholder={t('send.templatePlaceholder')}
                  value={templateId ?? undefined}
                  onChange={chooseTemplate}
                  notFoundContent={t('send.noTemplates')}
                  options={catalog.templates.map((tpl) => ({
                    value: tpl.templateId,
                    disabled: !tpl.usable,
                    label: `${tpl.name}（${tpl.templateId}）${tpl.usable ? '' : ` — ${unusableReason(tpl)}`}`,
                  }))}
                  optionRender={(o) => (
                    <span data-testid={`template-option-${String(o.value)}`}>{o.label}</span>
                  )}
                />
              </Form.Item>
              {template && (
                <Space style={{ marginBottom: 12 }} wrap>
                  <Tag color="blue" data-testid="template-kind">
                    {t(`templates.kind.${template.kind}`)}
                  </Tag>
                  <Typography.Text type="secondary">{template.content}</Typography.Text>
                  {template.kind === 'marketing' && !hasMarketingSuffix(template.content) && (
                    <Typography.Text type="warning">{t('templates.noUnsubscribe')}</Typography.Text>
                  )}
                </Space>
              )}
              {template && (
                <VariableFields
                  // Another template's fields start untouched (no errors before typing).
                  key={template.templateId}
                  names={variableLabels(template, vars.values.length, t)}
                  kind={template.kind}
                  maxLength={maxLength}
                  state={vars}
                  problems={problems}
                  onChange={setVars}
                />
              )}
              {!international && (
                <Form.Item
                  label={t('send.sign')}
                  help={usableSigns.length === 0 ? t('send.signHelp') : undefined}
                >
                  <Select
                    data-testid="send-sign"
                    value={sign ?? undefined}
                    onChange={(v: string) => {
                      setSignTouched(true);
                      setSign(v);
                    }}
                    options={signOptions(
                      catalog.signs.filter((s) => s.international === international),
                      t,
                    )}
                    placeholder={t('send.signPlaceholder')}
                    notFoundContent={t('send.signHelp')}
                  />
                </Form.Item>
              )}
              <Form.Item label={t('send.numbers')} help={t('send.numbersHelp')}>
                <Input.TextArea
                  data-testid="send-numbers"
                  rows={4}
                  value={numbers}
                  onChange={(e) => setNumbers(e.target.value)}
                  placeholder={t('send.numbersPlaceholder')}
                />
              </Form.Item>
              <RecipientList recipients={recipients} />
              <OptOutOverride
                kind={template?.kind}
                checked={ignoreOptOut}
                onChange={setIgnoreOptOut}
              />
            </Form>
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('send.preview.title')} data-testid="send-preview">
            {pv ? (
              <>
                <div
                  data-testid="preview-text"
                  style={{
                    background: '#f0f0f0',
                    borderRadius: 12,
                    padding: '10px 14px',
                    whiteSpace: 'pre-wrap',
                    wordBreak: 'break-all',
                    marginBottom: 12,
                  }}
                >
                  {pv.text}
                </div>
                <Space size="large">
                  <Statistic
                    title={t('send.preview.length')}
                    value={pv.length}
                    suffix={`/ ${MAX_SMS_LENGTH}`}
                    styles={{ content: { color: pv.tooLong ? '#cf1322' : undefined } }}
                  />
                  <Statistic title={t('send.preview.segments')} value={pv.segments} />
                  <Statistic
                    title={t('send.preview.total')}
                    value={pv.segments * recipients.phones.length}
                  />
                </Space>
                {pv.tooLong && (
                  <Alert
                    type="error"
                    showIcon
                    style={{ marginTop: 8 }}
                    title={t('send.block.tooLong', { max: MAX_SMS_LENGTH })}
                  />
                )}
                <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
                  {international ? t('send.preview.ruleIntl') : t('send.preview.rule')}
                </Typography.Paragraph>
              </>
            ) : (
              <Typography.Text type="secondary">{t('send.preview.empty')}</Typography.Text>
            )}
          </Card>
          <Space orientation="vertical" style={{ marginTop: 12, width: '100%' }}>
            {blockers.length > 0 && template && (
              <Typography.Text type="secondary" data-testid="send-blockers">
                {blockers.join('；')}
              </Typography.Text>
            )}
            <Button
              type="primary"
              size="large"
              icon={<SendOutlined />}
              data-testid="send-submit"
              disabled={blockers.length > 0 || submitting || pending !== null}
              loading={submitting && pending === null}
              onClick={() => void prepare()}
            >
              {t('send.submit', { count: recipients.phones.length })}
            </Button>
          </Space>
        </Col>
      </Row>
      {pending && pv && (
        <ConfirmSend
          plan={pending.plan}
          segmentsEach={pv.segments}
          marketing={template?.kind === 'marketing'}
          submitting={submitting}
          onOk={(at) => void confirm(at)}
          onCancel={() => void cancel()}
        />
      )}
      {jobId !== null && (
        <div ref={resultsRef} style={{ scrollMarginTop: 16 }}>
          <Card size="small" title={t('send.results.title')} style={{ marginTop: 16 }}>
            <JobResults key={jobId} jobId={jobId} />
          </Card>
        </div>
      )}
      <div style={{ marginTop: 16 }}>
        <ScheduledJobs kind="direct" />
      </div>
    </div>
  );
}
