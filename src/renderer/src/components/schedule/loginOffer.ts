import { Modal } from 'antd';
import type { TFunction } from 'i18next';
import { readPrefs } from '../../lib/prefs';
import { call } from '../../lib/sms';

/**
 * A scheduled job sends only while the app runs: the first time the user schedules one, offer
 * 开机自动启动 (once; 设置 keeps the switch). A failure to read or save is not worth an error.
 */
export async function offerLoginItem(t: TFunction): Promise<void> {
  try {
    const prefs = await readPrefs(['openAtLogin', 'openAtLoginOffered']);
    if (prefs.openAtLogin === true || prefs.openAtLoginOffered === true) return;
    await call('prefs.set', { key: 'openAtLoginOffered', value: true });
  } catch {
    return;
  }
  Modal.confirm({
    title: t('schedule.loginOffer.title'),
    content: t('schedule.loginOffer.message'),
    okText: t('schedule.loginOffer.yes'),
    cancelText: t('schedule.loginOffer.no'),
    okButtonProps: { 'data-testid': 'login-offer-yes' } as Record<string, string>,
    cancelButtonProps: { 'data-testid': 'login-offer-no' } as Record<string, string>,
    onOk: () => call('prefs.set', { key: 'openAtLogin', value: true }).catch(() => undefined),
  });
}
