import type { SecretStore } from './types';

/** Session-only store: held in main's memory, gone when the process exits. */
export function createSessionStore(): SecretStore {
  const secrets = new Map<string, string>();
  return {
    kind: 'session',
    get: (id) => Promise.resolve(secrets.get(id) ?? null),
    set: (id, secret) => {
      secrets.set(id, secret);
      return Promise.resolve();
    },
    delete: (id) => Promise.resolve(secrets.delete(id)),
  };
}
