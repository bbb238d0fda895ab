import { useEffect, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Switch,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import {
  signNameSchema,
  type AccountStatus,
  type PublicProfile,
} from '../../../../shared/api/account';
import type { Region } from '../../../../shared/domain';
import { useAction } from '../../hooks/useAction';
import { call } from '../../lib/sms';
import { zodRule } from './fieldRules';

const REGIONS: Region[] = ['ap-guangzhou', 'ap-beijing', 'ap-nanjing'];

type Values = Omit<PublicProfile, 'verified' | 'verifiedAt' | 'sdkAppId'>;

/** Non-secret account settings, mirrored from what Tencent's console says. */
export function AccountSettingsForm(props: {
  profile: PublicProfile;
  onSaved: (s: AccountStatus) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const { run, busy } = useAction({ onError: (text) => setResult({ ok: false, text }) });

  useEffect(() => {
    form.setFieldsValue({ ...props.profile });
  }, [form, props.profile]);

  const onFinish = async (v: Values) => {
    setResult(null);
    await run(async () => {
      const sign = typeof v.defaultSign === 'string' ? v.defaultSign.trim() : '';
      const maxLength = v.variableMaxLength ?? null;
      // A new account type with the limit left as it was: let core apply the new type's default
      // (personal 12, enterprise none) instead of pinning the old type's value.
      const keepTypeDefault =
        v.accountType !== props.profile.accountType &&
        maxLength === props.profile.variableMaxLength;
      const status = await call('account.updateSettings', {
        region: v.region,
        defaultSign: sign === '' ? null : sign,
        international: v.international,
        accountType: v.accountType,
        ...(keepTypeDefault ? {} : { variableMaxLength: maxLength }),
        frequencyRules: v.frequencyRules,
      });
      setResult({ ok: true, text: t('account.settings.saved') });
      props.onSaved(status);
    });
  };

  const limit = (name: 'perThirtySeconds' | 'perHour' | 'perDay', max: number) => (
    <Form.Item
      name={['frequencyRules', name]}
      label={t(`account.settings.${name}`)}
      rules={[{ required: true, message: t('account.validation.required') }]}
    >
      <InputNumber
        data-testid={`settings-${name}`}
        min={1}
        max={max}
        precision={0}
        suffix={t('account.settings.unit')}
        style={{ width: 160 }}
      />
    </Form.Item>
  );

  return (
    <Card title={t('account.settings.title')} data-testid="account-settings">
      <Form
        form={form}
        layout="vertical"
        initialValues={props.profile}
        onFinish={(v) => void onFinish(v)}
        style={{ maxWidth: 560 }}
      >
        <Form.Item name="region" label={t('account.settings.region')}>
          <Select
            options={REGIONS.map((r) => ({ value: r, label: t(`account.settings.regions.${r}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="defaultSign"
          label={t('account.settings.defaultSign')}
          extra={t('account.settings.defaultSignHelp')}
          rules={[zodRule(signNameSchema, t, true)]}
        >
          <Input data-testid="settings-defaultSign" maxLength={12} />
        </Form.Item>
        <Form.Item
          name="international"
          label={t('account.settings.international')}
          valuePropName="checked"
        >
          <Switch />
        </Form.Item>
        <Form.Item
          name="accountType"
          label={t('account.settings.accountType')}
          extra={t('account.settings.accountTypeHelp')}
        >
          <Select
            data-testid="settings-accountType"
            options={(['personal', 'enterprise'] as const).map((v) => ({
              value: v,
              label: t(`account.settings.accountTypes.${v}`),
            }))}
          />
        </Form.Item>
        <Form.Item
          name="variableMaxLength"
          label={t('account.settings.variableMaxLength')}
          extra={t('account.settings.variableMaxLengthHelp')}
        >
          <InputNumber min={1} max={500} precision={0} style={{ width: 160 }} />
        </Form.Item>
        <Typography.Title level={5}>{t('account.settings.frequency')}</Typography.Title>
        <Typography.Paragraph type="secondary">
          {t('account.settings.frequencyHelp')}
        </Typography.Paragraph>
        <Space wrap size="large">
          {limit('perThirtySeconds', 1000)}
          {limit('perHour', 10000)}
          {limit('perDay', 100000)}
        </Space>
        {result && (
          <Alert
            type={result.ok ? 'success' : 'error'}
            showIcon
            title={result.text}
            style={{ marginBottom: 16 }}
          />
        )}
        <Button
          type="primary"
          htmlType="submit"
          loading={busy !== null}
          data-testid="settings-save"
        >
          {t('account.settings.save')}
        </Button>
      </Form>
    </Card>
  );
}
