import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Popconfirm, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AccountStatus } from '../../../../shared/api/account';
import { useAction } from '../../hooks/useAction';
import { call } from '../../lib/sms';
import { connectionText } from './connectionText';
import { AccountSettingsForm } from './AccountSettingsForm';
import { ConnectWizard } from './ConnectWizard';

/** Status of the Tencent account, the connection wizard and the account's settings. */
export function AccountSection(props: {
  status: AccountStatus;
  setStatus: (s: AccountStatus) => void;
}) {
  const { t } = useTranslation();
  const { status, setStatus } = props;
  const [wizard, setWizard] = useState(false);
  const [feedback, setFeedback] = useState<{ ok: boolean; text: string } | null>(null);
  const action = useAction({ onError: (text) => setFeedback({ ok: false, text }) });
  const busy = action.busy !== null;

  /** Runs an account action; `fn` resolves to null when it already said why it did not pass. */
  const act = async (fn: () => Promise<AccountStatus | null>, done: string) => {
    setFeedback(null);
    const next = await action.run(fn);
    if (!next) return;
    setStatus(next);
    setFeedback({ ok: true, text: t(done) });
  };

  if (wizard)
    return (
      <ConnectWizard
        status={status}
        onCancel={() => setWizard(false)}
        onDone={(s) => {
          setStatus(s);
          setWizard(false);
          setFeedback({
            ok: true,
            text: t(s.verified ? 'account.wizard.saved' : 'account.wizard.savedUnverified'),
          });
        }}
      />
    );

  const profile = status.profile;
  const storedText = {
    keychain: t('account.section.storedKeychain'),
    session: t('account.section.storedSession'),
    none: t('account.section.storedNone'),
  }[status.stored];

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card title={t('account.section.title')} data-testid="account-section">
        {feedback && (
          <Alert
            data-testid="account-feedback"
            type={feedback.ok ? 'success' : 'error'}
            showIcon
            title={feedback.text}
            style={{ marginBottom: 16 }}
          />
        )}
        {!status.keychain.available && (
          <Alert
            type="warning"
            showIcon
            title={t('account.keychain.unavailable')}
            description={t(`account.keychain.reasons.${status.keychain.reason ?? 'unknown'}`)}
            style={{ marginBottom: 16 }}
          />
        )}
        {status.needsSecret && (
          <Alert
            type="warning"
            showIcon
            title={t('account.section.needsSecret')}
            style={{ marginBottom: 16 }}
          />
        )}
        <Alert
          data-testid="account-mode"
          data-mode={status.mode}
          type={status.mode === 'account' ? 'success' : 'info'}
          showIcon
          title={
            status.mode === 'account'
              ? t('account.section.connected')
              : profile
                ? t('account.section.practiceWithAccount', { secretId: status.secretIdMasked })
                : t('account.section.practice')
          }
          style={{ marginBottom: 16 }}
        />
        {profile && (
          <Descriptions column={1} size="small" bordered style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t('account.section.kind')}>
              <span data-testid="account-kind" data-kind={status.kind ?? 'apiKey'}>
                {t(
                  status.kind === 'appKey'
                    ? 'account.section.kindAppKey'
                    : 'account.section.kindApiKey',
                )}
              </span>
            </Descriptions.Item>
            {status.kind !== 'appKey' && (
              <Descriptions.Item label={t('account.section.secretId')}>
                <span data-testid="account-secretId">{status.secretIdMasked}</span>
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t('account.section.sdkAppId')}>
              {profile.sdkAppId}
            </Descriptions.Item>
            <Descriptions.Item label={t('account.section.region')}>
              {t(`account.settings.regions.${profile.region}`)}
            </Descriptions.Item>
            <Descriptions.Item label={t('account.section.stored')}>
              <span data-testid="account-stored" data-stored={status.stored}>
                {storedText}
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('account.section.verified')}>
              {profile.verified ? (
                <Tag color="success">{t('account.section.verifiedYes')}</Tag>
              ) : (
                <Tag color="warning">{t('account.section.verifiedNo')}</Tag>
              )}
            </Descriptions.Item>
          </Descriptions>
        )}
        <Space wrap>
          {!profile && (
            <Button type="primary" data-testid="account-connect" onClick={() => setWizard(true)}>
              {t('account.section.connect')}
            </Button>
          )}
          {profile && (
            <Button
              type={status.needsSecret ? 'primary' : 'default'}
              data-testid="account-change-key"
              onClick={() => setWizard(true)}
            >
              {status.needsSecret
                ? t('account.section.reenterKey')
                : t('account.section.changeKey')}
            </Button>
          )}
          {profile && !status.needsSecret && (
            <Button
              data-testid="account-retest"
              loading={busy}
              onClick={() =>
                void act(async () => {
                  const r = await call('account.retest');
                  if (r.test.ok) return r.status;
                  // The test ran but did not pass: its sentence is the message.
                  setFeedback({ ok: false, text: connectionText(r.test, t) });
                  return null;
                }, 'account.section.retestOk')
              }
            >
              {t('account.wizard.test')}
            </Button>
          )}
          {profile && status.mode === 'account' && (
            <Button
              data-testid="account-use-practice"
              loading={busy}
              onClick={() =>
                void act(() => call('account.usePractice'), 'account.section.switchedPractice')
              }
            >
              {t('account.section.usePractice')}
            </Button>
          )}
          {profile && status.mode === 'practice' && !status.needsSecret && (
            <Button
              data-testid="account-use-account"
              loading={busy}
              onClick={() =>
                void act(() => call('account.useAccount'), 'account.section.switchedAccount')
              }
            >
              {t('account.section.useAccount')}
            </Button>
          )}
          {profile && (
            <Popconfirm
              title={t('account.section.removeConfirm')}
              onConfirm={() => void act(() => call('account.remove'), 'account.section.removed')}
            >
              <Button danger data-testid="account-remove" loading={busy}>
                {t('account.section.remove')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      </Card>
      {profile && <AccountSettingsForm profile={profile} onSaved={setStatus} />}
    </Space>
  );
}
