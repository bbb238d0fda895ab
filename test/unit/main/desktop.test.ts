/**
 * The shell's desktop behaviour against the real core (practice mode, a real SQLite file) and
 * fakes of Electron's parts: tray on close with work pending, quitting asks, login item,
 * notifications, remembered bounds.
 */
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCore, type Core } from '../../../src/main/core';
import { createSessionStore, type ProbedSecretStore } from '../../../src/main/core/keychain';
import { Desktop, type MessageBoxOptions } from '../../../src/main/desktop';
import type { MenuItemSpec } from '../../../src/main/tray';
import type { JobSummary } from '../../../src/shared/api/outbox';
import { TEMPLATE, phoneOf } from '../../support/outbox/env';

const alwaysThere = (): ProbedSecretStore => ({
  ...createSessionStore(),
  kind: 'keychain',
  probe: () => Promise.resolve({ available: true }),
});

class FakeWindow extends EventEmitter {
  visible = true;
  focused = true;
  bounds = { x: 100, y: 80, width: 1100, height: 760 };
  show = vi.fn(() => (this.visible = true));
  hide = vi.fn(() => (this.visible = false));
  focus = vi.fn();
  isVisible = () => this.visible;
  isFocused = () => this.focused;
  isDestroyed = () => false;
  isMaximized = () => false;
  isMinimized = () => false;
  getNormalBounds = () => this.bounds;
  /** Emits `close` as Electron does and reports whether it was prevented. */
  close(): boolean {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    return prevented;
  }
}

let core: Core | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await core?.close();
  core = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function setup(answer = 1) {
  const dataDir = mkdtempSync(join(tmpdir(), 'sms-desk-desktop-'));
  dirs.push(dataDir);
  core = await createCore({ dataDir, secretStore: alwaysThere() });
  const c = core;
  const trays: { menu: MenuItemSpec[]; tooltip: string }[] = [];
  const shown: { title: string; body: string }[] = [];
  const asked: MessageBoxOptions[] = [];
  const explained: MessageBoxOptions[] = [];
  const win = new FakeWindow();
  const app = { getLocale: () => 'zh-CN', setLoginItemSettings: vi.fn() };
  const quit = vi.fn();
  const deps = {
    core: c,
    app,
    dialog: {
      showMessageBoxSync: (o: MessageBoxOptions) => (asked.push(o), answer),
      showMessageBox: async (o: MessageBoxOptions) => void explained.push(o),
    },
    createTray: () => {
      const t = { menu: [] as MenuItemSpec[], tooltip: '' };
      trays.push(t);
      return {
        setToolTip: (s: string) => void (t.tooltip = s),
        setContextMenu: (m: unknown) => void (t.menu = m as MenuItemSpec[]),
        on: () => undefined,
        destroy: () => undefined,
      };
    },
    buildMenu: (items: MenuItemSpec[]) => items,
    Notification: Object.assign(
      class {
        constructor(readonly o: { title: string; body: string }) {}
        on() {}
        show() {
          shown.push(this.o);
        }
      },
      { isSupported: () => true },
    ),
    window: () => win,
    createWindow: () => win,
    quit,
  };
  const make = async () => {
    const d = new Desktop(deps);
    await d.start();
    d.attach(win);
    return d;
  };
  const call = async <T>(name: string, input: unknown): Promise<T> => {
    const r = await c.call(name, input);
    if (!r.ok) throw new Error(`${name}: ${JSON.stringify(r.error)}`);
    return r.value as T;
  };
  const createJob = async (key: string) =>
    (
      await call<{ job: JobSummary }>('job.create', {
        idempotencyKey: key,
        kind: 'batch',
        ...TEMPLATE,
        rows: [{ rowNo: 1, phone: phoneOf(1), params: ['123456', '5'] }],
      })
    ).job;
  return { make, call, createJob, win, trays, shown, asked, explained, app, quit };
}

describe('desktop shell', () => {
  it('closing the window with a scheduled job keeps the app in the tray, explained once', async () => {
    const s = await setup();
    const job = await s.createJob('desktop-key-0001');
    const at = Date.now() + 10 * 60_000;
    await s.call('job.schedule', { jobId: job.id, at });
    await s.make();
    expect(s.win.close()).toBe(true);
    expect(s.win.hide).toHaveBeenCalled();
    await vi.waitFor(() => expect(s.trays).toHaveLength(1));
    await vi.waitFor(() => expect(s.trays[0]!.menu.length).toBeGreaterThan(0));
    expect(s.trays[0]!.tooltip).toBe('短信助手');
    expect(s.trays[0]!.menu.map((i) => i.label ?? i.type)).toEqual([
      expect.stringMatching(
        new RegExp(`^已定时：任务 #${job.id}，\\d\\d/\\d\\d \\d\\d:\\d\\d 发送$`),
      ),
      'separator',
      '打开短信助手',
      '退出',
    ]);
    expect(s.explained.map((o) => o.title)).toEqual(['短信助手仍在运行']);
    s.win.close();
    expect(s.explained).toHaveLength(1);
    // The explanation is remembered across starts.
    expect(await s.call('prefs.get', { key: 'trayExplained' })).toEqual({
      key: 'trayExplained',
      value: true,
    });
  });

  it('closing the window while a job is running keeps the app in the tray', async () => {
    const s = await setup();
    await s.make();
    const { job } = await s.call<{ job: JobSummary }>('job.create', {
      idempotencyKey: 'desktop-key-0010',
      kind: 'batch',
      ...TEMPLATE,
      rows: Array.from({ length: 1000 }, (_, i) => ({
        rowNo: i + 1,
        phone: phoneOf(i),
        params: ['123456', '5'],
      })),
    });
    await s.call('job.start', { jobId: job.id });
    // The outbox said "running" as the job started: closing now hides the window.
    expect(s.win.close()).toBe(true);
    expect(s.win.visible).toBe(false);
    await vi.waitFor(() => expect(s.trays).toHaveLength(1));
    await vi.waitFor(() => expect(s.trays[0]!.menu.at(-1)?.label).toBe('退出'));
  });

  it('closing with nothing pending closes (no tray); with the setting off it asks instead', async () => {
    const s = await setup(1);
    await s.make();
    expect(s.win.close()).toBe(false);
    expect(s.trays).toHaveLength(0);

    const job = await s.createJob('desktop-key-0002');
    await s.call('job.schedule', { jobId: job.id, at: Date.now() + 10 * 60_000 });
    await s.call('prefs.set', { key: 'closeToTray', value: false });
    // 不退出: the window stays.
    expect(s.win.close()).toBe(true);
    expect(s.asked.map((o) => o.message)).toEqual([
      '有 0 个任务正在发送、1 个任务已定时。退出后发送会暂停，定时任务到时间也不会发送。确定退出吗？',
    ]);
    expect(s.trays).toHaveLength(0);
  });

  it('quitting from the tray asks when work is pending, and quits only when agreed', async () => {
    const stay = await setup(1);
    const job = await stay.createJob('desktop-key-0003');
    await stay.call('job.schedule', { jobId: job.id, at: Date.now() + 10 * 60_000 });
    const d = await stay.make();
    d.quitFromTray();
    expect(stay.asked).toHaveLength(1);
    expect(stay.quit).not.toHaveBeenCalled();
    expect(d.quitConfirmed).toBe(false);
    await core?.close();
    core = undefined;

    const go = await setup(0);
    const job2 = await go.createJob('desktop-key-0004');
    await go.call('job.schedule', { jobId: job2.id, at: Date.now() + 10 * 60_000 });
    const d2 = await go.make();
    d2.quitFromTray();
    expect(go.quit).toHaveBeenCalled();
    // The renderer's own "still sending" question is not asked a second time.
    expect(d2.quitConfirmed).toBe(true);
    expect(go.win.close()).toBe(false);
  });

  it('the login-item setting calls app.setLoginItemSettings', async () => {
    const s = await setup();
    await s.make();
    await s.call('prefs.set', { key: 'openAtLogin', value: true });
    await s.call('prefs.set', { key: 'openAtLogin', value: false });
    expect(s.app.setLoginItemSettings.mock.calls).toEqual([
      [{ openAtLogin: true }],
      [{ openAtLogin: false }],
    ]);
  });

  it('notifies when a job finishes while the window is out of sight', async () => {
    const s = await setup();
    await s.make();
    s.win.focused = false;
    const job = await s.createJob('desktop-key-0005');
    await s.call('job.start', { jobId: job.id });
    await vi.waitFor(() => expect(s.shown).toHaveLength(1), { timeout: 10_000 });
    expect(s.shown[0]).toEqual({
      title: '发送完成',
      body: `任务 #${job.id}：成功 1 条，失败 0 条。`,
    });
  });

  it('remembers the window bounds and places the next window there', async () => {
    const s = await setup();
    await s.make();
    s.win.bounds = { x: 200, y: 120, width: 1000, height: 700 };
    s.win.emit('resized');
    await vi.waitFor(async () =>
      expect(await s.call('prefs.get', { key: 'windowBounds' })).toMatchObject({
        value: { x: 200, y: 120, width: 1000, height: 700, maximized: false },
      }),
    );
    const next = await s.make();
    const screen = [{ x: 0, y: 0, width: 1920, height: 1040 }];
    expect(next.windowPlacement(screen, { width: 960, height: 640 })).toEqual({
      x: 200,
      y: 120,
      width: 1000,
      height: 700,
      maximized: false,
    });
  });
});
