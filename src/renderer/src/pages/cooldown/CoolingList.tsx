import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Typography } from 'antd';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import type { CooldownItem } from '../../../../shared/api/cooldown';
import { formatPhone } from '../../../../shared/phone';
import { useCooldownReason } from '../../components/CooldownBadge';
import { applyCooldownItems } from '../../lib/cooldown-store';
import { useLoad } from '../../hooks/useCall';
import { useEvent } from '../../hooks/useEvent';
import { formatDuration, formatTime } from '../../lib/format';
import { call } from '../../lib/sms';
import { useNow } from '../../lib/ticker';

const ROW_HEIGHT = 40;
const PAGE = 10_000;

/** Index of the first item still cooling at `now` (items sorted by allowedAt). */
function firstCooling(items: readonly CooldownItem[], now: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid]!.allowedAt > now) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Every number cooling down, soonest first, live. Loaded once, then kept current by
 * `cooldown.changed`; expired numbers fall off the top on the shared 1 Hz clock; only the
 * visible rows are in the DOM.
 */
export function CoolingList({ onOpen }: { onOpen(phone: string): void }) {
  const { t, i18n } = useTranslation();
  const reason = useCooldownReason();
  const byPhone = useRef(new Map<string, CooldownItem>());
  const [sorted, setSorted] = useState<CooldownItem[]>([]);
  const now = useNow(true);

  const rebuild = useCallback(() => {
    const list = [...byPhone.current.values()];
    list.sort((a, b) => a.allowedAt - b.allowedAt || (a.phone < b.phone ? -1 : 1));
    setSorted(list);
  }, []);

  // Pushes that arrive while the first load runs are applied on top of it. A batch pushes
  // every few milliseconds: the list is re-sorted at most every 100 ms, not per push.
  const pushTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (pushTimer.current) clearTimeout(pushTimer.current);
    },
    [],
  );
  useEvent('cooldown.changed', (p) => {
    for (const it of p.items) byPhone.current.set(it.phone, it);
    pushTimer.current ??= setTimeout(() => {
      pushTimer.current = null;
      rebuild();
    }, 100);
  });

  const first = useLoad(async () => {
    for (let offset = 0; ; offset += PAGE) {
      const page = await call('cooldown.list', { offset, limit: PAGE });
      for (const it of page.items) {
        if (!byPhone.current.has(it.phone)) byPhone.current.set(it.phone, it);
      }
      applyCooldownItems(page.items);
      if (page.items.length < PAGE || offset + PAGE >= page.total) break;
    }
    rebuild();
    return true;
  }, []);
  const loaded = first.data === true;
  const { error } = first;

  const start = firstCooling(sorted, now);
  const visible = useMemo(() => sorted.slice(start), [sorted, start]);

  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: visible.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });

  return (
    <div data-testid="cooling-list" data-count={visible.length} data-loaded={loaded}>
      <Typography.Title level={5} data-testid="cooling-title">
        {t('cooldown.list.title', { count: visible.length })}
      </Typography.Title>
      {error && <Alert type="error" showIcon title={error} />}
      {loaded && visible.length === 0 && (
        <Typography.Text type="secondary">{t('cooldown.list.empty')}</Typography.Text>
      )}
      <div
        style={{
          display: 'grid',
          gridTemplateColumns: '180px 110px 200px 1fr',
          fontWeight: 600,
          padding: '6px 8px',
          borderBottom: '1px solid #f0f0f0',
        }}
      >
        <span>{t('cooldown.list.phone')}</span>
        <span>{t('cooldown.list.left')}</span>
        <span>{t('cooldown.list.until')}</span>
        <span>{t('cooldown.list.reason')}</span>
      </div>
      <div
        ref={scrollRef}
        data-testid="cooling-scroll"
        style={{ height: 480, overflow: 'auto', contain: 'strict' }}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative', width: '100%' }}>
          {virtualizer.getVirtualItems().map((v) => {
            const it = visible[v.index]!;
            return (
              <div
                key={it.phone}
                data-testid="cooling-row"
                data-phone={it.phone}
                onClick={() => onOpen(it.phone)}
                style={{
                  position: 'absolute',
                  top: 0,
                  left: 0,
                  width: '100%',
                  height: ROW_HEIGHT,
                  transform: `translateY(${v.start}px)`,
                  display: 'grid',
                  gridTemplateColumns: '180px 110px 200px 1fr',
                  alignItems: 'center',
                  padding: '0 8px',
                  borderBottom: '1px solid #f5f5f5',
                  cursor: 'pointer',
                }}
              >
                <span>{formatPhone(it.phone)}</span>
                <span
                  data-testid="cooling-countdown"
                  style={{ fontVariantNumeric: 'tabular-nums' }}
                >
                  {formatDuration(it.allowedAt - now)}
                </span>
                <span>{formatTime(it.allowedAt, i18n.language)}</span>
                <span>{reason(it)}</span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
