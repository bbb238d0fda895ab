import { useEffect, useState } from 'react';
import { DeliveryTag } from '../../components/DeliveryTag';
import { Alert, Button, Descriptions, Input, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CooldownItem } from '../../../../shared/api/cooldown';
import type { HistoryRow } from '../../../../shared/api/history';
import { DEFAULT_FREQUENCY_RULES, type FrequencyRules } from '../../../../shared/domain';
import { formatPhone, normalizePhone } from '../../../../shared/phone';
import { CooldownBadge, useCooldownReason } from '../../components/CooldownBadge';
import { applyCooldownItems, useCooldown } from '../../lib/cooldown-store';
import { useAction } from '../../hooks/useAction';
import { useProfile } from '../../hooks/useAccount';
import { useCall } from '../../hooks/useCall';
import { formatDuration, formatTime } from '../../lib/format';
import { useResultText } from '../../components/job/useCodeText';
import { call } from '../../lib/sms';
import { tickerNow, useNow } from '../../lib/ticker';

function useRules(): FrequencyRules {
  return useProfile()?.frequencyRules ?? DEFAULT_FREQUENCY_RULES;
}

function Details({ phone, rules }: { phone: string; rules: FrequencyRules }) {
  const { t, i18n } = useTranslation();
  const resultText = useResultText();
  const item: CooldownItem | undefined = useCooldown(phone);
  const reason = useCooldownReason();
  const now = useNow(item !== undefined && item.allowedAt > tickerNow());
  // Read again when this number's day count moves (a send just reached it).
  const recent: HistoryRow[] =
    useCall('history.list', { filter: { phone }, limit: 20 }, { deps: [item?.counts.day] }).data
      ?.rows ?? [];

  const cooling = item !== undefined && item.allowedAt > now;
  const over = (n: number, limit: number) => (
    <Typography.Text type={n >= limit ? 'danger' : undefined}>
      {t('cooldown.lookup.limit', { count: n, limit })}
    </Typography.Text>
  );
  return (
    <div data-testid="cooldown-details" data-phone={phone}>
      <Descriptions column={1} size="small" bordered style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('cooldown.list.phone')}>
          <Space>
            <span>{formatPhone(phone)}</span>
            <CooldownBadge phone={phone} />
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('cooldown.lookup.next')}>
          <span data-testid="cooldown-next">
            {cooling
              ? `${formatTime(item.allowedAt, i18n.language)}（${formatDuration(item.allowedAt - now)}）· ${reason(item)}`
              : t('cooldown.lookup.now')}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('cooldown.lookup.s30')}>
          {over(item?.counts.s30 ?? 0, rules.perThirtySeconds)}
        </Descriptions.Item>
        <Descriptions.Item label={t('cooldown.lookup.h1')}>
          {over(item?.counts.h1 ?? 0, rules.perHour)}
        </Descriptions.Item>
        <Descriptions.Item label={t('cooldown.lookup.day')}>
          {over(item?.counts.day ?? 0, rules.perDay)}
        </Descriptions.Item>
        <Descriptions.Item label={t('cooldown.lookup.server')}>
          {cooling && item.reason === 'server' ? (
            <Tag color="red">{t('cooldown.lookup.serverYes')}</Tag>
          ) : (
            t('cooldown.lookup.serverNo')
          )}
        </Descriptions.Item>
      </Descriptions>
      <Typography.Title level={5}>{t('cooldown.lookup.recent')}</Typography.Title>
      <Table<HistoryRow>
        size="small"
        rowKey="id"
        dataSource={recent}
        pagination={false}
        columns={[
          {
            title: t('history.col.time'),
            dataIndex: 'at',
            render: (v: number) => formatTime(v, i18n.language),
          },
          { title: t('history.col.template'), render: (_v, r) => r.templateName || r.templateId },
          {
            title: t('history.col.state'),
            dataIndex: 'state',
            render: (v: string) => t(`send.state.${v}`, { defaultValue: v }),
          },
          {
            title: t('history.col.code'),
            render: (_v, r) => (
              <span data-testid="lookup-result">{resultText(r.code, r.state)}</span>
            ),
          },
          {
            title: t('history.col.receipt'),
            render: (_v, r) => <DeliveryTag receipt={r.receipt} />,
          },
        ]}
      />
    </div>
  );
}

/** Look up one number: when it may receive again, why, and its recent sends. */
export function NumberCooldown({ initialPhone }: { initialPhone?: string }) {
  const { t } = useTranslation();
  const rules = useRules();
  const [text, setText] = useState(initialPhone ? formatPhone(initialPhone) : '');
  const [phone, setPhone] = useState<string | null>(initialPhone ?? null);
  const { run, error, setError } = useAction();

  const lookup = async (value: string) => {
    const r = normalizePhone(value, { international: true });
    if (!r.ok) {
      setError(t('cooldown.lookup.invalid'));
      setPhone(null);
      return;
    }
    await run(async () => {
      // Always a fresh answer from main, not only what the store happened to hold.
      const { items } = await call('cooldown.query', { phones: [r.e164] });
      applyCooldownItems(items);
      setPhone(r.e164);
    });
  };

  useEffect(() => {
    if (initialPhone) void lookup(initialPhone);
    // Only on mount / when another number is opened.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [initialPhone]);

  return (
    <div data-testid="cooldown-lookup">
      <Space.Compact style={{ width: 420, marginBottom: 12 }}>
        <Input
          data-testid="cooldown-lookup-input"
          value={text}
          placeholder={t('cooldown.lookup.placeholder')}
          onChange={(e) => setText(e.target.value)}
          onPressEnter={() => void lookup(text)}
        />
        <Button type="primary" data-testid="cooldown-lookup-go" onClick={() => void lookup(text)}>
          {t('cooldown.lookup.button')}
        </Button>
      </Space.Compact>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {phone && <Details phone={phone} rules={rules} />}
    </div>
  );
}
