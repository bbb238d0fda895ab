/**
 * The updater's shell: electron-updater's events and a timer go into the pure policy
 * (updater-policy.ts); its effects come out as updater calls, a native question and a
 * notification. Everything electron-specific is handed in, so tests drive it with fakes.
 */
import type { OutgoingHttpHeaders } from 'node:http';
import type { UpdateBlockers } from './core/updates/blockers';
import {
  FIRST_CHECK_AFTER_MS,
  TICK_MS,
  initialUpdaterState,
  step,
  type UpdaterEffect,
  type UpdaterInput,
  type WaitReason,
} from './updater-policy';

/** The part of electron-updater's AppUpdater this shell uses. */
export interface UpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  allowPrerelease: boolean;
  allowDowngrade: boolean;
  requestHeaders: OutgoingHttpHeaders | null;
  on(event: 'update-available', listener: (info: { version: string }) => void): unknown;
  on(event: 'update-not-available', listener: () => void): unknown;
  on(event: 'update-downloaded', listener: (info: { version: string }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  checkForUpdates(): Promise<unknown>;
  downloadUpdate(): Promise<unknown>;
  quitAndInstall(): void;
}

export interface UpdatesDeps {
  updater: UpdaterLike;
  /** The 设置 switch, read at every decision. */
  enabled: () => boolean;
  blockers: () => UpdateBlockers;
  now: () => number;
  /** Shows "新版本已下载" and resolves true when the user chooses to restart now. */
  askRestart: (version: string) => Promise<boolean>;
  /** Tells the user, without blocking, why the downloaded update waits. */
  explainWait: (reason: WaitReason, version: string) => void;
  /** Secret-free diagnostics. */
  log: (message: string) => void;
}

export interface Updates {
  /** Re-evaluates now (the timer calls it every few minutes). */
  tick(): void;
  stop(): void;
}

/**
 * electron-updater sends a random per-install id with each check for staged rollouts; a
 * constant takes its place so a check carries nothing but what the feed URL and the user agent
 * already say (version and platform). Rollout decisions are still made locally.
 */
export const ANONYMOUS_HEADERS = { 'x-user-staging-id': 'anonymous' } as const;

export function startUpdates(deps: UpdatesDeps): Updates {
  const { updater } = deps;
  // Downloads and installs happen only when the policy says so.
  updater.autoDownload = false;
  updater.autoInstallOnAppQuit = false;
  updater.allowPrerelease = false;
  updater.allowDowngrade = false;
  updater.requestHeaders = { ...ANONYMOUS_HEADERS };

  let state = initialUpdaterState;
  let stopped = false;

  const feed = (input: UpdaterInput): void => {
    if (stopped) return;
    const next = step(state, input, {
      enabled: deps.enabled(),
      now: deps.now(),
      blockers: deps.blockers,
    });
    state = next.state;
    for (const effect of next.effects) run(effect);
  };

  const failed = (what: string) => (e: unknown) => {
    deps.log(`update ${what} failed: ${e instanceof Error ? e.name : 'error'}`);
    feed({ type: 'error' });
  };

  function run(effect: UpdaterEffect): void {
    switch (effect.kind) {
      case 'check':
        updater.checkForUpdates().catch(failed('check'));
        return;
      case 'download':
        updater.downloadUpdate().catch(failed('download'));
        return;
      case 'installOnQuit':
        updater.autoInstallOnAppQuit = effect.allowed;
        return;
      case 'offerRestart':
        deps.askRestart(effect.version).then(
          (restart) => feed({ type: 'answer', restart }),
          () => feed({ type: 'answer', restart: false }),
        );
        return;
      case 'explainWait':
        deps.explainWait(effect.reason, effect.version);
        return;
      case 'install':
        deps.log('installing update');
        updater.quitAndInstall();
        return;
    }
  }

  updater.on('update-available', (info) => feed({ type: 'available', version: info.version }));
  updater.on('update-not-available', () => feed({ type: 'not-available' }));
  updater.on('update-downloaded', (info) => feed({ type: 'downloaded', version: info.version }));
  // Also reported through the rejected promise; the policy ignores a second error.
  updater.on('error', () => feed({ type: 'error' }));

  const first = setTimeout(() => feed({ type: 'tick' }), FIRST_CHECK_AFTER_MS);
  const every = setInterval(() => feed({ type: 'tick' }), TICK_MS);

  return {
    tick: () => feed({ type: 'tick' }),
    stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(every);
    },
  };
}
