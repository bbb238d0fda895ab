import type { AccountStatus, PublicProfile } from '../../../shared/api/account';
import { DEFAULT_FREQUENCY_RULES } from '../../../shared/domain';
import { maskedEntry } from './kinds';
import type { ProfileRow } from './repo';
import type { AccountProfile } from './types';

/** What the renderer and the other rooms see of the account: never a secret. */

/** The practice emulator's account: enterprise-verified with Tencent's default limits. */
export const PRACTICE_SDK_APP_ID = '1400000001';
/**
 * The practice emulator's per-variable limit (its default profile's `variableMaxLength`). The
 * practice profile must say the same, or the app would let a value through that the practice
 * send then fails with TemplateParameterLengthLimit.
 */
export const PRACTICE_VARIABLE_MAX_LENGTH = 12;

/** The saved profile as the renderer may see it: every field but the kind and the secret's ID. */
function publicProfileOf(row: ProfileRow): PublicProfile {
  return {
    sdkAppId: row.sdkAppId,
    region: row.region,
    defaultSign: row.defaultSign,
    international: row.international,
    accountType: row.accountType,
    variableMaxLength: row.variableMaxLength,
    frequencyRules: row.frequencyRules,
    verified: row.verified,
    verifiedAt: row.verifiedAt,
  };
}

export function statusOf(
  row: ProfileRow | null,
  secretHeld: boolean,
  mode: 'practice' | 'account',
  keychain: AccountStatus['keychain'],
): AccountStatus {
  const profile = row ? publicProfileOf(row) : null;
  return {
    mode,
    stored: row && secretHeld ? row.secretStorage : 'none',
    secretIdMasked: row ? maskedEntry(row.kind, row.secretId) : null,
    ...(row ? { kind: row.kind } : {}),
    profile,
    keychain,
    verified: row?.verified ?? false,
    needsSecret: row !== null && !secretHeld,
  };
}

export function accountProfileOf(row: ProfileRow): AccountProfile {
  return {
    mode: 'account',
    secretId: row.kind === 'appKey' ? null : row.secretId,
    ...publicProfileOf(row),
    // A copy: the profile handed to the rooms must not change when the row does.
    frequencyRules: { ...row.frequencyRules },
  };
}

export function practiceProfileOf(sdkAppId: string | null): AccountProfile {
  return {
    mode: 'practice',
    secretId: null,
    sdkAppId: sdkAppId ?? PRACTICE_SDK_APP_ID,
    region: 'ap-guangzhou',
    defaultSign: null,
    international: false,
    accountType: 'enterprise',
    variableMaxLength: PRACTICE_VARIABLE_MAX_LENGTH,
    frequencyRules: { ...DEFAULT_FREQUENCY_RULES },
    verified: true,
    verifiedAt: null,
  };
}
