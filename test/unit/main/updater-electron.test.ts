/**
 * The electron side of updates against the electron fake and a real core on a temporary data
 * directory: the 设置 switch, the outbox's blockers read from SQLite, the native question and
 * the notification, in the user's language.
 */
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import type { OutgoingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createElectronFake } from '../../support/electron-fake';
import type { Core } from '../../../src/main/core';
import type { Db } from '../../../src/main/core/store/db';
import type { UpdaterLike } from '../../../src/main/updater';
import { FIRST_CHECK_AFTER_MS, TICK_MS } from '../../../src/main/updater-policy';

const electron = vi.hoisted(() => ({
  app: { isPackaged: true, getLocale: (): string => 'zh-CN' },
  dialog: { showMessageBox: undefined as unknown },
  notifications: [] as { title: string; body: string }[],
}));

vi.mock('electron', () => {
  const fake = createElectronFake();
  class Notification {
    static isSupported = () => true;
    constructor(private readonly o: { title: string; body: string }) {}
    show(): void {
      electron.notifications.push(this.o);
    }
  }
  return {
    ...fake,
    app: electron.app,
    dialog: {
      showMessageBox: (...args: unknown[]) =>
        (electron.dialog.showMessageBox as (...a: unknown[]) => unknown)(...args),
    },
    Notification,
  };
});

const { startAppUpdates } = await import('../../../src/main/updater-electron');
const { createCore } = await import('../../../src/main/core');
const { openDatabase } = await import('../../../src/main/core/store/db');

class FakeUpdater extends EventEmitter implements UpdaterLike {
  autoDownload = true;
  autoInstallOnAppQuit = true;
  allowPrerelease = false;
  allowDowngrade = false;
  requestHeaders: OutgoingHttpHeaders | null = null;
  checks = 0;
  installs = 0;
  checkForUpdates = async () => void this.checks++;
  downloadUpdate = async () => [];
  quitAndInstall = () => void this.installs++;
}

/** A running job with one row still to send, as the outbox stores it (a second connection). */
function insertSendingJob(db: Db): void {
  const now = Date.now();
  db.prepare(
    `INSERT INTO jobs (id, idempotency_key, kind, sdk_app_id, template_id, template_content,
         template_kind, options, status, total, created_at, updated_at)
       VALUES (1, 'key-00000001', 'batch', '1400000000', '1', '您好', 'notice', '{}',
         'running', 1, ?, ?)`,
  ).run(now, now);
  db.prepare(
    `INSERT INTO job_rows (job_id, row_no, phone, params, rendered, state, updated_at)
       VALUES (1, 1, '+8613800000000', '[]', '您好', 'pending', ?)`,
  ).run(now);
}

describe('startAppUpdates (electron glue)', () => {
  let dir: string;
  let core: Core;
  let updater: FakeUpdater;
  let stop: (() => void) | undefined;

  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'] });
    dir = mkdtempSync(join(tmpdir(), 'sms-desk-updates-'));
    core = await createCore({ dataDir: dir, version: '0.1.0' });
    updater = new FakeUpdater();
    electron.app.isPackaged = true;
    electron.app.getLocale = () => 'zh-CN';
    electron.notifications.length = 0;
    electron.dialog.showMessageBox = vi.fn(async () => ({ response: 0 }));
  });
  afterEach(async () => {
    stop?.();
    stop = undefined;
    vi.useRealTimers();
    await core.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stays off in an unpacked (development) app and never loads electron-updater', async () => {
    electron.app.isPackaged = false;
    const load = vi.fn(async () => updater);
    expect(await startAppUpdates(core, load)).toBeNull();
    expect(load).not.toHaveBeenCalled();
  });

  it('runs without updates when electron-updater cannot be loaded', async () => {
    const started = await startAppUpdates(core, async () => {
      throw new Error('Cannot find module');
    });
    expect(started).toBeNull();
  });

  it('asks "新版本已下载" in Chinese and installs on 立即重启', async () => {
    stop = (await startAppUpdates(core, async () => updater))!.stop;
    await vi.advanceTimersByTimeAsync(FIRST_CHECK_AFTER_MS);
    expect(updater.checks).toBe(1);
    updater.emit('update-available', { version: '0.2.0' });
    updater.emit('update-downloaded', { version: '0.2.0' });
    expect(electron.dialog.showMessageBox).toHaveBeenCalledWith(
      expect.objectContaining({
        title: '新版本已下载',
        message: '短信助手 0.2.0 已下载完成。',
        buttons: ['立即重启', '稍后（退出时自动安装）'],
        defaultId: 0,
        cancelId: 1,
      }),
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(updater.installs).toBe(1);
  });

  it('reads a sending job from the database and says, in English, why the update waits', async () => {
    electron.app.getLocale = () => 'en-US';
    const db = openDatabase(join(dir, 'sms-desk.db'));
    insertSendingJob(db);
    stop = (await startAppUpdates(core, async () => updater))!.stop;
    await vi.advanceTimersByTimeAsync(FIRST_CHECK_AFTER_MS);
    updater.emit('update-available', { version: '0.2.0' });
    updater.emit('update-downloaded', { version: '0.2.0' });
    expect(electron.dialog.showMessageBox).not.toHaveBeenCalled();
    expect(electron.notifications).toEqual([
      {
        title: 'New version downloaded, installing later',
        body: 'Messages are being sent. You will be asked to restart for 0.2.0 when sending has finished.',
      },
    ]);
    expect(updater.installs).toBe(0);

    db.prepare(`UPDATE jobs SET status = 'finished'`).run();
    db.close();
    await vi.advanceTimersByTimeAsync(TICK_MS);
    expect(electron.dialog.showMessageBox).toHaveBeenCalledTimes(1);
  });

  it('checks nothing after the user turns updates off in 设置', async () => {
    const res = await core.call('updates.setEnabled', { enabled: false });
    expect(res).toEqual({ ok: true, value: { enabled: false } });
    stop = (await startAppUpdates(core, async () => updater))!.stop;
    await vi.advanceTimersByTimeAsync(FIRST_CHECK_AFTER_MS + TICK_MS * 2);
    expect(updater.checks).toBe(0);
    expect(await core.call('updates.settings', undefined)).toEqual({
      ok: true,
      value: { enabled: false },
    });
  });
});
