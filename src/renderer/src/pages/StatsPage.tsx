import { lazy, Suspense, useEffect, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Segmented,
  Space,
  Spin,
  Statistic,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import type { Balance, Stats } from '../../../shared/api/usage';
import { yuanText } from '../../../shared/usage/cost';
import { useCodeText } from '../components/job/useCodeText';
import { useAction } from '../hooks/useAction';
import { useCall } from '../hooks/useCall';
import { formatTime } from '../lib/format';
import { call } from '../lib/sms';
import { ExportTable, type TableRow } from './stats/ExportTable';
import { deliveryRate } from './stats/figures';
import { RemotePanel } from './stats/RemotePanel';

// ECharts is loaded only when this page is opened: its own chunk, not the start-up bundle.
const StatsCharts = lazy(() => import('./stats/Charts'));

type Granularity = Stats['granularity'];
type Range = { from: number; to: number };

const SHANGHAI_MS = 8 * 3_600_000;
/** A picked calendar date (YYYY-MM-DD) as the first ms of that Asia/Shanghai day. */
const shanghaiStart = (ymd: string): number => Date.parse(`${ymd}T00:00:00Z`) - SHANGHAI_MS;

export function StatsPage({ practice }: { practice: boolean }) {
  const { t, i18n } = useTranslation();
  const codeText = useCodeText();
  const [granularity, setGranularity] = useState<Granularity>('day');
  const [range, setRange] = useState<Range | undefined>(undefined);
  const stats = useCall('usage.stats', { granularity, ...(range ? { range } : {}) });
  const remote = useCall('usage.remoteStats', range ? { range } : {});
  const balance = useCall('usage.balance', {});
  const action = useAction({ exclusive: true });
  const [fresh, setFresh] = useState<Balance | null>(null);

  const refresh = async () => {
    const b = await action.run(() => call('usage.refreshBalance', {}), 'refresh');
    if (b) setFresh(b);
  };
  // Opening the page reads the balance again (paced in main).
  useEffect(() => {
    void refresh();
    // Once per visit.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const b = fresh ?? balance.data ?? null;
  const s = stats.data;
  const money = (units: number, unpriced: number): string =>
    unpriced > 0 ? `${yuanText(units)} *` : yuanText(units);
  const rate = (f: Parameters<typeof deliveryRate>[0]): string => {
    const r = deliveryRate(f);
    return s?.hasReceipts && r !== null ? `${r}%` : t('usage.stats.noReceipts');
  };
  const reason = (code: string): string => codeText(code) || code;

  const trendRows: TableRow[] = s
    ? [
        ...s.buckets.map((x) => ({
          period: x.key,
          sends: x.sends,
          sent: x.sent,
          failed: x.failed,
          segments: x.segments,
          cost: money(x.cost.units, x.cost.unpricedSegments),
          rate: rate(x),
        })),
        {
          __key: 'total',
          period: t('usage.stats.total'),
          sends: s.totals.sends,
          sent: s.totals.sent,
          failed: s.totals.failed,
          segments: s.totals.segments,
          cost: money(s.totals.cost.units, s.totals.cost.unpricedSegments),
          rate: rate(s.totals),
        },
      ]
    : [];
  const num = true;
  return (
    <div data-testid="stats-page">
      <Typography.Title level={3}>{t('usage.stats.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('usage.stats.intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        <span>{t('usage.stats.range')}</span>
        <DatePicker.RangePicker
          data-testid="stats-range"
          allowClear
          onChange={(_v, text) => {
            const [a, z] = text;
            setRange(
              a && z ? { from: shanghaiStart(a), to: shanghaiStart(z) + 86_400_000 } : undefined,
            );
          }}
        />
        <Segmented
          data-testid="stats-granularity"
          value={granularity}
          onChange={(v) => setGranularity(v as Granularity)}
          options={(['day', 'week', 'month'] as const).map((g) => ({
            value: g,
            label: t(`usage.stats.granularity.${g}`),
          }))}
        />
        <Button
          data-testid="stats-refresh-balance"
          loading={action.busy === 'refresh'}
          onClick={() => void refresh()}
        >
          {t('usage.balance.refresh')}
        </Button>
      </Space>
      {(stats.error ?? action.error) && (
        <Alert
          type="error"
          showIcon
          title={stats.error ?? action.error}
          style={{ marginBottom: 16 }}
        />
      )}
      {b?.problem && (
        <Alert
          type="warning"
          showIcon
          data-testid="stats-balance-problem"
          style={{ marginBottom: 16 }}
          title={t(b.problem.messageKey, {
            permission: b.problem.permission ?? '',
            code: b.problem.code,
          })}
        />
      )}
      {!s ? (
        <Spin tip={t('usage.stats.loading')} />
      ) : (
        <>
          <Card size="small" style={{ marginBottom: 16 }} data-testid="stats-totals">
            <Space size="large" wrap>
              <Statistic title={t('usage.stats.sends')} value={s.totals.sends} />
              <Statistic title={t('usage.stats.segments')} value={s.totals.segments} />
              <Statistic title={t('usage.stats.cost')} value={yuanText(s.totals.cost.units)} />
              <Statistic title={t('usage.stats.deliveryRate')} value={rate(s.totals)} />
              <Statistic
                title={t('usage.balance.title')}
                value={b?.remaining ?? t('usage.balance.unknown')}
              />
            </Space>
            <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
              {t('usage.stats.sourceLocal')}
              {b?.readAt != null &&
                ` · ${t('usage.balance.title')}: ${t('usage.balance.readAt', { time: formatTime(b.readAt, i18n.language) })}`}
              {s.totals.cost.unpricedSegments > 0 &&
                ` · * ${t('usage.preflight.unpriced', { count: s.totals.cost.unpricedSegments })}`}
            </Typography.Paragraph>
          </Card>
          <Suspense fallback={<Spin />}>
            <StatsCharts stats={s} balance={b} reasonText={reason} />
          </Suspense>
          <RemotePanel remote={remote.data} local={s} practice={practice} />
          <ExportTable
            name="trend"
            title={t('usage.stats.chartSends')}
            columns={[
              { key: 'period', title: t('usage.stats.period') },
              { key: 'sends', title: t('usage.stats.sends'), numeric: num },
              { key: 'sent', title: t('usage.stats.sent'), numeric: num },
              { key: 'failed', title: t('usage.stats.failed'), numeric: num },
              { key: 'segments', title: t('usage.stats.segments'), numeric: num },
              {
                key: 'cost',
                title: t('usage.stats.cost'),
                numeric: num,
              },
              { key: 'rate', title: t('usage.stats.deliveryRate'), numeric: num },
            ]}
            rows={trendRows}
          />
          <ExportTable
            name="failures"
            title={t('usage.stats.chartFailures')}
            columns={[
              { key: 'reason', title: t('usage.stats.reason') },
              { key: 'code', title: 'Code' },
              { key: 'count', title: t('usage.stats.count'), numeric: num },
            ]}
            rows={s.failures.map((f) => ({ reason: reason(f.code), code: f.code, count: f.count }))}
          />
          <ExportTable
            name="templates"
            title={t('usage.stats.byTemplate')}
            columns={[
              { key: 'template', title: t('usage.stats.template') },
              { key: 'sends', title: t('usage.stats.sends'), numeric: num },
              { key: 'segments', title: t('usage.stats.segments'), numeric: num },
              { key: 'cost', title: t('usage.stats.cost'), numeric: num },
            ]}
            rows={s.byTemplate.map((x) => ({
              template: x.name ? `${x.name} (${x.templateId})` : x.templateId,
              sends: x.sends,
              segments: x.segments,
              cost: money(x.cost.units, x.cost.unpricedSegments),
            }))}
          />
          <ExportTable
            name="signs"
            title={t('usage.stats.bySign')}
            columns={[
              { key: 'sign', title: t('usage.stats.sign') },
              { key: 'sends', title: t('usage.stats.sends'), numeric: num },
              { key: 'segments', title: t('usage.stats.segments'), numeric: num },
              { key: 'cost', title: t('usage.stats.cost'), numeric: num },
            ]}
            rows={s.bySign.map((x) => ({
              sign: x.signName || '—',
              sends: x.sends,
              segments: x.segments,
              cost: money(x.cost.units, x.cost.unpricedSegments),
            }))}
          />
          <ExportTable
            name="packages"
            title={t('usage.balance.packages')}
            columns={[
              { key: 'type', title: t('usage.balance.packages') },
              { key: 'amount', title: t('usage.balance.amount'), numeric: num },
              { key: 'used', title: t('usage.balance.used'), numeric: num },
              { key: 'left', title: t('usage.balance.left'), numeric: num },
              { key: 'expires', title: t('usage.balance.expires') },
            ]}
            rows={(b?.packages ?? []).map((p) => ({
              __key: String(p.packageId),
              type: `${t(`usage.balance.type.${p.type}`)} #${p.packageId}`,
              amount: p.amount,
              used: p.used,
              left: p.remaining,
              expires: p.active
                ? formatTime(p.expiresAt, i18n.language)
                : t('usage.balance.expired'),
            }))}
          />
        </>
      )}
    </div>
  );
}
