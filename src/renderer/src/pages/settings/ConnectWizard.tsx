import { useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  Radio,
  Select,
  Space,
  Steps,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import {
  appKeySchema,
  sdkAppIdSchema,
  secretIdSchema,
  secretKeySchema,
  type AccountKind,
  type AccountStatus,
  type ConnectionTest,
} from '../../../../shared/api/account';
import type { Region } from '../../../../shared/domain';
import { useAction } from '../../hooks/useAction';
import { call } from '../../lib/sms';
import { SMS_PERMISSIONS, connectionText } from './connectionText';
import { zodRule } from './fieldRules';

const REGIONS: Region[] = ['ap-guangzhou', 'ap-beijing', 'ap-nanjing'];
const APP_LIST_URL = 'https://console.cloud.tencent.com/smsv2/app-manage';
const API_KEYS_URL = 'https://console.cloud.tencent.com/cam/capi';

interface Values {
  kind: AccountKind;
  sdkAppId: string;
  region: Region;
  secretId: string;
  secretKey: string;
  appKey: string;
}

/**
 * 设置 → 连接腾讯云短信: the kind of key and the App ID, then the API key (or the legacy App
 * Key), then a connection test. Only a key that
 * passes is saved (or, when Tencent cannot be reached, one the user saves as "not verified").
 * The SecretKey / App Key lives in this form until it is sent to main, and is cleared afterwards.
 */
export function ConnectWizard(props: {
  status: AccountStatus;
  onDone: (s: AccountStatus) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [step, setStep] = useState(0);
  const action = useAction();
  const busy = action.busy !== null;
  const { error, setError } = action;
  const [test, setTest] = useState<ConnectionTest | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const keychainOk = props.status.keychain.available;
  const [sessionOnly, setSessionOnly] = useState(!keychainOk);

  const values = (): Values => form.getFieldsValue(true) as Values;
  const kind: AccountKind = Form.useWatch('kind', form) ?? 'apiKey';
  const legacy = kind === 'appKey';
  const credentials = () => {
    const v = values();
    const app = { sdkAppId: v.sdkAppId.trim(), region: v.region };
    return v.kind === 'appKey'
      ? { kind: 'appKey' as const, ...app, appKey: v.appKey.trim() }
      : {
          kind: 'apiKey' as const,
          ...app,
          secretId: v.secretId.trim(),
          secretKey: v.secretKey.trim(),
        };
  };

  const next = async (fields: (keyof Values)[]) => {
    try {
      await form.validateFields(fields);
    } catch {
      return;
    }
    setTest(null);
    setError(null);
    setStep((s) => s + 1);
  };

  const run = async (fn: () => Promise<void>) => {
    setNotice(null);
    await action.run(fn);
  };

  const onTest = () =>
    run(async () => setTest(await call('account.testConnection', credentials())));

  const onSave = (saveUnverified: boolean) =>
    run(async () => {
      const r = await call('account.save', { ...credentials(), saveUnverified, sessionOnly });
      setTest(r.test);
      if (!r.saved) {
        setNotice(t('account.wizard.notSaved'));
        return;
      }
      form.setFieldValue('secretKey', '');
      form.setFieldValue('appKey', '');
      props.onDone(r.status);
    });

  const stepItems = [
    { title: t('account.wizard.step1') },
    { title: t(legacy ? 'account.wizard.step2AppKey' : 'account.wizard.step2') },
    { title: t('account.wizard.step3') },
  ];

  return (
    <Card title={t('account.wizard.title')} data-testid="connect-wizard">
      <Steps current={step} items={stepItems} style={{ marginBottom: 24 }} />
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          kind: props.status.kind ?? 'apiKey',
          sdkAppId: props.status.profile?.sdkAppId ?? '',
          region: props.status.profile?.region ?? 'ap-guangzhou',
          secretId: '',
          secretKey: '',
          appKey: '',
        }}
        style={{ maxWidth: 560 }}
      >
        <div style={{ display: step === 0 ? 'block' : 'none' }} data-testid="wizard-step-1">
          <Form.Item name="kind" label={t('account.wizard.kindTitle')}>
            <Radio.Group data-testid="wizard-kind">
              <Space orientation="vertical">
                {(['apiKey', 'appKey'] as const).map((k) => (
                  <Radio key={k} value={k} data-testid={`wizard-kind-${k}`}>
                    <Typography.Text strong>
                      {t(
                        k === 'apiKey' ? 'account.wizard.kindApiKey' : 'account.wizard.kindAppKey',
                      )}
                    </Typography.Text>
                    <div>
                      <Typography.Text type="secondary">
                        {t(
                          k === 'apiKey'
                            ? 'account.wizard.kindApiKeyHelp'
                            : 'account.wizard.kindAppKeyHelp',
                        )}
                      </Typography.Text>
                    </div>
                  </Radio>
                ))}
              </Space>
            </Radio.Group>
          </Form.Item>
          <Typography.Paragraph>{t('account.wizard.step1Help')}</Typography.Paragraph>
          <Typography.Paragraph>
            <Typography.Link href={APP_LIST_URL} target="_blank" rel="noreferrer">
              {t('account.wizard.step1Link')}
            </Typography.Link>
          </Typography.Paragraph>
          <Form.Item
            name="sdkAppId"
            label={t('account.section.sdkAppId')}
            rules={[zodRule(sdkAppIdSchema, t)]}
          >
            <Input data-testid="wizard-sdkAppId" placeholder="1400123456" inputMode="numeric" />
          </Form.Item>
          <Form.Item name="region" label={t('account.settings.region')}>
            <Select
              data-testid="wizard-region"
              options={REGIONS.map((r) => ({
                value: r,
                label: t(`account.settings.regions.${r}`),
              }))}
            />
          </Form.Item>
          <Space>
            <Button onClick={props.onCancel}>{t('account.wizard.cancel')}</Button>
            <Button
              type="primary"
              data-testid="wizard-next-1"
              onClick={() => void next(['sdkAppId'])}
            >
              {t('account.wizard.next')}
            </Button>
          </Space>
        </div>

        <div style={{ display: step === 1 ? 'block' : 'none' }} data-testid="wizard-step-2">
          {!legacy && (
            <>
              <Typography.Paragraph>{t('account.wizard.step2Help')}</Typography.Paragraph>
              <Typography.Paragraph>
                <Typography.Link href={API_KEYS_URL} target="_blank" rel="noreferrer">
                  {t('account.wizard.step2Link')}
                </Typography.Link>
              </Typography.Paragraph>
              <Alert
                type="warning"
                showIcon
                title={t('account.wizard.appKeyWarning')}
                style={{ marginBottom: 16 }}
              />
              <Alert
                type="info"
                showIcon
                title={t('account.wizard.subUserTitle')}
                description={
                  <>
                    <div>{t('account.wizard.subUserHelp')}</div>
                    <ul style={{ margin: '4px 0 0', paddingInlineStart: 20 }}>
                      {SMS_PERMISSIONS.map((p) => (
                        <li key={p}>
                          <Typography.Text code>{p}</Typography.Text>
                        </li>
                      ))}
                    </ul>
                  </>
                }
                style={{ marginBottom: 16 }}
              />
              <Form.Item
                name="secretId"
                label={t('account.section.secretId')}
                rules={[zodRule(secretIdSchema, t)]}
              >
                <Input data-testid="wizard-secretId" placeholder="AKID…" autoComplete="off" />
              </Form.Item>
              <Form.Item
                name="secretKey"
                label={t('account.section.secretKey')}
                extra={t(
                  keychainOk ? 'account.wizard.keyStorage' : 'account.wizard.keyStorageSession',
                )}
                rules={[zodRule(secretKeySchema, t)]}
              >
                <Input.Password data-testid="wizard-secretKey" autoComplete="off" />
              </Form.Item>
            </>
          )}
          {legacy && (
            <>
              <Typography.Paragraph>{t('account.wizard.appKeyHelp')}</Typography.Paragraph>
              <Typography.Paragraph>
                <Typography.Link href={APP_LIST_URL} target="_blank" rel="noreferrer">
                  {t('account.wizard.step1Link')}
                </Typography.Link>
              </Typography.Paragraph>
              <Alert
                type="info"
                showIcon
                data-testid="wizard-appKey-manual"
                title={t('account.wizard.appKeyManual')}
                description={t('account.wizard.appKeyLegacyNote')}
                style={{ marginBottom: 16 }}
              />
              <Form.Item
                name="appKey"
                label={t('account.section.appKey')}
                extra={t(
                  keychainOk
                    ? 'account.wizard.appKeyStorage'
                    : 'account.wizard.appKeyStorageSession',
                )}
                rules={[zodRule(appKeySchema, t)]}
              >
                <Input.Password data-testid="wizard-appKey" autoComplete="off" />
              </Form.Item>
            </>
          )}
          <Space>
            <Button onClick={() => setStep(0)}>{t('account.wizard.back')}</Button>
            <Button
              type="primary"
              data-testid="wizard-next-2"
              onClick={() => void next(legacy ? ['appKey'] : ['secretId', 'secretKey'])}
            >
              {t('account.wizard.next')}
            </Button>
          </Space>
        </div>

        <div style={{ display: step === 2 ? 'block' : 'none' }} data-testid="wizard-step-3">
          <Typography.Paragraph>
            {t(legacy ? 'account.wizard.testIntroAppKey' : 'account.wizard.testIntro')}
          </Typography.Paragraph>
          {!keychainOk && (
            <Alert
              type="warning"
              showIcon
              title={t('account.wizard.sessionOnlyRequired')}
              style={{ marginBottom: 16 }}
            />
          )}
          {test && (
            <Alert
              data-testid="wizard-result"
              data-problem={test.problem ?? 'ok'}
              type={test.ok ? 'success' : 'error'}
              showIcon
              title={connectionText(test, t)}
              description={
                !test.ok && test.code ? t('account.test.code', { code: test.code }) : undefined
              }
              style={{ marginBottom: 16 }}
            />
          )}
          {notice && <Alert type="warning" showIcon title={notice} style={{ marginBottom: 16 }} />}
          {error && (
            <Alert
              data-testid="wizard-error"
              type="error"
              showIcon
              title={error}
              style={{ marginBottom: 16 }}
            />
          )}
          <Form.Item>
            <Checkbox
              data-testid="wizard-session-only"
              checked={sessionOnly}
              disabled={!keychainOk}
              onChange={(e) => setSessionOnly(e.target.checked)}
            >
              {t('account.wizard.sessionOnly')}
            </Checkbox>
          </Form.Item>
          <Space wrap>
            <Button onClick={() => setStep(1)} disabled={busy}>
              {t('account.wizard.back')}
            </Button>
            <Button data-testid="wizard-test" loading={busy} onClick={() => void onTest()}>
              {busy ? t('account.wizard.testing') : t('account.wizard.test')}
            </Button>
            <Button
              type="primary"
              data-testid="wizard-save"
              disabled={busy || !test?.ok}
              onClick={() => void onSave(false)}
            >
              {t('account.wizard.save')}
            </Button>
            {test?.problem === 'networkDown' && (
              <Button
                data-testid="wizard-save-offline"
                disabled={busy}
                onClick={() => void onSave(true)}
              >
                {t('account.wizard.saveOffline')}
              </Button>
            )}
          </Space>
        </div>
      </Form>
    </Card>
  );
}
