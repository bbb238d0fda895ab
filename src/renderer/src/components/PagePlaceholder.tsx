import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/** A page later issues fill in: its title and one sentence saying what it will do. */
export function PagePlaceholder({ page }: { page: string }) {
  const { t } = useTranslation();
  return (
    <div data-page={page}>
      <Typography.Title level={3}>{t(`pages.${page}.title`)}</Typography.Title>
      <Typography.Paragraph type="secondary">{t(`pages.${page}.intro`)}</Typography.Paragraph>
    </div>
  );
}
