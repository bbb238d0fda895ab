import { DatePicker, Radio, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { SCHEDULE_MAX_AHEAD_MS, SCHEDULE_MIN_AHEAD_MS } from '../../../../shared/api/schedule';
import { beijingHour, fromBeijingPicker, toBeijingPicker } from '../../lib/beijing-time';

export type SendTime = { mode: 'now' } | { mode: 'later'; at: number | null };

/** Why the chosen time cannot be used (a catalog key), or null; the core checks again. */
export function sendTimeProblem(value: SendTime, marketing: boolean, now: number): string | null {
  if (value.mode === 'now') return null;
  if (value.at === null) return 'schedule.choice.needTime';
  if (value.at < now + SCHEDULE_MIN_AHEAD_MS) return 'schedule.errors.tooSoon';
  if (value.at > now + SCHEDULE_MAX_AHEAD_MS) return 'schedule.errors.tooFar';
  const h = beijingHour(value.at);
  if (marketing && (h < 8 || h >= 22)) return 'schedule.errors.quietHours';
  return null;
}

/**
 * 立即发送 or 定时发送 at a date and time in Beijing time (labelled so: the computer may be set to
 * another zone). `laterOnly` is for changing the time of a job already scheduled.
 */
export function SendTimeChoice({
  value,
  onChange,
  marketing,
  laterOnly = false,
}: {
  value: SendTime;
  onChange(v: SendTime): void;
  marketing: boolean;
  laterOnly?: boolean;
}) {
  const { t } = useTranslation();
  const now = Date.now();
  const problem = sendTimeProblem(value, marketing, now);
  const firstDay = toBeijingPicker(now).startOf('day');
  const lastDay = toBeijingPicker(now + SCHEDULE_MAX_AHEAD_MS).endOf('day');
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="send-time">
      {!laterOnly && (
        <Space>
          <Typography.Text>{t('schedule.choice.label')}</Typography.Text>
          <Radio.Group
            optionType="button"
            value={value.mode}
            onChange={(e) =>
              onChange(e.target.value === 'now' ? { mode: 'now' } : { mode: 'later', at: null })
            }
            options={[
              { value: 'now', label: t('schedule.choice.now') },
              {
                value: 'later',
                label: <span data-testid="send-time-later">{t('schedule.choice.later')}</span>,
              },
            ]}
          />
        </Space>
      )}
      {value.mode === 'later' && (
        <>
          <Space>
            <DatePicker
              showTime={{ format: 'HH:mm' }}
              format="YYYY-MM-DD HH:mm"
              placeholder={t('schedule.choice.pickTime')}
              value={value.at === null ? null : toBeijingPicker(value.at)}
              onChange={(d) => onChange({ mode: 'later', at: d ? fromBeijingPicker(d) : null })}
              disabledDate={(d) => d.isBefore(firstDay) || d.isAfter(lastDay)}
              data-testid="send-time-picker"
              status={problem && value.at !== null ? 'error' : ''}
            />
            <Tag>{t('schedule.choice.timeZone')}</Tag>
          </Space>
          <Typography.Text type={problem && value.at !== null ? 'danger' : 'secondary'}>
            {problem && value.at !== null
              ? t(problem)
              : marketing
                ? `${t('schedule.choice.rule')} ${t('schedule.choice.marketingRule')}`
                : t('schedule.choice.rule')}
          </Typography.Text>
        </>
      )}
    </Space>
  );
}
