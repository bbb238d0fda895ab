import type { Clock } from '../kernel/clock';
import { readDevOverrides } from '../kernel/dev-overrides';
import type { EventBus } from '../kernel/events';
import { createKeytarStore, createSessionStore, type ProbedSecretStore } from '../keychain';
import type { Logger } from '../kernel/log';
import type { Db } from '../store/db';
import { defaultProfile } from '../emulator';
import type { GatewayProvider } from '../gateway/provider';
import { TencentGateway } from '../gateway/tencent-gateway';
import { LegacyGateway } from '../gateway/legacy-gateway';
import { AccountRepo } from './repo';
import { AccountService } from './service';
import type { GatewayFactory, GatewaySwitch } from './types';

/** What the account room needs from the context, read lazily (the context is built after it). */
export interface AccountCtxView {
  events: EventBus;
  env: Record<string, string | undefined>;
  packaged: boolean;
  gateways: GatewayProvider;
}

/** A connection test should answer while the user waits at the wizard. */
const CONNECTION_TEST_TIMEOUT_MS = 15_000;

/** Test-only: point a real account at an emulator. Packaged builds ignore it. */
export const tencentEndpointOverride = (ctx: AccountCtxView): string | undefined =>
  readDevOverrides(ctx.env, ctx.packaged).tencentEndpoint;

/**
 * Test-only: point a legacy App Key account at an emulator's legacy endpoints (the harness and
 * the E2E tests run the legacy kind this way). Packaged builds ignore it.
 */
export const legacyEndpointOverride = (ctx: AccountCtxView): string | undefined =>
  readDevOverrides(ctx.env, ctx.packaged).tencentLegacyEndpoint;

/** Practice mode always runs the emulator profile's first account (in-process or external). */
const PRACTICE_APP_ID = defaultProfile.accounts[0]!.sdkAppId;

export function gatewaySwitchFor(ctx: () => AccountCtxView): GatewaySwitch {
  let sdkAppId: string | null = PRACTICE_APP_ID;
  return {
    usePractice() {
      ctx().gateways.configure({ kind: 'practice' });
      sdkAppId = PRACTICE_APP_ID;
    },
    useTencent(c) {
      // The provider applies SMS_DESK_TENCENT_ENDPOINT itself (outside packaged builds).
      ctx().gateways.configure({ kind: 'tencent', ...c });
      sdkAppId = c.sdkAppId;
    },
    useLegacy(c) {
      // The provider applies SMS_DESK_TENCENT_LEGACY_ENDPOINT itself (outside packaged builds).
      ctx().gateways.configure({ kind: 'legacy', appKey: c.appKey, sdkAppId: c.sdkAppId });
      sdkAppId = c.sdkAppId;
    },
    currentSdkAppId: () => sdkAppId,
  };
}

export interface AccountRoomDeps {
  db: Db;
  logger: Logger;
  clock: Clock;
  secretStore?: ProbedSecretStore;
  connect?: GatewayFactory;
  ctx: () => AccountCtxView;
}

export function createAccountRoom(d: AccountRoomDeps): AccountService {
  return new AccountService({
    repo: new AccountRepo(d.db),
    keychain: d.secretStore ?? createKeytarStore(),
    session: createSessionStore(),
    gateways: gatewaySwitchFor(d.ctx),
    connect:
      d.connect ??
      ((c) => {
        const common = { timeoutMs: CONNECTION_TEST_TIMEOUT_MS, logger: d.logger };
        if (c.kind === 'appKey') {
          const endpoint = legacyEndpointOverride(d.ctx());
          return new LegacyGateway({
            appKey: c.appKey,
            sdkAppId: c.sdkAppId,
            ...(endpoint ? { endpoint } : {}),
            ...common,
          });
        }
        const endpoint = tencentEndpointOverride(d.ctx());
        return new TencentGateway({
          secretId: c.secretId,
          secretKey: c.secretKey,
          sdkAppId: c.sdkAppId,
          region: c.region,
          ...(endpoint ? { endpoint } : {}),
          ...common,
        });
      }),
    clock: d.clock,
    logger: d.logger,
    emit: (status, modeChanged) => {
      const events = d.ctx().events;
      events.emit('account.changed', status);
      if (modeChanged) events.emit('app.modeChanged', { mode: status.mode });
    },
  });
}
