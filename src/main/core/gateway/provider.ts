import { AppError } from '../../../shared/errors';
import { readDevOverrides } from '../kernel/dev-overrides';
import { defaultProfile, startEmulator, type RunningEmulator } from '../emulator';
import type { Logger } from '../kernel/log';
import { DEFAULT_ENDPOINT, TencentGateway } from './tencent-gateway';
import { LegacyGateway } from './legacy-gateway';
import type { SmsGateway } from './types';
import type { InboundGateway } from './inbound-types';

export type GatewayConfig =
  | { kind: 'practice' }
  | {
      kind: 'tencent';
      secretId: string;
      secretKey: string;
      sdkAppId: string;
      region: string;
      endpoint?: string;
    }
  | { kind: 'legacy'; appKey: string; sdkAppId: string; endpoint?: string };

export type GatewayMode = GatewayConfig['kind'];

export interface GatewayProviderDeps {
  env: Record<string, string | undefined>;
  /** Packaged builds ignore the SMS_DESK_* test overrides. */
  packaged: boolean;
  logger?: Logger;
  /** Business clock of the in-process practice emulator (frequency windows, receipts). */
  now?: () => number;
  /** Per-request timeout of the gateways it builds. */
  timeoutMs?: number;
  /** Test seam; defaults to the real emulator. */
  startEmulator?: typeof startEmulator;
}

/** Sends in flight get this long to finish when the app shuts down. */
const CLOSE_GRACE_MS = 2_000;

/**
 * Hands core the gateway for the current mode. Practice mode is the real gateway pointed at the
 * emulator (in-process on loopback, started on first use, or the external one named by
 * SMS_DESK_PRACTICE_EMULATOR), so practice runs exactly the code path of a real send.
 * Reconfiguring never cuts a send in flight: the old gateway drains before its sockets close.
 */
export class GatewayProvider {
  private config: GatewayConfig = { kind: 'practice' };
  private gateway: Promise<TencentGateway | LegacyGateway> | null = null;
  private emulator: Promise<RunningEmulator> | null = null;
  private emulatorReady: RunningEmulator | undefined;
  private readonly retiring = new Set<Promise<void>>();
  private closed = false;
  /** Resolves when shutdown stops waiting for sends in flight. */
  private readonly deadline: Promise<void>;
  private fireDeadline: () => void = () => {};

  constructor(private readonly deps: GatewayProviderDeps) {
    this.deadline = new Promise((resolve) => {
      this.fireDeadline = resolve;
    });
  }

  mode(): GatewayMode {
    return this.config.kind;
  }

  /** Switches mode or account. Calls already holding the old gateway finish on it. */
  configure(cfg: GatewayConfig): void {
    if (this.closed) return;
    if (cfg.kind === 'practice' && this.config.kind === 'practice') return;
    const old = this.gateway;
    this.gateway = null;
    this.config = cfg.kind === 'practice' ? { kind: 'practice' } : { ...cfg };
    const emulator = cfg.kind !== 'practice' ? this.emulator : null;
    if (emulator) {
      // Leaving practice: the in-process emulator goes once practice sends have drained.
      this.emulator = null;
      this.emulatorReady = undefined;
    }
    this.retire(old, emulator);
  }

  current(): Promise<SmsGateway> {
    return this.currentGateway();
  }

  /** The same gateway seen through the inbound port: receipts and replies. */
  currentInbound(): Promise<InboundGateway> {
    return this.currentGateway();
  }

  private currentGateway(): Promise<TencentGateway | LegacyGateway> {
    if (this.closed) {
      return Promise.reject(new AppError('gateway_closed', 'gateway.errors.closed'));
    }
    if (!this.gateway) {
      const building = this.build(this.config).catch((err: unknown) => {
        this.deps.logger?.error('gateway unavailable', {
          mode: this.config.kind,
          error: err instanceof Error ? err.message : String(err),
        });
        throw new AppError('gateway_unavailable', 'gateway.errors.unavailable', {
          mode: this.config.kind,
        });
      });
      this.gateway = building;
      // A failed start (port, profile) must not stick: the next call tries again.
      building.catch(() => {
        if (this.gateway === building) this.gateway = null;
      });
    }
    return this.gateway;
  }

  /** The in-process practice emulator, once it runs (tests and demos drive it). */
  practiceEmulator(): RunningEmulator | undefined {
    return this.emulatorReady;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const emulator = this.emulator;
    this.emulator = null;
    this.emulatorReady = undefined;
    this.retire(this.gateway, emulator);
    this.gateway = null;
    // Gateways retired earlier may still wait on a slow send: all get the same grace period.
    const timer = setTimeout(() => this.fireDeadline(), CLOSE_GRACE_MS);
    timer.unref();
    await Promise.all([...this.retiring]);
    clearTimeout(timer);
  }

  private async build(cfg: GatewayConfig): Promise<TencentGateway | LegacyGateway> {
    const common = {
      ...(this.deps.timeoutMs !== undefined ? { timeoutMs: this.deps.timeoutMs } : {}),
      ...(this.deps.logger ? { logger: this.deps.logger } : {}),
    };
    if (cfg.kind === 'legacy') {
      // The legacy App Key API; SMS_DESK_TENCENT_LEGACY_ENDPOINT points it at an emulator.
      const endpoint = this.override('tencentLegacyEndpoint') ?? cfg.endpoint;
      return new LegacyGateway({
        appKey: cfg.appKey,
        sdkAppId: cfg.sdkAppId,
        ...(endpoint ? { endpoint } : {}),
        ...common,
      });
    }
    if (cfg.kind === 'tencent') {
      const endpoint = this.override('tencentEndpoint') ?? cfg.endpoint ?? DEFAULT_ENDPOINT;
      return new TencentGateway({
        secretId: cfg.secretId,
        secretKey: cfg.secretKey,
        sdkAppId: cfg.sdkAppId,
        region: cfg.region,
        endpoint,
        ...common,
      });
    }
    const external = this.override('practiceEmulator');
    if (external) {
      const account = defaultProfile.accounts[0]!;
      return new TencentGateway({
        secretId: account.secretId,
        secretKey: account.secretKey,
        sdkAppId: account.sdkAppId,
        region: account.region,
        endpoint: external.replace(/\/+$/, ''),
        ...common,
      });
    }
    const emu = await this.ensureEmulator();
    return new TencentGateway({ ...emu.account, endpoint: emu.endpoint, ...common });
  }

  private ensureEmulator(): Promise<RunningEmulator> {
    if (!this.emulator) {
      const start = this.deps.startEmulator ?? startEmulator;
      const now = this.deps.now;
      const starting = start({ profile: defaultProfile, ...(now ? { now } : {}) });
      this.emulator = starting;
      starting.then(
        (emu) => {
          if (this.emulator === starting) this.emulatorReady = emu;
        },
        (err: unknown) => {
          if (this.emulator === starting) this.emulator = null;
          this.deps.logger?.error('practice emulator failed to start', {
            error: err instanceof Error ? err.message : String(err),
          });
        },
      );
    }
    return this.emulator;
  }

  private override(
    name: 'tencentEndpoint' | 'tencentLegacyEndpoint' | 'practiceEmulator',
  ): string | undefined {
    return readDevOverrides(this.deps.env, this.deps.packaged)[name];
  }

  /**
   * Closes a gateway once its calls drain (or when shutdown's grace period ends), then the
   * emulator behind it.
   */
  private retire(
    gateway: Promise<TencentGateway | LegacyGateway> | null,
    emulator: Promise<RunningEmulator> | null,
  ): void {
    if (!gateway && !emulator) return;
    const done = (async () => {
      const g = gateway ? await gateway.catch(() => null) : null;
      if (g) {
        await Promise.race([g.closeGracefully(), this.deadline]);
        g.destroy();
      }
      const emu = emulator ? await emulator.catch(() => null) : null;
      if (emu) await emu.close();
    })().catch((err: unknown) => {
      this.deps.logger?.warn('closing a gateway failed', {
        error: err instanceof Error ? err.message : String(err),
      });
    });
    this.retiring.add(done);
    void done.finally(() => this.retiring.delete(done));
  }
}
