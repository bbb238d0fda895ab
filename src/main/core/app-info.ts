import type { AccountService } from './account';
import type { HandlerGroup } from './handlers';

export interface AppInfoDeps {
  version: string;
  dataDir: string;
  account: Pick<AccountService, 'mode' | 'keychainStatus'>;
}

export function createAppHandlers(d: AppInfoDeps): HandlerGroup<'app.info'> {
  return {
    'app.info': () => ({
      version: d.version,
      dataDir: d.dataDir,
      platform: process.platform,
      mode: d.account.mode(),
      keychain: d.account.keychainStatus(),
    }),
  };
}
