import { Alert, Card, Form, InputNumber, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PrefKey } from '../../../../shared/api/prefs';

const KEYS = ['scheduleGraceMinutes', 'closeToTray', 'notifications', 'openAtLogin'] as const;
/** Keys that read as on until the user turns them off. */
const ON_BY_DEFAULT: PrefKey[] = ['closeToTray', 'notifications'];
import { useAction } from '../../hooks/useAction';
import { useLoad } from '../../hooks/useCall';
import { readPrefs } from '../../lib/prefs';
import { call } from '../../lib/sms';

/** 设置 › 定时发送与桌面: the grace window, the tray, notifications and the login item. */
export function DesktopSection() {
  const { t } = useTranslation();
  const prefs = useLoad(() => readPrefs(KEYS), []);
  const action = useAction();
  const p = prefs.data;
  const set = (key: PrefKey, value: boolean | number) =>
    void action.run(async () => {
      await call('prefs.set', { key, value });
      prefs.setData((old) => (old ? { ...old, [key]: value } : old));
    }, key);
  const toggle = (key: (typeof KEYS)[number]) => (
    <Switch
      checked={p?.[key] === true || (p?.[key] === null && ON_BY_DEFAULT.includes(key))}
      loading={action.busy === key}
      data-testid={`pref-${key}`}
      onChange={(v) => set(key, v)}
    />
  );
  return (
    <Card title={t('schedule.settings.title')} loading={!p && !prefs.error}>
      {(action.error ?? prefs.error) && (
        <Alert type="error" showIcon title={action.error ?? prefs.error} />
      )}
      {p && (
        <Form layout="horizontal" labelCol={{ span: 14 }} labelWrap>
          <Form.Item label={t('schedule.settings.grace')} extra={t('schedule.settings.graceHelp')}>
            <InputNumber
              min={0}
              max={1440}
              precision={0}
              value={typeof p.scheduleGraceMinutes === 'number' ? p.scheduleGraceMinutes : 10}
              data-testid="pref-scheduleGraceMinutes"
              onChange={(v) => typeof v === 'number' && set('scheduleGraceMinutes', v)}
            />
          </Form.Item>
          <Form.Item label={t('schedule.settings.closeToTray')}>{toggle('closeToTray')}</Form.Item>
          <Form.Item label={t('schedule.settings.notifications')}>
            {toggle('notifications')}
          </Form.Item>
          <Form.Item label={t('schedule.settings.openAtLogin')}>{toggle('openAtLogin')}</Form.Item>
        </Form>
      )}
    </Card>
  );
}
