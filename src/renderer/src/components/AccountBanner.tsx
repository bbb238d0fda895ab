import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAccount } from '../hooks/useAccount';

/**
 * Persistent banner while the SecretKey is held for this session only (no usable keychain),
 * or when such a key was lost at the last restart: says why, and how to fix it.
 */
export function AccountBanner(props: { platform: string | undefined; onGoToSettings: () => void }) {
  const { t } = useTranslation();
  const { status } = useAccount();
  if (!status) return null;
  const fix =
    props.platform === 'linux'
      ? t('account.banner.sessionFixLinux')
      : t('account.banner.sessionFixOther');
  const go = (
    <Button size="small" onClick={props.onGoToSettings}>
      {t('account.banner.goToSettings')}
    </Button>
  );
  if (status.stored === 'session')
    return (
      <Alert
        data-testid="session-banner"
        type="warning"
        showIcon
        title={t('account.banner.session')}
        description={fix}
        style={{ marginBottom: 16 }}
      />
    );
  if (status.needsSecret)
    return (
      <Alert
        data-testid="needs-secret-banner"
        type="warning"
        showIcon
        title={t('account.banner.needsSecret')}
        description={status.keychain.available ? undefined : fix}
        action={go}
        style={{ marginBottom: 16 }}
      />
    );
  return null;
}
