import { EventEmitter } from 'node:events';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { callNames, channelFor } from '../../../src/shared/api';
import { CONTENT_SECURITY_POLICY } from '../../../src/main/security';
import { createCore } from '../../../src/main/core';
import { FILE_GRANT_CHANNEL } from '../../../src/shared/api/files';
import { FakeIpcMain, FakeSession, FakeWebContents, fakeShell } from '../../support/electron-fake';

/** Boots the real shell entry point against a fake `electron` and reports what it did. */
async function boot(opts: {
  gotLock: boolean;
  userData: string;
  packaged?: boolean;
  env?: Record<string, string>;
  /** Index of the button the start-up dialog answers with. */
  answer?: number;
  expectWindow?: boolean;
}) {
  vi.resetModules();
  delete process.env.SMS_DESK_DATA_DIR;
  delete process.env.ELECTRON_RENDERER_URL;
  Object.assign(process.env, opts.env ?? {});
  const exceptionHandlers = new Set(process.listeners('uncaughtException'));
  const app = Object.assign(new EventEmitter(), {
    quit: vi.fn(),
    exit: vi.fn(),
    enableSandbox: vi.fn(),
    isPackaged: opts.packaged ?? false,
    requestSingleInstanceLock: () => opts.gotLock,
    whenReady: vi.fn(() => Promise.resolve()),
    getPath: () => opts.userData,
    getVersion: () => '1.2.3',
    getLocale: () => 'zh-CN',
    setLoginItemSettings: vi.fn(),
  });
  const windows: {
    options: Record<string, unknown>;
    webContents: FakeWebContents;
    url?: string;
  }[] = [];
  class BrowserWindow extends EventEmitter {
    readonly webContents = new FakeWebContents();
    constructor(readonly options: Record<string, unknown>) {
      super();
      windows.push(this as unknown as (typeof windows)[number]);
    }
    loadURL(url: string) {
      (this as unknown as { url: string }).url = url;
      return Promise.resolve();
    }
    static getAllWindows = () => windows;
  }
  const defaultSession = Object.assign(new FakeSession(), {
    headerHook: undefined as undefined | ((d: unknown, cb: (r: unknown) => void) => void),
    webRequest: {
      onHeadersReceived(h: (d: unknown, cb: (r: unknown) => void) => void) {
        defaultSession.headerHook = h;
      },
    },
  });
  const ipcMain = new FakeIpcMain();
  const dialog = {
    showErrorBox: vi.fn(),
    showMessageBoxSync: vi.fn((_o: { buttons: string[] }) => opts.answer ?? 1),
    showMessageBox: vi.fn(async () => ({ response: 0 })),
    showSaveDialog: vi.fn(async () => ({ canceled: true })),
  };
  const Menu = { setApplicationMenu: vi.fn() };
  const protocol = {
    privileged: [] as { scheme: string }[],
    handled: [] as string[],
    registerSchemesAsPrivileged(schemes: { scheme: string }[]) {
      protocol.privileged.push(...schemes);
    },
    handle(scheme: string) {
      protocol.handled.push(scheme);
    },
  };
  vi.doMock('electron', () => ({
    app,
    BrowserWindow,
    dialog,
    Menu,
    ipcMain,
    powerMonitor: new EventEmitter(),
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }] },
    Tray: class {},
    Notification: Object.assign(class {}, { isSupported: () => false }),
    protocol,
    net: { fetch: vi.fn() },
    session: { defaultSession },
    shell: fakeShell(),
  }));
  await import('../../../src/main/index');
  // Let whenReady().then(start) and createCore settle.
  if (opts.expectWindow === false) await vi.waitFor(() => expect(app.exit).toHaveBeenCalled());
  else await vi.waitFor(() => expect(opts.gotLock ? windows.length : 0).toBe(opts.gotLock ? 1 : 0));
  const added = process.listeners('uncaughtException').filter((l) => !exceptionHandlers.has(l));
  // The real process keeps vitest's own handlers only.
  for (const l of added) process.off('uncaughtException', l);
  for (const l of process.listeners('unhandledRejection').slice(-added.length || 0))
    if (added.length) process.off('unhandledRejection', l);
  for (const k of Object.keys(opts.env ?? {})) delete process.env[k];
  return {
    app,
    windows,
    ipcMain,
    defaultSession,
    protocol,
    dialog,
    Menu,
    crashGuards: added.length,
  };
}

describe('Electron shell entry point', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('quits at once when another instance already runs (one outbox per data directory)', async () => {
    const shell = await boot({ gotLock: false, userData: '/nonexistent' });
    expect(shell.app.quit).toHaveBeenCalled();
    expect(shell.app.whenReady).not.toHaveBeenCalled();
    expect(shell.windows).toHaveLength(0);
  });

  it('boots: sandboxed window with the exact preferences, CSP header, denied permissions, one handler per call', async () => {
    const userData = mkdtempSync(join(tmpdir(), 'sms-desk-shell-'));
    dirs.push(userData);
    const shell = await boot({ gotLock: true, userData });
    expect(shell.app.enableSandbox).toHaveBeenCalled();
    const win = shell.windows[0]!;
    expect(win.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
    });
    // Served from the app:// scheme: file:// loses its privileges to a fuse when packaged.
    expect(win.url).toBe('app://sms-desk/index.html');
    expect(shell.protocol.privileged.map((s) => s.scheme)).toEqual(['app']);
    expect(shell.protocol.handled).toEqual(['app']);
    // One handler per call, and the preload's file-grant channel: nothing else.
    expect([...shell.ipcMain.handlers.keys()].sort()).toEqual(
      [...callNames.map(channelFor), FILE_GRANT_CHANNEL].sort(),
    );

    let headers: Record<string, unknown> = {};
    shell.defaultSession.headerHook!({ responseHeaders: {} }, (r) => {
      headers = (r as { responseHeaders: Record<string, unknown> }).responseHeaders;
    });
    expect(headers['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    let granted: boolean | undefined;
    shell.defaultSession.permissionRequestHandler!(null, 'media', (g) => (granted = g));
    expect(granted).toBe(false);

    // A trusted call from the window reaches the real core; the data dir is Electron's userData.
    const res = await shell.ipcMain.invoke(
      channelFor('app.info'),
      { sender: win.webContents, senderFrame: { url: win.url!, parent: null } },
      undefined,
    );
    expect(res).toMatchObject({ ok: true, value: { version: '1.2.3', dataDir: userData } });

    // Quitting waits for the core to close first.
    const ev = { preventDefault: vi.fn() };
    shell.app.emit('before-quit', ev);
    expect(ev.preventDefault).toHaveBeenCalled();
    // Closing stops the core's workers and timers: over 1 s (waitFor's default) on a loaded
    // 2-core CI machine, where it failed once; nothing here is timed.
    await vi.waitFor(() => expect(shell.app.quit).toHaveBeenCalled(), { timeout: 15_000 });
    // Outside a packaged app: DevTools and the default menu stay for the developer.
    expect(win.options.webPreferences).toMatchObject({ devTools: true });
    expect(shell.Menu.setApplicationMenu).not.toHaveBeenCalled();
    expect(shell.crashGuards).toBe(1);
  });

  const quit = async (shell: Awaited<ReturnType<typeof boot>>) => {
    shell.app.emit('before-quit', { preventDefault: vi.fn() });
    // Closing stops the core's workers and timers: over 1 s (waitFor's default) on a loaded
    // 2-core CI machine, where it failed once; nothing here is timed.
    await vi.waitFor(() => expect(shell.app.quit).toHaveBeenCalled(), { timeout: 15_000 });
  };

  it('packaged: ignores ELECTRON_RENDERER_URL and SMS_DESK_DATA_DIR, no DevTools, no default menu', async () => {
    const userData = mkdtempSync(join(tmpdir(), 'sms-desk-shell-'));
    const other = mkdtempSync(join(tmpdir(), 'sms-desk-other-'));
    dirs.push(userData, other);
    const shell = await boot({
      gotLock: true,
      userData,
      packaged: true,
      env: { ELECTRON_RENDERER_URL: 'https://evil.example.com/', SMS_DESK_DATA_DIR: other },
    });
    const win = shell.windows[0]!;
    expect(win.url).toBe('app://sms-desk/index.html');
    expect(win.options.webPreferences).toMatchObject({ devTools: false });
    expect(shell.Menu.setApplicationMenu).toHaveBeenCalledWith(null);
    const info = await shell.ipcMain.invoke(
      channelFor('app.info'),
      { sender: win.webContents, senderFrame: { url: win.url!, parent: null } },
      undefined,
    );
    expect(info).toMatchObject({ ok: true, value: { dataDir: userData, endpointOverride: null } });
    await quit(shell);
  });

  it('not packaged: honours the dev server URL', async () => {
    const userData = mkdtempSync(join(tmpdir(), 'sms-desk-shell-'));
    dirs.push(userData);
    const shell = await boot({
      gotLock: true,
      userData,
      env: { ELECTRON_RENDERER_URL: 'http://localhost:5173/' },
    });
    expect(shell.windows[0]!.url).toBe('http://localhost:5173/');
    await quit(shell);
  });

  it('a corrupt database at start: offers a fresh start, keeps the damaged file, and opens', async () => {
    const userData = mkdtempSync(join(tmpdir(), 'sms-desk-shell-'));
    dirs.push(userData);
    writeFileSync(join(userData, 'sms-desk.db'), 'not a database '.repeat(500));
    // No backup yet: the buttons are [start fresh, quit]; the user starts fresh.
    const shell = await boot({ gotLock: true, userData, answer: 0 });
    const asked = shell.dialog.showMessageBoxSync.mock.calls[0]![0];
    expect(asked.buttons).toEqual(['重新开始', '退出']);
    expect(JSON.stringify(asked)).not.toMatch(/Error|at |sms-desk\.db|\//);
    expect(shell.windows).toHaveLength(1);
    const aside = readdirSync(userData).filter((n) => n.startsWith('damaged-'));
    expect(readdirSync(join(userData, aside[0]!))).toContain('sms-desk.db');
    await quit(shell);
  });

  it('a corrupt database at start: quitting leaves everything as it was', async () => {
    const userData = mkdtempSync(join(tmpdir(), 'sms-desk-shell-'));
    dirs.push(userData);
    writeFileSync(join(userData, 'sms-desk.db'), 'not a database '.repeat(500));
    const shell = await boot({ gotLock: true, userData, answer: 1, expectWindow: false });
    expect(shell.app.exit).toHaveBeenCalledWith(1);
    expect(shell.windows).toHaveLength(0);
    expect(readdirSync(userData).some((n) => n.startsWith('damaged-'))).toBe(false);
  });

  it('a data folder another process holds: says so plainly and quits', async () => {
    const userData = mkdtempSync(join(tmpdir(), 'sms-desk-shell-'));
    dirs.push(userData);
    const other = await createCore({ dataDir: userData, env: {} });
    try {
      const shell = await boot({ gotLock: true, userData, expectWindow: false });
      expect(shell.dialog.showErrorBox).toHaveBeenCalledWith(
        'SMS Desk 已在运行',
        expect.stringContaining('同一个数据文件夹'),
      );
      expect(shell.windows).toHaveLength(0);
    } finally {
      await other.close();
    }
  });
});
