import type { AccountType, FrequencyRules, Region } from '../../../shared/domain';
import type { SmsGateway } from '../gateway/types';

/** The profile in effect, as other rooms (outbox, ledger, templates) read it. No secret. */
export interface AccountProfile {
  mode: 'practice' | 'account';
  secretId: string | null;
  sdkAppId: string;
  region: Region;
  defaultSign: string | null;
  international: boolean;
  accountType: AccountType;
  /** Per-variable character limit for non-verification templates; null = no limit. */
  variableMaxLength: number | null;
  frequencyRules: FrequencyRules;
  verified: boolean;
  verifiedAt: number | null;
}

export interface TencentCredentials {
  secretId: string;
  secretKey: string;
  sdkAppId: string;
  region: Region;
}

/** The legacy App Key kind: the SDK AppID and its App Key (no SecretId). */
export interface LegacyCredentials {
  appKey: string;
  sdkAppId: string;
  region: Region;
}

/** Either kind's credentials, as the connection test and the gateway switch take them. */
export type AccountCredentials =
  ({ kind: 'apiKey' } & TencentCredentials) | ({ kind: 'appKey' } & LegacyCredentials);

/** Builds a throwaway gateway for a connection test (never the one used for sending). */
export type GatewayFactory = (c: AccountCredentials) => SmsGateway;

/** The part of the gateway provider this room drives. */
export interface GatewaySwitch {
  usePractice(): void | Promise<void>;
  useTencent(c: TencentCredentials): void | Promise<void>;
  useLegacy(c: LegacyCredentials): void | Promise<void>;
  /** SdkAppId of the gateway in use (the practice emulator's in practice mode). */
  currentSdkAppId(): string | null;
}

/** Tencent's default for individually verified accounts (older rule; check the console). */
export const PERSONAL_VARIABLE_MAX_LENGTH = 12;
