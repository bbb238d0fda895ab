import { AppError } from '../../../shared/errors';
import {
  classifyKeychainError,
  type KeychainProbe,
  type ProbedSecretStore,
  type SecretStore,
} from '../keychain';
import type { Logger } from '../kernel/log';
import type { ProfileRow } from './repo';

type Storage = 'keychain' | 'session';

/**
 * Where an account's secret (SecretKey or App Key) lives: the OS keychain, or main's memory in
 * session-only mode. Keychain failures become secret-free reasons the UI can explain.
 */
export class AccountSecrets {
  probe: KeychainProbe = { available: false, reason: 'unknown' };

  constructor(
    private readonly keychain: ProbedSecretStore,
    private readonly session: SecretStore,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    this.probe = await this.keychain.probe();
    if (!this.probe.available)
      this.logger.warn('keychain unavailable', { reason: this.probe.reason });
  }

  keychainStatus(): { available: boolean; reason?: string } {
    return this.probe.available
      ? { available: true }
      : { available: false, reason: this.probe.reason };
  }

  /** Refuses a keychain save when there is no keychain (fail closed; never to a file). */
  requireKeychain(sessionOnly: boolean): void {
    if (!sessionOnly && !this.probe.available)
      throw new AppError('keychain_unavailable', 'account.errors.keychainUnavailable', {
        reason: this.probe.reason,
      });
  }

  async read(row: ProfileRow): Promise<string | null> {
    try {
      const store = row.secretStorage === 'keychain' ? this.keychain : this.session;
      if (store === this.keychain && !this.probe.available) return null;
      const secret = await store.get(row.secretId);
      if (secret) this.logger.addSecret(secret);
      return secret;
    } catch (e) {
      this.logger.warn('cannot read the account key', { reason: classifyKeychainError(e) });
      return null;
    }
  }

  async store(entry: string, secret: string, storage: Storage): Promise<void> {
    if (storage === 'session') {
      await this.session.set(entry, secret);
      return;
    }
    try {
      await this.keychain.set(entry, secret);
    } catch (e) {
      throw new AppError('keychain_write_failed', 'account.errors.keychainWriteFailed', {
        reason: classifyKeychainError(e),
      });
    }
  }

  /**
   * Deletes the stored secret of `row`, except where `keep` (the secret just saved) now lives.
   * `strict`: a keychain failure is reported to the user.
   */
  async forget(
    row: ProfileRow,
    strict: boolean,
    keep?: { entry: string; storage: Storage },
  ): Promise<void> {
    const kept = (storage: Storage) => keep?.storage === storage && keep.entry === row.secretId;
    if (!kept('session')) await this.session.delete(row.secretId);
    if (row.secretStorage !== 'keychain' || !this.probe.available || kept('keychain')) return;
    try {
      await this.keychain.delete(row.secretId);
    } catch (e) {
      const reason = classifyKeychainError(e);
      this.logger.warn('cannot delete the keychain entry', { reason });
      if (strict)
        throw new AppError('keychain_delete_failed', 'account.errors.keychainDeleteFailed', {
          reason,
        });
    }
  }
}
