/**
 * The secret-store port. The SecretKey lives only here (the OS keychain, or main's memory in
 * session-only mode) and in the gateway's memory; never in SQLite, a log or any other file.
 * Keeping every backend behind this one interface means swapping keytar (archived) for another
 * keychain library touches a single file.
 */
export interface SecretStore {
  /** 'keychain': survives restarts. 'session': forgotten when the app quits. */
  readonly kind: 'keychain' | 'session';
  get(accountId: string): Promise<string | null>;
  set(accountId: string, secret: string): Promise<void>;
  /** true when an entry existed. */
  delete(accountId: string): Promise<boolean>;
}

/**
 * Why a keychain is not usable, without the foreign error text (which may name paths or
 * bus addresses): the UI maps it to concrete fixes.
 */
export type KeychainReason =
  'no-session-bus' | 'no-provider' | 'locked' | 'module-missing' | 'timeout' | 'unknown';

export type KeychainProbe = { available: true } | { available: false; reason: KeychainReason };

/** A keychain-backed store plus the start-up check of whether it works on this machine. */
export interface ProbedSecretStore extends SecretStore {
  probe(): Promise<KeychainProbe>;
}
