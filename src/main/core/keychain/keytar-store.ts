import type { KeychainProbe, KeychainReason, ProbedSecretStore } from './types';

/** The keychain entry's service name, visible to users in Seahorse / Keychain Access. */
export const KEYCHAIN_SERVICE = 'SMS Desk';
const PROBE_ACCOUNT = 'sms-desk-probe';
const PROBE_TIMEOUT_MS = 5_000;

type Keytar = {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
};

/** Maps keytar's plain Error messages (no codes) to a reason the UI can explain. */
export function classifyKeychainError(e: unknown): KeychainReason {
  const m = e instanceof Error ? e.message : String(e);
  if (
    /autolaunch|DBUS_SESSION_BUS_ADDRESS|dbus-launch|Could not connect|Failed to connect to socket|session bus/i.test(
      m,
    )
  )
    return 'no-session-bus';
  if (/was not provided by any \.service files|ServiceUnknown|org\.freedesktop\.secrets/i.test(m))
    return 'no-provider';
  if (/does not exist at path|locked|collection/i.test(m)) return 'locked';
  if (/Cannot find module|keytar\.node|dlopen|libsecret/i.test(m)) return 'module-missing';
  return 'unknown';
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('keychain probe timed out')), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

/**
 * The OS keychain via keytar (libsecret / Keychain / Credential Manager). keytar is loaded
 * lazily so a missing native build shows up as "keychain unavailable", not a crash at start.
 */
export function createKeytarStore(
  service = KEYCHAIN_SERVICE,
  load: () => Promise<Keytar> = async () => {
    const mod = (await import('keytar')) as unknown as Keytar & { default?: Keytar };
    return mod.default ?? mod;
  },
): ProbedSecretStore {
  let keytar: Promise<Keytar> | undefined;
  const kt = () => (keytar ??= load());
  return {
    kind: 'keychain',
    get: async (id) => (await kt()).getPassword(service, id),
    set: async (id, secret) => (await kt()).setPassword(service, id, secret),
    delete: async (id) => (await kt()).deletePassword(service, id),
    async probe(): Promise<KeychainProbe> {
      try {
        await withTimeout(
          kt().then((k) => k.getPassword(service, PROBE_ACCOUNT)),
          PROBE_TIMEOUT_MS,
        );
        return { available: true };
      } catch (e) {
        const reason =
          e instanceof Error && e.message === 'keychain probe timed out'
            ? 'timeout'
            : classifyKeychainError(e);
        return { available: false, reason };
      }
    },
  };
}
