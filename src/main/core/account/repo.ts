import type { AccountKind } from '../../../shared/api/account';
import type { AccountType, Region } from '../../../shared/domain';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../store/db';
import type { AccountProfile } from './types';

/**
 * The stored profile: what other rooms see, plus where the secret lives. `secretId` names the
 * secret's keychain entry: the SecretId itself, or `app-key:<SDK AppID>` for an App Key account.
 */
export type ProfileRow = Omit<AccountProfile, 'secretId'> & {
  kind: AccountKind;
  secretId: string;
  secretStorage: 'keychain' | 'session';
};

type Raw = {
  secret_id: string;
  sdk_app_id: string;
  region: Region;
  default_sign: string | null;
  international: number;
  account_type: AccountType;
  variable_max_length: number | null;
  per_thirty_seconds: number;
  per_hour: number;
  per_day: number;
  verified: number;
  verified_at: number | null;
  secret_storage: 'keychain' | 'session';
  mode: 'practice' | 'account';
  kind: AccountKind;
};

/** The single account profile row (SQLite). Holds no secret by construction: no column for it. */
export class AccountRepo {
  /**
   * Prepared once: `app.info` reads the profile on every call the window makes, and a prepare
   * is work on the main thread each time (the probe caught one waiting ~28 ms).
   */
  private readonly select: Statement;

  constructor(private readonly db: Db) {
    this.select = db.prepare('SELECT * FROM account_profile WHERE id = 1');
  }

  get(): ProfileRow | null {
    const r = this.select.get() as Raw | undefined;
    if (!r) return null;
    return {
      kind: r.kind,
      secretId: r.secret_id,
      sdkAppId: r.sdk_app_id,
      region: r.region,
      defaultSign: r.default_sign,
      international: r.international === 1,
      accountType: r.account_type,
      variableMaxLength: r.variable_max_length,
      frequencyRules: {
        perThirtySeconds: r.per_thirty_seconds,
        perHour: r.per_hour,
        perDay: r.per_day,
      },
      verified: r.verified === 1,
      verifiedAt: r.verified_at,
      secretStorage: r.secret_storage,
      mode: r.mode,
    };
  }

  put(p: ProfileRow, now: number): void {
    this.db
      .prepare(
        `INSERT INTO account_profile (id, secret_id, sdk_app_id, region, default_sign, international,
           account_type, variable_max_length, per_thirty_seconds, per_hour, per_day, verified,
           verified_at, secret_storage, mode, kind, updated_at)
         VALUES (1, @secretId, @sdkAppId, @region, @defaultSign, @international, @accountType,
           @variableMaxLength, @perThirtySeconds, @perHour, @perDay, @verified, @verifiedAt,
           @secretStorage, @mode, @kind, @now)
         ON CONFLICT(id) DO UPDATE SET secret_id = excluded.secret_id,
           sdk_app_id = excluded.sdk_app_id, region = excluded.region,
           default_sign = excluded.default_sign, international = excluded.international,
           account_type = excluded.account_type, variable_max_length = excluded.variable_max_length,
           per_thirty_seconds = excluded.per_thirty_seconds, per_hour = excluded.per_hour,
           per_day = excluded.per_day, verified = excluded.verified,
           verified_at = excluded.verified_at, secret_storage = excluded.secret_storage,
           mode = excluded.mode, kind = excluded.kind, updated_at = excluded.updated_at`,
      )
      .run({
        secretId: p.secretId,
        sdkAppId: p.sdkAppId,
        region: p.region,
        defaultSign: p.defaultSign,
        international: p.international ? 1 : 0,
        accountType: p.accountType,
        variableMaxLength: p.variableMaxLength,
        perThirtySeconds: p.frequencyRules.perThirtySeconds,
        perHour: p.frequencyRules.perHour,
        perDay: p.frequencyRules.perDay,
        verified: p.verified ? 1 : 0,
        verifiedAt: p.verifiedAt,
        secretStorage: p.secretStorage,
        mode: p.mode,
        kind: p.kind,
        now,
      });
  }

  remove(): void {
    this.db.prepare('DELETE FROM account_profile WHERE id = 1').run();
  }
}
