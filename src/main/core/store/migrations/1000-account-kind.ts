import type { Database } from 'better-sqlite3';

/**
 * The account's kind: `apiKey` (SecretId + SecretKey, API 3.0) or `appKey` (the legacy
 * SDK AppID + App Key). For an `appKey` account `secret_id` holds only the name of its keychain
 * entry (`app-key:<SDK AppID>`); the App Key itself is never stored here either.
 */
// Typed by shape, not through './index': the index imports every migration.
export const m1000AccountKind: { id: string; up(db: Database): void } = {
  id: '1000-account-kind',
  up(db) {
    db.exec(`
      ALTER TABLE account_profile ADD COLUMN kind TEXT NOT NULL DEFAULT 'apiKey'
        CHECK (kind IN ('apiKey', 'appKey'));
    `);
  },
};
