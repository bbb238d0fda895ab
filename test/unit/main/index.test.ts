import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { callNames, channelFor } from '../../../src/shared/api';
import { CONTENT_SECURITY_POLICY } from '../../../src/main/security';
import { FakeIpcMain, FakeSession, FakeWebContents, fakeShell } from '../../support/electron-fake';

/** Boots the real shell entry point against a fake `electron` and reports what it did. */
async function boot(opts: { gotLock: boolean; userData: string }) {
  vi.resetModules();
  delete process.env.SMS_DESK_DATA_DIR;
  const app = Object.assign(new EventEmitter(), {
    quit: vi.fn(),
    exit: vi.fn(),
    enableSandbox: vi.fn(),
    isPackaged: false,
    requestSingleInstanceLock: () => opts.gotLock,
    whenReady: vi.fn(() => Promise.resolve()),
    getPath: () => opts.userData,
    getVersion: () => '1.2.3',
    getLocale: () => 'zh-CN',
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
    dialog: { showErrorBox: vi.fn(), showMessageBoxSync: vi.fn(() => 1) },
    ipcMain,
    powerMonitor: new EventEmitter(),
    protocol,
    net: { fetch: vi.fn() },
    session: { defaultSession },
    shell: fakeShell(),
  }));
  await import('../../../src/main/index');
  // Let whenReady().then(start) and createCore settle.
  await vi.waitFor(() => expect(opts.gotLock ? windows.length : 0).toBe(opts.gotLock ? 1 : 0));
  return { app, windows, ipcMain, defaultSession, protocol };
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
    expect([...shell.ipcMain.handlers.keys()].sort()).toEqual(callNames.map(channelFor).sort());

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
    await vi.waitFor(() => expect(shell.app.quit).toHaveBeenCalled());
  });
});
