import type { Clock } from '../kernel/clock';
import type { EventBus } from '../kernel/events';
import type { Handlers } from '../kernel/handlers';
import type { Logger } from '../kernel/log';
import type { Db } from '../store/db';
import type { SettingsRepo } from '../store/settings';
import type { ExportWriter, FileGrants } from '../files';
import type { GatewayProvider } from '../gateway/provider';
import type { WorkerRunner } from '../kernel/worker-run';
import { createOptOutHandlers, OptOutService, type OptOutCallNames } from '../optout';
import { createInboundHandlers, type InboundCallNames } from './handlers';
import { InboundService, type InboundTiming } from './service';
import { RECEIPT_HORIZON_MS } from './receipt-sql';

export interface InboundOptions {
  /** false: no timer; tests run `service.cycle()` themselves. Default true. */
  autoStart?: boolean;
  timing?: Partial<InboundTiming>;
  beforeCommit?: (what: 'receipts' | 'replies') => void;
  sleep?: (ms: number) => Promise<void>;
}

export interface InboundRoom {
  service: InboundService;
  optout: OptOutService;
  handlers(
    grants: FileGrants,
    exports: ExportWriter,
  ): Pick<Handlers, InboundCallNames | OptOutCallNames>;
  start(): void;
  close(): Promise<unknown>;
}

/** Builds the inbound and optout rooms and starts pulling when a send calls for it. */
export function createInboundRoom(d: {
  db: Db;
  clock: Clock;
  logger: Logger;
  events: EventBus;
  settings: SettingsRepo;
  gateways: GatewayProvider;
  reads: { foldJournal(): void; foldInTurns?(): Promise<void> };
  options?: InboundOptions | undefined;
  workers?: WorkerRunner;
}): InboundRoom {
  const currentSdkAppId = async () => (await d.gateways.current()).sdkAppId;
  const optout = new OptOutService({
    db: d.db,
    clock: d.clock,
    settings: d.settings,
    currentSdkAppId,
    ...(d.workers ? { workers: d.workers } : {}),
  });
  const o = d.options ?? {};
  const service = new InboundService({
    db: d.db,
    clock: d.clock,
    logger: d.logger,
    events: d.events,
    gateway: () => d.gateways.currentInbound(),
    optout,
    reads: d.reads,
    ...(d.workers ? { workers: d.workers } : {}),
    ...(o.timing ? { timing: o.timing } : {}),
    ...(o.beforeCommit ? { beforeCommit: o.beforeCommit } : {}),
    ...(o.sleep ? { sleep: o.sleep } : {}),
  });
  let off: (() => void) | null = null;
  return {
    service,
    optout,
    handlers: (grants, exports) => ({
      ...createInboundHandlers(service, { exports, currentSdkAppId }),
      ...createOptOutHandlers(optout, { grants, exports, currentSdkAppId }),
    }),
    start() {
      if (o.autoStart === false) return;
      // Sends call for pulls; at start-up only when something was sent within Tencent's horizon.
      off = d.events.on((name) => {
        if (name === 'job.progress' || name === 'job.finished') service.poke();
      });
      const recent = d.db
        .prepare('SELECT 1 FROM jobs WHERE started_at >= ? LIMIT 1')
        .get(d.clock.now() - RECEIPT_HORIZON_MS);
      if (recent) service.start();
    },
    close() {
      off?.();
      return service.close();
    },
  };
}
