import type { AccountKind } from '../../../shared/api/account';
import type { AccountCredentials } from './types';

/**
 * What differs between the two kinds of account: the name of the secret's keychain entry, how
 * the account is shown without its secret, and how a stored row plus its secret become the
 * credentials a gateway takes.
 */

const APP_KEY_ENTRY = 'app-key:';

/** The keychain entry of an account: the SecretId, or `app-key:<SDK AppID>` (one per app). */
export function keyEntryOf(
  kind: AccountKind,
  input: { secretId?: string | undefined; sdkAppId: string },
): string {
  return kind === 'appKey' ? `${APP_KEY_ENTRY}${input.sdkAppId}` : (input.secretId ?? '');
}

/** `AKIDz8kr…MPLE` → `AKID…MPLE`: recognisable, not usable. */
export const maskSecretId = (id: string): string => `${id.slice(0, 4)}…${id.slice(-4)}`;

/** What status and logs may show of an entry name: a masked SecretId, nothing for an App Key. */
export function maskedEntry(kind: AccountKind, entry: string): string | null {
  return kind === 'appKey' ? null : maskSecretId(entry);
}

export function credentialsOf(
  row: {
    kind: AccountKind;
    secretId: string;
    sdkAppId: string;
    region: AccountCredentials['region'];
  },
  secret: string,
): AccountCredentials {
  return row.kind === 'appKey'
    ? { kind: 'appKey', appKey: secret, sdkAppId: row.sdkAppId, region: row.region }
    : {
        kind: 'apiKey',
        secretId: row.secretId,
        secretKey: secret,
        sdkAppId: row.sdkAppId,
        region: row.region,
      };
}

export const secretOf = (c: AccountCredentials): string =>
  c.kind === 'appKey' ? c.appKey : c.secretKey;
