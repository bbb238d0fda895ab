import { cleanSignName } from '../../../shared/signs';
import {
  type connectionInputSchema,
  type AccountStatus,
  type ConnectionTest,
} from '../../../shared/api/account';
import type { z } from 'zod';
import type { settingsInputSchema, saveInputSchema } from '../../../shared/api/account';
import { DEFAULT_FREQUENCY_RULES, type AccountType } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import type { Clock } from '../kernel/clock';
import type { Logger } from '../kernel/log';
import type { ProbedSecretStore, SecretStore } from '../keychain';
import { testGateway, testLegacyGateway } from './connection';
import { credentialsOf, keyEntryOf, maskedEntry, secretOf } from './kinds';
import type { AccountRepo, ProfileRow } from './repo';
import { AccountSecrets } from './secrets';
import {
  PERSONAL_VARIABLE_MAX_LENGTH,
  type AccountCredentials,
  type AccountProfile,
  type GatewayFactory,
  type GatewaySwitch,
} from './types';
import { accountProfileOf, practiceProfileOf, statusOf } from './views';

export { maskSecretId } from './kinds';
export { PRACTICE_SDK_APP_ID, PRACTICE_VARIABLE_MAX_LENGTH } from './views';

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

const defaultVariableMax = (t: AccountType): number | null =>
  t === 'personal' ? PERSONAL_VARIABLE_MAX_LENGTH : null;

/**
 * The account room: the profile (SQLite), its secret (the SecretKey, or the App Key of a legacy
 * account; keychain or session memory), the connection test, and which gateway (practice,
 * Tencent API 3.0 or the legacy API) is in use. The secret is kept in this object's memory and
 * handed only to the gateway; nothing it returns contains it.
 */
export class AccountService {
  private readonly secrets: AccountSecrets;
  private secret: string | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly d: AccountServiceDeps) {
    this.secrets = new AccountSecrets(d.keychain, d.session, d.logger);
  }

  /** Probes the keychain, loads the profile and its key, and picks the gateway. */
  async start(): Promise<void> {
    await this.secrets.start();
    const row = this.d.repo.get();
    if (row) this.secret = await this.secrets.read(row);
    await this.applyGateway();
  }

  keychainStatus(): { available: boolean; reason?: string } {
    return this.secrets.keychainStatus();
  }

  mode(): 'practice' | 'account' {
    const row = this.d.repo.get();
    return row?.mode === 'account' && this.secret !== null ? 'account' : 'practice';
  }

  status(): AccountStatus {
    const row = this.d.repo.get();
    return statusOf(row, this.secret !== null, this.mode(), this.keychainStatus());
  }

  /** The profile in effect. In practice mode: the practice emulator's enterprise account. */
  getProfile(): AccountProfile {
    const row = this.d.repo.get();
    if (row && this.mode() === 'account') return accountProfileOf(row);
    return practiceProfileOf(this.d.gateways.currentSdkAppId());
  }

  testConnection(input: ConnectionArgs): Promise<ConnectionTest> {
    return this.runTest(this.resolve(input));
  }

  save(input: SaveArgs): Promise<{ saved: boolean; test: ConnectionTest; status: AccountStatus }> {
    return this.serial(async () => {
      const creds = this.resolve(input);
      this.secrets.requireKeychain(input.sessionOnly);
      const test = await this.runTest(creds);
      const offline = test.problem === 'networkDown';
      if (!test.ok && !(input.saveUnverified && offline))
        return { saved: false, test, status: this.status() };

      const before = this.d.repo.get();
      const storage = input.sessionOnly ? 'session' : 'keychain';
      const entry = keyEntryOf(creds.kind, creds);
      const secret = secretOf(creds);
      await this.secrets.store(entry, secret, storage);
      if (before && (before.secretId !== entry || before.secretStorage !== storage))
        await this.secrets.forget(before, false, { entry, storage });

      let accountType: AccountType = before?.accountType ?? 'enterprise';
      if (test.personalCannotListTemplates) accountType = 'personal';
      const variableMaxLength =
        before && before.accountType === accountType
          ? before.variableMaxLength
          : defaultVariableMax(accountType);
      const now = this.d.clock.now();
      const row: ProfileRow = {
        kind: creds.kind,
        secretId: entry,
        sdkAppId: creds.sdkAppId,
        region: creds.region,
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
      this.secret = secret;
      await this.applyGateway();
      this.d.logger.info('account saved', {
        kind: row.kind,
        storage,
        verified: row.verified,
        secretId: maskedEntry(row.kind, row.secretId),
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
      const test = await this.runTest(credentialsOf(row, this.secret));
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
        await this.secrets.forget(row, true);
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

  /** The credentials of the input: its key, or the one held for the same keychain entry. */
  private resolve(input: ConnectionArgs): AccountCredentials {
    const given = input.kind === 'appKey' ? input.appKey : input.secretKey;
    const row = this.d.repo.get();
    const entry = keyEntryOf(input.kind, input);
    const held = row && row.kind === input.kind && row.secretId === entry ? this.secret : null;
    const secret = given || held;
    if (!secret) throw new AppError('account_secret_required', 'account.errors.secretRequired');
    return credentialsOf(
      { kind: input.kind, secretId: entry, sdkAppId: input.sdkAppId, region: input.region },
      secret,
    );
  }

  private async runTest(c: AccountCredentials): Promise<ConnectionTest> {
    // Registered before the call: a foreign error text echoing the key is redacted in logs.
    this.d.logger.addSecret(secretOf(c));
    const gateway = this.d.connect(c);
    try {
      const now = this.d.clock.now();
      const test =
        c.kind === 'appKey'
          ? await testLegacyGateway(gateway, now)
          : await testGateway(gateway, now);
      this.d.logger.info('connection test', {
        kind: c.kind,
        ok: test.ok,
        problem: test.problem,
        code: test.code,
        secretId: c.kind === 'apiKey' ? maskedEntry(c.kind, c.secretId) : null,
      });
      return test;
    } finally {
      gateway.close();
    }
  }

  private async applyGateway(): Promise<void> {
    const row = this.d.repo.get();
    if (row && row.mode === 'account' && this.secret !== null) {
      const c = credentialsOf(row, this.secret);
      const { sdkAppId, region } = c;
      if (c.kind === 'appKey')
        await this.d.gateways.useLegacy({ appKey: c.appKey, sdkAppId, region });
      else
        await this.d.gateways.useTencent({
          secretId: c.secretId,
          secretKey: c.secretKey,
          sdkAppId,
          region,
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
