// The Electron shell: app lifecycle and the window. Everything else lives in ./core.
import {
  app,
  BrowserWindow,
  dialog,
  net,
  powerMonitor,
  protocol,
  session,
  shell,
  type WebContents,
} from 'electron';
import { join } from 'node:path';
import { APP_ENTRY_URL, APP_SCHEME_PRIVILEGES, serveRenderer } from './app-protocol';
import { createCore, type Core } from './core';
import { createSenderCheck, forwardEvents, registerIpc } from './ipc';
import { resolveDataDir } from './paths';
import { CONTENT_SECURITY_POLICY, isAppUrl } from './security';
import { shellMessages } from './messages';
import { startAppUpdates } from './updater-electron';
import {
  confirmUnloadWhileBusy,
  denyAllPermissions,
  guardWebContents,
  windowOptions,
} from './window';

let core: Core | undefined;
const windows = new Set<BrowserWindow>();

const rendererUrl = (): string =>
  !app.isPackaged && process.env.ELECTRON_RENDERER_URL
    ? process.env.ELECTRON_RENDERER_URL
    : APP_ENTRY_URL;

const senders = createSenderCheck((url) => isAppUrl(url, rendererUrl()));

function createWindow(): BrowserWindow {
  const win = new BrowserWindow(
    windowOptions(
      join(__dirname, '../preload/index.js'),
      join(__dirname, '../../resources/icon.png'),
    ),
  );
  windows.add(win);
  senders.trust(win.webContents);
  guardWebContents(win.webContents, rendererUrl, shell);
  confirmUnloadWhileBusy(win.webContents, () => {
    const m = shellMessages(app.getLocale()).closeWhileSending;
    const choice = dialog.showMessageBoxSync(win, {
      type: 'question',
      buttons: [m.leave, m.stay],
      defaultId: 1,
      cancelId: 1,
      title: m.title,
      message: m.message,
    });
    return choice === 0;
  });
  win.on('closed', () => windows.delete(win));
  win.once('ready-to-show', () => win.show());
  void win.loadURL(rendererUrl());
  return win;
}

// No window may ever host a webview or open another window, whichever created it.
app.on('web-contents-created', (_e, contents: WebContents) => {
  guardWebContents(contents, rendererUrl, shell);
});

app.enableSandbox();
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

// Two copies of the app on one data directory would each run the outbox: one instance only.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const win = [...windows][0];
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  void app.whenReady().then(start);
}

async function start(): Promise<void> {
  denyAllPermissions(session.defaultSession);
  serveRenderer(protocol, join(__dirname, '../renderer'), (url) => net.fetch(url));
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
      },
    });
  });
  try {
    core = await createCore({
      dataDir: resolveDataDir(app.getPath('userData'), process.env, app.isPackaged),
      version: app.getVersion(),
      packaged: app.isPackaged,
    });
  } catch {
    // The message names no path or error text: those may carry anything.
    const m = shellMessages(app.getLocale()).startFailed;
    dialog.showErrorBox(m.title, m.message);
    app.exit(1);
    return;
  }
  registerIpc(core, senders.check);
  powerMonitor.on('resume', () => core?.wake());
  forwardEvents(core, () => [...windows].map((w) => w.webContents));
  createWindow();
  void startAppUpdates(core);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

// Let the outbox finish or journal what is in flight before the process ends.
let closing = false;
app.on('before-quit', (event) => {
  if (!core || closing) return;
  event.preventDefault();
  closing = true;
  void core.close().finally(() => app.quit());
});
