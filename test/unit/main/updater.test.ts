/**
 * The updater shell with a fake electron-updater (an EventEmitter with the same methods) and
 * fake timers: what it calls, when, and what it tells the user.
 */
import { EventEmitter } from 'node:events';
import type { OutgoingHttpHeaders } from 'node:http';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ANONYMOUS_HEADERS,
  startUpdates,
  type Updates,
  type UpdaterLike,
} from '../../../src/main/updater';
import {
  CHECK_EVERY_MS,
  FIRST_CHECK_AFTER_MS,
  TICK_MS,
  type UpdateBlockers,
} from '../../../src/main/updater-policy';

class FakeUpdater extends EventEmitter implements UpdaterLike {
  autoDownload = true;
  autoInstallOnAppQuit = true;
  allowPrerelease = true;
  allowDowngrade = true;
  requestHeaders: OutgoingHttpHeaders | null = null;
  checks = 0;
  downloads = 0;
  installs = 0;
  failNextCheck = false;
  async checkForUpdates(): Promise<unknown> {
    this.checks++;
    if (this.failNextCheck) {
      this.failNextCheck = false;
      throw new Error('net::ERR_INTERNET_DISCONNECTED');
    }
    return null;
  }
  async downloadUpdate(): Promise<unknown> {
    this.downloads++;
    return [];
  }
  quitAndInstall(): void {
    this.installs++;
  }
}

const quiet: UpdateBlockers = { sendingJobs: 0, nextHeldAt: null, pausedWithUnknown: 0 };

describe('startUpdates (shell wiring)', () => {
  let updater: FakeUpdater;
  let updates: Updates;
  let enabled: boolean;
  let blockers: UpdateBlockers;
  let answer: boolean;
  const asked: string[] = [];
  const waits: string[] = [];
  const logs: string[] = [];

  beforeEach(() => {
    vi.useFakeTimers({ now: Date.UTC(2026, 11, 3, 2, 0, 0) });
    updater = new FakeUpdater();
    enabled = true;
    blockers = quiet;
    answer = true;
    asked.length = 0;
    waits.length = 0;
    logs.length = 0;
    updates = startUpdates({
      updater,
      enabled: () => enabled,
      blockers: () => blockers,
      now: () => Date.now(),
      askRestart: async (v) => {
        asked.push(v);
        return answer;
      },
      explainWait: (reason, v) => waits.push(`${reason}:${v}`),
      log: (m) => logs.push(m),
    });
  });
  afterEach(() => {
    updates.stop();
    vi.useRealTimers();
  });

  it('takes downloads and installs out of electron-updater’s hands and sends no install id', () => {
    expect(updater.autoDownload).toBe(false);
    expect(updater.autoInstallOnAppQuit).toBe(false);
    expect(updater.allowPrerelease).toBe(false);
    expect(updater.allowDowngrade).toBe(false);
    expect(updater.requestHeaders).toEqual(ANONYMOUS_HEADERS);
  });

  it('checks shortly after start and then every 6 hours, not in between', async () => {
    await vi.advanceTimersByTimeAsync(FIRST_CHECK_AFTER_MS - 1);
    expect(updater.checks).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(updater.checks).toBe(1);
    updater.emit('update-not-available');
    await vi.advanceTimersByTimeAsync(CHECK_EVERY_MS - TICK_MS);
    expect(updater.checks).toBe(1);
    // The timer ticks every 5 minutes: the next check comes at the first tick past 6 hours.
    await vi.advanceTimersByTimeAsync(TICK_MS * 2);
    expect(updater.checks).toBe(2);
  });

  it('never checks when updates are turned off in 设置', async () => {
    enabled = false;
    await vi.advanceTimersByTimeAsync(CHECK_EVERY_MS * 2);
    expect(updater.checks).toBe(0);
  });

  it('downloads in the background, asks "新版本已下载", installs on "restart now"', async () => {
    await vi.advanceTimersByTimeAsync(FIRST_CHECK_AFTER_MS);
    updater.emit('update-available', { version: '0.2.0' });
    expect(updater.downloads).toBe(1);
    expect(asked).toEqual([]);
    updater.emit('update-downloaded', { version: '0.2.0' });
    expect(asked).toEqual(['0.2.0']);
    await vi.advanceTimersByTimeAsync(0);
    expect(updater.installs).toBe(1);
    expect(logs).toContain('installing update');
  });

  it('"later" leaves the install to the next quit and restarts nothing', async () => {
    answer = false;
    await vi.advanceTimersByTimeAsync(FIRST_CHECK_AFTER_MS);
    updater.emit('update-available', { version: '0.2.0' });
    updater.emit('update-downloaded', { version: '0.2.0' });
    await vi.advanceTimersByTimeAsync(0);
    expect(updater.installs).toBe(0);
    expect(updater.autoInstallOnAppQuit).toBe(true);
  });

  it('waits while a job is sending, says why once, and asks when the job is done', async () => {
    blockers = { ...quiet, sendingJobs: 1 };
    await vi.advanceTimersByTimeAsync(FIRST_CHECK_AFTER_MS);
    updater.emit('update-available', { version: '0.2.0' });
    updater.emit('update-downloaded', { version: '0.2.0' });
    expect(asked).toEqual([]);
    expect(waits).toEqual(['sending:0.2.0']);
    expect(updater.autoInstallOnAppQuit).toBe(false);

    await vi.advanceTimersByTimeAsync(TICK_MS * 3);
    expect(waits).toEqual(['sending:0.2.0']);
    expect(updater.installs).toBe(0);

    blockers = quiet;
    await vi.advanceTimersByTimeAsync(TICK_MS);
    expect(asked).toEqual(['0.2.0']);
    await vi.advanceTimersByTimeAsync(0);
    expect(updater.installs).toBe(1);
  });

  it('a failed check is logged without details and retried at the next check', async () => {
    updater.failNextCheck = true;
    await vi.advanceTimersByTimeAsync(FIRST_CHECK_AFTER_MS);
    expect(logs).toEqual(['update check failed: Error']);
    updater.emit('error', new Error('net::ERR_INTERNET_DISCONNECTED'));
    await vi.advanceTimersByTimeAsync(CHECK_EVERY_MS - TICK_MS);
    expect(updater.checks).toBe(1);
    await vi.advanceTimersByTimeAsync(TICK_MS * 2);
    expect(updater.checks).toBe(2);
  });

  it('does nothing after stop()', async () => {
    updates.stop();
    await vi.advanceTimersByTimeAsync(CHECK_EVERY_MS * 2);
    updater.emit('update-downloaded', { version: '0.2.0' });
    expect(updater.checks).toBe(0);
    expect(asked).toEqual([]);
  });
});
