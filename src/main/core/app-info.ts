import type { AccountService } from './account';
import type { HandlerGroup } from './kernel/handlers';
import { endpointOverride, readDevOverrides } from './kernel/dev-overrides';

export interface AppInfoDeps {
  version: string;
  dataDir: string;
  account: Pick<AccountService, 'mode' | 'keychainStatus'>;
  /** For the endpoint-override banner (development variables, ignored when packaged). */
  env: Record<string, string | undefined>;
  packaged: boolean;
}

export function createAppHandlers(d: AppInfoDeps): HandlerGroup<'app.info'> {
  return {
    'app.info': () => ({
      version: d.version,
      dataDir: d.dataDir,
      platform: process.platform,
      mode: d.account.mode(),
      keychain: d.account.keychainStatus(),
      endpointOverride: endpointOverride(readDevOverrides(d.env, d.packaged)),
    }),
  };
}
