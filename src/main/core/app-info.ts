import type { CoreContext } from './index';
import type { HandlerGroup } from './handlers';

export function createAppHandlers(ctx: CoreContext): HandlerGroup<'app.info'> {
  return {
    'app.info': () => ({
      version: ctx.version,
      dataDir: ctx.dataDir,
      platform: process.platform,
      mode: ctx.account.mode(),
      keychain: ctx.account.keychainStatus(),
    }),
  };
}
