import { join } from 'node:path';
import type { CallName, EventName } from '../../shared/api';
import type { Result } from '../../shared/errors';
import { systemClock, type Clock } from './clock';
import { dispatch } from './dispatch';
import { EventBus, type AnyEventListener } from './events';
import type { Handlers } from './handlers';
import { createFileLogger, type Logger } from './log';
import { openDatabase, type Db } from './store/db';
import { SettingsRepo } from './store/settings';
import { createAppHandlers } from './app-info';
import { TemplatesService, createTemplatesHandlers } from './templates';
import { currentGatewayOf } from './templates/gateway-of';

export interface CoreDeps {
  /** Where the database, logs and temporary files live. */
  dataDir: string;
  version?: string;
  clock?: Clock;
  logger?: Logger;
  /** Environment (for SMS_DESK_* overrides); defaults to process.env. */
  env?: Record<string, string | undefined>;
  /** Packaged builds ignore test-only environment overrides. */
  packaged?: boolean;
}

/** Everything services share. Built once by the composition root. */
export interface CoreContext {
  dataDir: string;
  version: string;
  clock: Clock;
  logger: Logger;
  db: Db;
  settings: SettingsRepo;
  events: EventBus;
  env: Record<string, string | undefined>;
  packaged: boolean;
}

export interface Core {
  readonly context: CoreContext;
  readonly handlers: Handlers;
  call(name: CallName | string, input: unknown): Promise<Result<unknown>>;
  onEvent(listener: AnyEventListener): () => void;
  close(): Promise<void>;
}

export type { EventName };

/** The composition root: wires ports into services and services into the contract's handlers. */
export async function createCore(deps: CoreDeps): Promise<Core> {
  const logger = deps.logger ?? createFileLogger(deps.dataDir);
  const db = openDatabase(join(deps.dataDir, 'sms-desk.db'));
  const ctx: CoreContext = {
    dataDir: deps.dataDir,
    version: deps.version ?? '0.0.0',
    clock: deps.clock ?? systemClock,
    logger,
    db,
    settings: new SettingsRepo(db),
    events: new EventBus(),
    env: deps.env ?? process.env,
    packaged: deps.packaged ?? false,
  };

  const templates = new TemplatesService({
    db,
    clock: ctx.clock,
    settings: ctx.settings,
    logger,
    gateway: () => currentGatewayOf(ctx),
  });

  const handlers: Handlers = {
    ...createAppHandlers(ctx),
    ...createTemplatesHandlers(templates),
  };

  let closed = false;
  return {
    context: ctx,
    handlers,
    call: (name, input) => dispatch(handlers, name, input, logger),
    onEvent: (listener) => ctx.events.on(listener),
    async close() {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}
