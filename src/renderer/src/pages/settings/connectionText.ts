import type { TFunction } from 'i18next';
import type { ConnectionTest } from '../../../../shared/api/account';

/** The exact sentence for a connection test result. */
export function connectionText(test: ConnectionTest, t: TFunction): string {
  if (test.ok) {
    if (test.manualTemplates) return t('account.test.okLegacy');
    if (test.personalCannotListTemplates) return t('account.test.okPersonal');
    const unknown = t('account.test.unknownCount');
    return t('account.test.ok', {
      signs: test.signs ?? unknown,
      templates: test.templates ?? unknown,
    });
  }
  return t(`account.test.${test.problem ?? 'other'}`, { code: test.code ?? '' });
}

/** The SMS permissions this app uses, for a least-privilege sub-user. */
export const SMS_PERMISSIONS = [
  'sms:SendSms',
  'sms:DescribeSmsSignList',
  'sms:DescribeSmsTemplateList',
  'sms:PullSmsSendStatusByPhoneNumber',
  'sms:DescribeSendRecordList',
  'sms:SmsPackagesStatistics',
] as const;
