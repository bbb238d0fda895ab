import { cleanSignName } from '../../../shared/signs';
import {
  type connectionInputSchema,
  type AccountStatus,
  type ConnectionTest,
  type PublicProfile,
} from '../../../shared/api/account';
import type { z } from 'zod';
import type { settingsInputSchema, saveInputSchema } from '../../../shared/api/account';
import { DEFAULT_FREQUENCY_RULES, type AccountType } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import type { Clock } from '../clock';
import type { Logger } from '../log';
import {
  classifyKeychainError,
  type KeychainProbe,
  type ProbedSecretStore,
  type SecretStore,
} from '../keychain';
import { testGateway } from './connection';
import type { AccountRepo, ProfileRow } from './repo';
import {
  PERSONAL_VARIABLE_MAX_LENGTH,
  type AccountProfile,
  type GatewayFactory,
  type GatewaySwitch,
  type TencentCredentials,
} from './types';

type ConnectionArgs = z.output<typeof connectionInputSchema>;
type SaveArgs = z.output<typeof saveInputSchema>;
type SettingsArgs = z.output<typeof settingsInputSchema>;

export interface AccountServiceDeps {
  repo: AccountRepo;
  keychain: ProbedSecretStore;
  session: SecretStore;
  gateways: GatewaySwitch;
  connect: GatewayFactory;
  clock: Clock;
  logger: Logger;
  emit(status: AccountStatus, modeChanged: boolean): void;
}

/** `AKIDz8kr…MPLE` → `AKID…MPLE`: recognisable, not usable. */
export const maskSecretId = (id: string): string => `${id.slice(0, 4)}…${id.slice(-4)}`;

const defaultVariableMax = (t: AccountType): number | null =>
  t === 'personal' ? PERSONAL_VARIABLE_MAX_LENGTH : null;

/** The practice emulator's account: enterprise-verified with Tencent's default limits. */
export const PRACTICE_SDK_APP_ID = '1400000001';
/**
 * The practice emulator's per-variable limit (its default profile's `variableMaxLength`). The
 * practice profile must say the same, or the app would let a value through that the practice
 * send then fails with TemplateParameterLengthLimit.
 */
export const PRACTICE_VARIABLE_MAX_LENGTH = 12;

/**
 * The account room: the profile (SQLite), its SecretKey (keychain or session memory), the
 * connection test, and which gateway (practice or Tencent) is in use. The SecretKey is kept
 * in this object's memory and handed only to the gateway; nothing it returns contains it.
 */
export class AccountService {
  private probe: KeychainProbe = { available: false, reason: 'unknown' };
  private secret: string | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly d: AccountServiceDeps) {}

  /** Probes the keychain, loads the profile and its key, and picks the gateway. */
  async start(): Promise<void> {
    this.probe = await this.d.keychain.probe();
    if (!this.probe.available)
      this.d.logger.warn('keychain unavailable', { reason: this.probe.reason });
    const row = this.d.repo.get();
    if (row) this.secret = await this.readSecret(row);
    await this.applyGateway();
  }

  keychainStatus(): { available: boolean; reason?: string } {
    return this.probe.available
      ? { available: true }
      : { available: false, reason: this.probe.reason };
  }

  mode(): 'practice' | 'account' {
    const row = this.d.repo.get();
    return row?.mode === 'account' && this.secret !== null ? 'account' : 'practice';
  }

  status(): AccountStatus {
    const row = this.d.repo.get();
    const profile: PublicProfile | null = row
      ? {
          sdkAppId: row.sdkAppId,
          region: row.region,
          defaultSign: row.defaultSign,
          international: row.international,
          accountType: row.accountType,
          variableMaxLength: row.variableMaxLength,
          frequencyRules: row.frequencyRules,
          verified: row.verified,
          verifiedAt: row.verifiedAt,
        }
      : null;
    return {
      mode: this.mode(),
      stored: row && this.secret !== null ? row.secretStorage : 'none',
      secretIdMasked: row ? maskSecretId(row.secretId) : null,
      profile,
      keychain: this.keychainStatus(),
      verified: row?.verified ?? false,
      needsSecret: row !== null && this.secret === null,
    };
  }

  /** The profile in effect. In practice mode: the practice emulator's enterprise account. */
  getProfile(): AccountProfile {
    const row = this.d.repo.get();
    if (row && this.mode() === 'account') {
      return {
        mode: 'account',
        secretId: row.secretId,
        sdkAppId: row.sdkAppId,
        region: row.region,
        defaultSign: row.defaultSign,
        international: row.international,
        accountType: row.accountType,
        variableMaxLength: row.variableMaxLength,
        frequencyRules: { ...row.frequencyRules },
        verified: row.verified,
        verifiedAt: row.verifiedAt,
      };
    }
    return {
      mode: 'practice',
      secretId: null,
      sdkAppId: this.d.gateways.currentSdkAppId() ?? PRACTICE_SDK_APP_ID,
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

  testConnection(input: ConnectionArgs): Promise<ConnectionTest> {
    const secretKey = this.resolveSecret(input);
    return this.runTest({ ...input, secretKey });
  }

  save(input: SaveArgs): Promise<{ saved: boolean; test: ConnectionTest; status: AccountStatus }> {
    return this.serial(async () => {
      const secretKey = this.resolveSecret(input);
      if (!input.sessionOnly && !this.probe.available)
        throw new AppError('keychain_unavailable', 'account.errors.keychainUnavailable', {
          reason: this.probe.reason,
        });
      const test = await this.runTest({ ...input, secretKey });
      const offline = test.problem === 'networkDown';
      if (!test.ok && !(input.saveUnverified && offline))
        return { saved: false, test, status: this.status() };

      const before = this.d.repo.get();
      const storage = input.sessionOnly ? 'session' : 'keychain';
      if (storage === 'keychain') {
        try {
          await this.d.keychain.set(input.secretId, secretKey);
        } catch (e) {
          throw new AppError('keychain_write_failed', 'account.errors.keychainWriteFailed', {
            reason: classifyKeychainError(e),
          });
        }
      } else {
        await this.d.session.set(input.secretId, secretKey);
      }
      if (before && (before.secretId !== input.secretId || before.secretStorage !== storage))
        await this.forgetSecret(before, false, { secretId: input.secretId, storage });

      let accountType: AccountType = before?.accountType ?? 'enterprise';
      if (test.personalCannotListTemplates) accountType = 'personal';
      const variableMaxLength =
        before && before.accountType === accountType
          ? before.variableMaxLength
          : defaultVariableMax(accountType);
      const now = this.d.clock.now();
      const row: ProfileRow = {
        secretId: input.secretId,
        sdkAppId: input.sdkAppId,
        region: input.region,
        defaultSign: before?.defaultSign ?? null,
        international: before?.international ?? false,
        accountType,
        variableMaxLength,
        frequencyRules: before?.frequencyRules ?? { ...DEFAULT_FREQUENCY_RULES },
        verified: test.ok,
        verifiedAt: test.ok ? now : null,
        secretStorage: storage,
        mode: 'account',
      };
      const modeBefore = this.mode();
      this.d.repo.put(row, now);
      this.secret = secretKey;
      await this.applyGateway();
      this.d.logger.info('account saved', {
        storage,
        verified: row.verified,
        secretId: maskSecretId(row.secretId),
      });
      const status = this.changed(modeBefore);
      return { saved: true, test, status };
    });
  }

  /** Re-tests the saved account with the key held for it; a pass marks it verified. */
  retest(): Promise<{ test: ConnectionTest; status: AccountStatus }> {
    return this.serial(async () => {
      const row = this.requireRow();
      if (this.secret === null)
        throw new AppError('account_secret_required', 'account.errors.secretRequired');
      const test = await this.runTest({
        secretId: row.secretId,
        secretKey: this.secret,
        sdkAppId: row.sdkAppId,
        region: row.region,
      });
      const modeBefore = this.mode();
      if (test.ok) {
        const now = this.d.clock.now();
        this.d.repo.put({ ...row, verified: true, verifiedAt: now }, now);
      }
      return { test, status: this.changed(modeBefore) };
    });
  }

  updateSettings(patch: SettingsArgs): Promise<AccountStatus> {
    return this.serial(async () => {
      const row = this.requireRow();
      const next: ProfileRow = { ...row };
      if (patch.region !== undefined) next.region = patch.region;
      if (patch.defaultSign !== undefined)
        next.defaultSign = patch.defaultSign === null ? null : cleanSignName(patch.defaultSign);
      if (patch.international !== undefined) next.international = patch.international;
      if (patch.frequencyRules !== undefined) next.frequencyRules = { ...patch.frequencyRules };
      if (patch.accountType !== undefined && patch.accountType !== row.accountType) {
        next.accountType = patch.accountType;
        // Follow the new type's default unless the user had set their own limit.
        if (
          patch.variableMaxLength === undefined &&
          row.variableMaxLength === defaultVariableMax(row.accountType)
        )
          next.variableMaxLength = defaultVariableMax(patch.accountType);
      }
      if (patch.variableMaxLength !== undefined) next.variableMaxLength = patch.variableMaxLength;
      const modeBefore = this.mode();
      this.d.repo.put(next, this.d.clock.now());
      if (next.region !== row.region) await this.applyGateway();
      return this.changed(modeBefore);
    });
  }

  remove(): Promise<AccountStatus> {
    return this.serial(async () => {
      const row = this.d.repo.get();
      const modeBefore = this.mode();
      if (row) {
        await this.forgetSecret(row, true);
        this.d.repo.remove();
      }
      this.secret = null;
      await this.applyGateway();
      this.d.logger.info('account removed');
      return this.changed(modeBefore);
    });
  }

  usePractice(): Promise<AccountStatus> {
    return this.setMode('practice');
  }

  useAccount(): Promise<AccountStatus> {
    return this.setMode('account');
  }

  private setMode(mode: 'practice' | 'account'): Promise<AccountStatus> {
    return this.serial(async () => {
      const row = this.d.repo.get();
      const modeBefore = this.mode();
      if (mode === 'account') {
        if (!row) throw new AppError('account_none', 'account.errors.noAccount');
        if (this.secret === null)
          throw new AppError('account_secret_required', 'account.errors.secretRequired');
      }
      if (row && row.mode !== mode) this.d.repo.put({ ...row, mode }, this.d.clock.now());
      await this.applyGateway();
      return this.changed(modeBefore);
    });
  }

  private changed(modeBefore: 'practice' | 'account'): AccountStatus {
    const status = this.status();
    this.d.emit(status, status.mode !== modeBefore);
    return status;
  }

  private requireRow(): ProfileRow {
    const row = this.d.repo.get();
    if (!row) throw new AppError('account_none', 'account.errors.noAccount');
    return row;
  }

  /** The key given, or the one held for the same SecretId. */
  private resolveSecret(input: { secretId: string; secretKey?: string | undefined }): string {
    if (input.secretKey) return input.secretKey;
    const row = this.d.repo.get();
    if (row && row.secretId === input.secretId && this.secret !== null) return this.secret;
    throw new AppError('account_secret_required', 'account.errors.secretRequired');
  }

  private async runTest(c: TencentCredentials): Promise<ConnectionTest> {
    // Registered before the call: a foreign error text echoing the key is redacted in logs.
    this.d.logger.addSecret(c.secretKey);
    const gateway = this.d.connect(c);
    try {
      const test = await testGateway(gateway, this.d.clock.now());
      this.d.logger.info('connection test', {
        ok: test.ok,
        problem: test.problem,
        code: test.code,
        secretId: maskSecretId(c.secretId),
      });
      return test;
    } finally {
      gateway.close();
    }
  }

  private async readSecret(row: ProfileRow): Promise<string | null> {
    try {
      const store = row.secretStorage === 'keychain' ? this.d.keychain : this.d.session;
      if (store === this.d.keychain && !this.probe.available) return null;
      const secret = await store.get(row.secretId);
      if (secret) this.d.logger.addSecret(secret);
      return secret;
    } catch (e) {
      this.d.logger.warn('cannot read the account key', { reason: classifyKeychainError(e) });
      return null;
    }
  }

  /** Deletes the stored key of `row`; `strict`: a keychain failure is reported to the user. */
  /**
   * Deletes the stored key of `row`, except where `keep` (the key just saved) now lives.
   * `strict`: a keychain failure is reported to the user.
   */
  private async forgetSecret(
    row: ProfileRow,
    strict: boolean,
    keep?: { secretId: string; storage: 'keychain' | 'session' },
  ): Promise<void> {
    const kept = (storage: 'keychain' | 'session') =>
      keep?.storage === storage && keep.secretId === row.secretId;
    if (!kept('session')) await this.d.session.delete(row.secretId);
    if (row.secretStorage !== 'keychain' || !this.probe.available || kept('keychain')) return;
    try {
      await this.d.keychain.delete(row.secretId);
    } catch (e) {
      const reason = classifyKeychainError(e);
      this.d.logger.warn('cannot delete the keychain entry', { reason });
      if (strict)
        throw new AppError('keychain_delete_failed', 'account.errors.keychainDeleteFailed', {
          reason,
        });
    }
  }

  private async applyGateway(): Promise<void> {
    const row = this.d.repo.get();
    if (row && row.mode === 'account' && this.secret !== null) {
      await this.d.gateways.useTencent({
        secretId: row.secretId,
        secretKey: this.secret,
        sdkAppId: row.sdkAppId,
        region: row.region,
      });
    } else {
      await this.d.gateways.usePractice();
    }
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
