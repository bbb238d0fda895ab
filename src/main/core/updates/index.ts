import type { Clock } from '../kernel/clock';
import type { Logger } from '../kernel/log';
import type { Db } from '../store/db';
import type { SettingsRepo } from '../store/settings';
import { readUpdateBlockers, type UpdateBlockers } from './blockers';
import { createUpdatesHandlers, updatesEnabled } from './settings';

export type { UpdateBlockers };

/** All the Electron updater gets from the core: facts to decide on, and a log line. */
export interface UpdatesPort {
  /** The 设置 switch. */
  enabled(): boolean;
  blockers(): UpdateBlockers;
  now(): number;
  /** Secret-free diagnostics into the app's log. */
  log(message: string, fields?: Record<string, unknown>): void;
}

export function createUpdatesRoom(deps: {
  db: Db;
  clock: Clock;
  logger: Logger;
  settings: SettingsRepo;
}): { port: UpdatesPort; handlers: ReturnType<typeof createUpdatesHandlers> } {
  return {
    port: {
      enabled: () => updatesEnabled(deps.settings),
      blockers: () => readUpdateBlockers(deps.db),
      now: () => deps.clock.now(),
      log: (message, fields) => deps.logger.info(message, fields),
    },
    handlers: createUpdatesHandlers(deps.settings),
  };
}
