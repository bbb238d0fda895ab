import { useState } from 'react';
import { Card, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { CoolingList } from './cooldown/CoolingList';
import { NumberCooldown } from './cooldown/NumberCooldown';

/** 号码冷却: look up one number, and watch every number that is cooling down. */
export function CooldownPage() {
  const { t } = useTranslation();
  const [opened, setOpened] = useState<string | undefined>(undefined);
  return (
    <div data-testid="page-cooldown">
      <Typography.Title level={3}>{t('pages.cooldown.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('pages.cooldown.intro')}</Typography.Paragraph>
      <Card size="small" title={t('cooldown.lookup.title')} style={{ marginBottom: 16 }}>
        <NumberCooldown key={opened ?? ''} initialPhone={opened} />
      </Card>
      <Card size="small">
        <CoolingList onOpen={setOpened} />
      </Card>
    </div>
  );
}
