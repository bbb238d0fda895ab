import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RowState } from '../../../../shared/api/outbox';
import { ROW_STATE_COLOR } from './states';

/**
 * A row's state as a coloured tag. The direct-send screens and the batch screens word some
 * states differently (排队中 / 待发送), so `wording` picks the catalog; the colour is shared.
 */
export function RowStateTag({
  state,
  wording = 'send',
  testId,
}: {
  state: RowState;
  wording?: 'send' | 'batch';
  testId?: string;
}) {
  const { t } = useTranslation();
  return (
    <Tag
      color={ROW_STATE_COLOR[state] ?? 'default'}
      data-testid={testId}
      data-state={testId ? state : undefined}
    >
      {t(`${wording}.state.${state}`, { defaultValue: state })}
    </Tag>
  );
}
