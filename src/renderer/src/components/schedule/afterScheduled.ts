import { message } from 'antd';
import type { TFunction } from 'i18next';
import type { JobSummary } from '../../../../shared/api/outbox';
import { formatTime } from '../../lib/format';
import { offerLoginItem } from './loginOffer';

/** After 定时发送 was confirmed: say when it will go, and offer 开机自动启动 the first time. */
export function afterScheduled(job: JobSummary, t: TFunction, language: string): void {
  void message.success(
    t('schedule.choice.scheduled', { time: formatTime(job.scheduledAt ?? null, language, false) }),
  );
  void offerLoginItem(t);
}
