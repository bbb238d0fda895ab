import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CooldownItem } from '../../../shared/api/cooldown';
import { useCooldown } from '../lib/cooldown-store';
import { formatDuration } from '../lib/format';
import { tickerNow, useNow } from '../lib/ticker';

/** The reason line under a cooling number, in words ("30 秒内已发送 1 条"). */
export function useCooldownReason(): (item: CooldownItem) => string {
  const { t } = useTranslation();
  return (item) => {
    switch (item.reason) {
      case 'thirtySeconds':
        return t('cooldown.reason.s30', { count: item.counts.s30 });
      case 'oneHour':
        return t('cooldown.reason.h1', { count: item.counts.h1 });
      case 'day':
        return t('cooldown.reason.day', { count: item.counts.day });
      case 'server':
        return t('cooldown.reason.server');
      default:
        return t('cooldown.reason.other');
    }
  };
}

/** 可发送, or 冷却中 mm:ss counting down on the shared clock, with the reason on hover. */
export function CooldownBadge({ phone }: { phone: string }) {
  const { t } = useTranslation();
  const item = useCooldown(phone);
  const reason = useCooldownReason();
  // No reason means free now: main's clock and ours may differ by a few hundred ms.
  const cooling = item !== undefined && item.reason !== null && item.allowedAt > tickerNow();
  const now = useNow(cooling);
  if (!item || !cooling || item.allowedAt <= now) {
    return (
      <Tag color="green" data-testid="cooldown-badge" data-state="free">
        {t('cooldown.badge.free')}
      </Tag>
    );
  }
  return (
    <Tooltip title={reason(item)}>
      <Tag color="orange" data-testid="cooldown-badge" data-state="cooling">
        {t('cooldown.badge.cooling', { time: formatDuration(item.allowedAt - now) })}
      </Tag>
    </Tooltip>
  );
}
