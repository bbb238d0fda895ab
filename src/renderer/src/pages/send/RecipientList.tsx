import { Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { CooldownBadge } from '../../components/CooldownBadge';
import type { Recipients } from '../../lib/recipients';

/** Every pasted entry, as the customer writes it, with why it cannot be sent or was merged. */
export function RecipientList({ recipients }: { recipients: Recipients }) {
  const { t } = useTranslation();
  if (recipients.entries.length === 0) return null;
  return (
    <div data-testid="recipients">
      <Typography.Text type="secondary" data-testid="recipients-summary">
        {t('send.recipients.summary', {
          valid: recipients.phones.length,
          invalid: recipients.invalid,
          duplicates: recipients.duplicates,
        })}
      </Typography.Text>
      <div style={{ maxHeight: 240, overflow: 'auto', marginTop: 4 }}>
        {recipients.entries.map((e, i) => (
          <div
            key={i}
            data-testid="recipient"
            data-state={e.problem ? 'invalid' : e.duplicateOf !== null ? 'duplicate' : 'ok'}
            style={{ padding: '2px 0' }}
          >
            <Space size={6} wrap>
              <Typography.Text
                delete={e.duplicateOf !== null}
                type={e.problem ? 'danger' : undefined}
              >
                {e.display}
              </Typography.Text>
              {e.problem && (
                <Tag color="red" data-testid="recipient-problem">
                  {t(`send.phoneProblem.${e.problem}`)}
                </Tag>
              )}
              {e.duplicateOf !== null && (
                <Tag data-testid="recipient-duplicate">
                  {t('send.recipients.duplicate', {
                    first: recipients.entries[e.duplicateOf]?.raw ?? '',
                  })}
                </Tag>
              )}
              {e.e164 && e.duplicateOf === null && <CooldownBadge phone={e.e164} />}
            </Space>
          </div>
        ))}
      </div>
    </div>
  );
}
