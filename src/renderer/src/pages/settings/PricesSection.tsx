import { useEffect, useState } from 'react';
import { Alert, Button, Card, Input, InputNumber, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  callingCodeSchema,
  defaultPriceTable,
  priceSchema,
  type PriceTable,
} from '../../../../shared/usage/cost';
import { useAction } from '../../hooks/useAction';
import { useCall } from '../../hooks/useCall';
import { call } from '../../lib/sms';

type IntlRow = { code: string; price: number | null };

/** Today in Asia/Shanghai as YYYY-MM-DD: the date a price the user sets is from. */
const today = (): string => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

/** 设置 → 短信单价: the prices cost estimates use; 0 and negative prices are refused. */
export function PricesSection() {
  const { t } = useTranslation();
  const loaded = useCall('usage.prices', {});
  const save = useAction({ exclusive: true });
  const [mainland, setMainland] = useState<number | null>(null);
  const [intl, setIntl] = useState<IntlRow[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  const fill = (p: PriceTable) => {
    setMainland(p.mainland.perSegment);
    setIntl(Object.entries(p.international).map(([code, price]) => ({ code, price })));
  };
  useEffect(() => {
    if (loaded.data) fill(loaded.data);
  }, [loaded.data]);

  const p = loaded.data;
  const submit = async () => {
    setSaved(false);
    if (!p) return;
    if (
      !priceSchema.safeParse(mainland).success ||
      intl.some((r) => !priceSchema.safeParse(r.price).success)
    ) {
      setProblem(t('usage.price.invalid'));
      return;
    }
    if (intl.some((r) => !callingCodeSchema.safeParse(r.code).success)) {
      setProblem(t('usage.price.badCode'));
      return;
    }
    setProblem(null);
    const changed = mainland !== p.mainland.perSegment;
    const table: PriceTable = {
      mainland: changed ? { perSegment: mainland!, source: 'user', since: today() } : p.mainland,
      international: Object.fromEntries(intl.map((r) => [r.code, r.price!])),
    };
    const out = await save.run(() => call('usage.setPrices', table));
    if (out) {
      loaded.setData(out);
      setSaved(true);
    }
  };

  return (
    <Card title={t('usage.price.title')} data-testid="prices-section">
      {!p ? null : (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Text type="secondary">{t('usage.price.intro')}</Typography.Text>
          <Space>
            <span>{t('usage.price.mainland')}</span>
            <InputNumber
              data-testid="price-mainland"
              value={mainland}
              step={0.001}
              onChange={(v) => setMainland(typeof v === 'number' ? v : null)}
            />
          </Space>
          <Typography.Text type="secondary" data-testid="price-source">
            {p.mainland.source === 'default'
              ? t('usage.price.defaultFrom', { date: p.mainland.since })
              : t('usage.price.userFrom', { date: p.mainland.since })}
          </Typography.Text>
          <Typography.Text strong>{t('usage.price.international')}</Typography.Text>
          {intl.map((r, i) => (
            <Space key={i}>
              <Input
                prefix="+"
                aria-label={t('usage.price.callingCode')}
                style={{ width: 100 }}
                value={r.code}
                onChange={(e) =>
                  setIntl(intl.map((x, j) => (j === i ? { ...x, code: e.target.value.trim() } : x)))
                }
              />
              <InputNumber
                value={r.price}
                step={0.01}
                onChange={(v) =>
                  setIntl(
                    intl.map((x, j) =>
                      j === i ? { ...x, price: typeof v === 'number' ? v : null } : x,
                    ),
                  )
                }
              />
              <Button type="link" onClick={() => setIntl(intl.filter((_, j) => j !== i))}>
                {t('usage.price.remove')}
              </Button>
            </Space>
          ))}
          <Space>
            <Button onClick={() => setIntl([...intl, { code: '', price: null }])}>
              {t('usage.price.add')}
            </Button>
            <Button onClick={() => fill(defaultPriceTable())}>{t('usage.price.reset')}</Button>
            <Button
              type="primary"
              data-testid="price-save"
              loading={save.busy !== null}
              onClick={() => void submit()}
            >
              {t('usage.price.save')}
            </Button>
          </Space>
          {(problem ?? save.error) && (
            <Alert
              type="error"
              showIcon
              data-testid="price-problem"
              title={problem ?? save.error}
            />
          )}
          {saved && <Alert type="success" showIcon title={t('usage.price.saved')} />}
        </Space>
      )}
    </Card>
  );
}
