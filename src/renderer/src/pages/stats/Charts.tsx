/**
 * The statistics charts. This module is loaded lazily (React.lazy) so ECharts lands in its own
 * chunk and the start-up bundle does not grow; only the chart kinds used here are registered.
 */
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { BarChart, GaugeChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { Card, Col, Empty, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Balance, Stats } from '../../../../shared/api/usage';
import { deliveryRate } from './figures';

echarts.use([
  BarChart,
  GaugeChart,
  LineChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  CanvasRenderer,
]);

const HEIGHT = 260;

function Chart({ option, testId }: { option: Record<string, unknown>; testId: string }) {
  return (
    <div data-testid={testId}>
      <ReactEChartsCore
        echarts={echarts}
        option={option}
        style={{ height: HEIGHT }}
        notMerge
        opts={{ renderer: 'canvas' }}
      />
    </div>
  );
}

export default function StatsCharts({
  stats,
  balance,
  reasonText,
}: {
  stats: Stats;
  balance: Balance | null;
  reasonText(code: string): string;
}) {
  const { t } = useTranslation();
  const keys = stats.buckets.map((b) => b.key);
  const sends = {
    tooltip: { trigger: 'axis' },
    // ECharts 6 puts the legend at the bottom by default, over the date labels.
    legend: { top: 0, data: [t('usage.stats.sends'), t('usage.stats.segments')] },
    grid: { left: 48, right: 24, top: 40, bottom: 32 },
    xAxis: { type: 'category', data: keys },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: t('usage.stats.sends'), type: 'bar', data: stats.buckets.map((b) => b.sends) },
      { name: t('usage.stats.segments'), type: 'line', data: stats.buckets.map((b) => b.segments) },
    ],
  };
  const delivery = {
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v}%` },
    grid: { left: 48, right: 24, top: 24, bottom: 32 },
    xAxis: { type: 'category', data: keys },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: [
      {
        name: t('usage.stats.deliveryRate'),
        type: 'line',
        data: stats.buckets.map((b) => deliveryRate(b)),
        connectNulls: false,
      },
    ],
  };
  const failures = [...stats.failures].reverse();
  const reasons = {
    tooltip: { trigger: 'axis' },
    grid: { left: 200, right: 24, top: 16, bottom: 24 },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: {
      type: 'category',
      data: failures.map((f) => reasonText(f.code)),
      axisLabel: { width: 180, overflow: 'truncate' },
    },
    series: [{ type: 'bar', data: failures.map((f) => f.count) }],
  };
  const total = balance?.packages.filter((p) => p.active).reduce((n, p) => n + p.amount, 0) ?? 0;
  const gauge = {
    series: [
      {
        type: 'gauge',
        min: 0,
        max: Math.max(total, 1),
        progress: { show: true },
        detail: { valueAnimation: false, formatter: '{value}', fontSize: 20 },
        data: [{ value: balance?.remaining ?? 0, name: t('usage.balance.left') }],
      },
    ],
  };
  return (
    <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
      <Col span={14}>
        <Card size="small" title={t('usage.stats.chartSends')}>
          <Chart option={sends} testId="chart-sends" />
        </Card>
      </Col>
      <Col span={10}>
        <Card size="small" title={t('usage.stats.chartPackage')}>
          {balance?.remaining != null ? (
            <Chart option={gauge} testId="chart-package" />
          ) : (
            <Empty description={t('usage.balance.unknown')} style={{ height: HEIGHT }} />
          )}
        </Card>
      </Col>
      <Col span={12}>
        <Card size="small" title={t('usage.stats.chartDelivery')}>
          {stats.hasReceipts ? (
            <Chart option={delivery} testId="chart-delivery" />
          ) : (
            <Empty
              data-testid="chart-delivery-empty"
              description={t('usage.stats.noReceipts')}
              style={{ height: HEIGHT }}
            />
          )}
        </Card>
      </Col>
      <Col span={12}>
        <Card size="small" title={t('usage.stats.chartFailures')}>
          {failures.length > 0 ? (
            <Chart option={reasons} testId="chart-failures" />
          ) : (
            <Empty description={t('usage.stats.empty')} style={{ height: HEIGHT }} />
          )}
        </Card>
      </Col>
    </Row>
  );
}
