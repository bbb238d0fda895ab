import type { Migration } from './migration';

/**
 * The account profile: non-secret settings only. The SecretKey is never stored here (it lives
 * in the OS keychain or in memory); `secret_storage` only says where to look for it.
 * One row today (id = 1); the id column leaves room for more profiles later.
 */
export const m0100Account: Migration = {
  id: '0100-account',
  up(db) {
    db.exec(`
      CREATE TABLE account_profile (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        secret_id TEXT NOT NULL,
        sdk_app_id TEXT NOT NULL,
        region TEXT NOT NULL CHECK (region IN ('ap-guangzhou', 'ap-beijing', 'ap-nanjing')),
        default_sign TEXT,
        international INTEGER NOT NULL DEFAULT 0 CHECK (international IN (0, 1)),
        account_type TEXT NOT NULL CHECK (account_type IN ('personal', 'enterprise')),
        variable_max_length INTEGER,
        per_thirty_seconds INTEGER NOT NULL,
        per_hour INTEGER NOT NULL,
        per_day INTEGER NOT NULL,
        verified INTEGER NOT NULL DEFAULT 0 CHECK (verified IN (0, 1)),
        verified_at INTEGER,
        secret_storage TEXT NOT NULL CHECK (secret_storage IN ('keychain', 'session')),
        mode TEXT NOT NULL CHECK (mode IN ('practice', 'account')),
        updated_at INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
