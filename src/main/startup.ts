import { isAppError } from '../shared/errors';

/** What the user chose for a database that cannot be used. */
export type DamagedChoice = 'restore' | 'fresh' | 'quit';

export interface StartupDeps<C> {
  open(): Promise<C>;
  hasBackup(): boolean;
  /** Asks: open the latest backup (when there is one), start fresh, or quit. */
  askDamaged(problem: string, hasBackup: boolean): DamagedChoice;
  restoreLatestBackup(): boolean;
  setAsideDatabase(): void;
  /** Shows why the app cannot start (another instance, or anything else) before quitting. */
  showFatal(reason: 'inUse' | 'failed'): void;
}

/**
 * Opens the core, and when its database is damaged or read-only lets the user choose the way
 * forward instead of stopping with a generic message. The damaged file is only ever moved aside.
 * Answers the core, or null when the app should quit.
 */
export async function openCoreWithRecovery<C>(deps: StartupDeps<C>): Promise<C | null> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await deps.open();
    } catch (e) {
      if (isAppError(e) && e.code === 'data_folder_in_use') {
        deps.showFatal('inUse');
        return null;
      }
      if (!isAppError(e) || e.code !== 'database_damaged') {
        deps.showFatal('failed');
        return null;
      }
      const problem = String(e.details?.problem ?? 'corrupt');
      const choice = deps.askDamaged(problem, deps.hasBackup());
      try {
        if (choice === 'quit') return null;
        if (choice === 'restore' && !deps.restoreLatestBackup()) deps.setAsideDatabase();
        if (choice === 'fresh') deps.setAsideDatabase();
      } catch {
        deps.showFatal('failed');
        return null;
      }
    }
  }
  deps.showFatal('failed');
  return null;
}
