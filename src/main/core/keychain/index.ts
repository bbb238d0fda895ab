export type { SecretStore, ProbedSecretStore, KeychainProbe, KeychainReason } from './types';
export { createSessionStore } from './memory';
export { createKeytarStore, classifyKeychainError, KEYCHAIN_SERVICE } from './keytar-store';
