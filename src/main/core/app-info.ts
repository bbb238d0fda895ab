import type { CoreContext } from './index';
import type { HandlerGroup } from './handlers';
import { endpointOverride, readDevOverrides } from './dev-overrides';

export function createAppHandlers(ctx: CoreContext): HandlerGroup<'app.info'> {
  return {
    'app.info': () => ({
      version: ctx.version,
      dataDir: ctx.dataDir,
      platform: process.platform,
      mode: ctx.account.mode(),
      keychain: ctx.account.keychainStatus(),
      endpointOverride: endpointOverride(readDevOverrides(ctx.env, ctx.packaged)),
    }),
  };
}
