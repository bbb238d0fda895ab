// The Electron shell: app lifecycle and the window. Everything else lives in ./core.
import {
  app,
  BrowserWindow,
  dialog,
  Menu,
  net,
  Notification,
  powerMonitor,
  protocol,
  screen,
  session,
  shell,
  Tray,
  type WebContents,
} from 'electron';
import { join } from 'node:path';
import { APP_ENTRY_URL, APP_SCHEME_PRIVILEGES, serveRenderer } from './app-protocol';
import { createCore, type Core } from './core';
import { readDevOverrides } from './core/kernel/dev-overrides';
import { chosenLanguage } from './core/prefs';
import { createFileLogger, type Logger } from './core/kernel/log';
import { listBackups } from './core/store/backup';
import { restoreLatestBackup, setAsideDatabase } from './core/store/recovery';
import { installCrashGuards, describeError } from './crash-guard';
import { createSenderCheck, forwardEvents, registerFileGrants, registerIpc } from './ipc';
import { createSavePicker } from './save-dialog';
import { resolveDataDir } from './paths';
import { CONTENT_SECURITY_POLICY, isAppUrl } from './security';
import { shellMessages } from './messages';
import { openCoreWithRecovery, type DamagedChoice } from './startup';
import { startAppUpdates } from './updater-electron';
import { Desktop } from './desktop';
import {
  confirmUnloadWhileBusy,
  denyAllPermissions,
  guardWebContents,
  windowOptions,
} from './window';

let core: Core | undefined;
let logger: Logger | undefined;
let desktop: Desktop | undefined;
const windows = new Set<BrowserWindow>();
// The language chosen in the app once the core is up (it may differ from the system's).
const messages = () =>
  shellMessages((core && chosenLanguage(core.context.settings)) ?? app.getLocale());

// Development variables (a dev server URL, another data folder, an emulator) count only outside
// a packaged app: nothing in a user's environment can load another page into the trusted window.
const overrides = () => readDevOverrides(process.env, app.isPackaged);

const rendererUrl = (): string => overrides().rendererUrl ?? APP_ENTRY_URL;

const senders = createSenderCheck((url) => isAppUrl(url, rendererUrl()));

// Before anything else can fail: an uncaught error is logged and explained, never a stack.
installCrashGuards(process, {
  log: (kind, error) => logger?.error(`main process: ${kind}`, describeError(error)),
  notify: async () => {
    const m = messages().unexpected;
    const win = [...windows][0];
    const options = {
      type: 'warning' as const,
      title: m.title,
      message: m.message,
      buttons: [m.ok],
    };
    if (win) await dialog.showMessageBox(win, options);
    else await dialog.showMessageBox(options);
  },
});

const askExternal = async (url: string): Promise<boolean> => {
  const m = messages().externalLink;
  const win = [...windows][0];
  const options = {
    type: 'question' as const,
    title: m.title,
    message: m.message,
    detail: url,
    buttons: [m.open, m.cancel],
    defaultId: 1,
    cancelId: 1,
  };
  const res = win
    ? await dialog.showMessageBox(win, options)
    : await dialog.showMessageBox(options);
  return res.response === 0;
};

const ICON = join(__dirname, '../../resources/icon.png');

function createWindow(): BrowserWindow {
  const options = windowOptions(join(__dirname, '../preload/index.js'), ICON, !app.isPackaged);
  // Where the user left it, if that place is still on a screen.
  const placed = desktop?.windowPlacement(
    screen.getAllDisplays().map((d) => d.workArea),
    { width: options.minWidth ?? 960, height: options.minHeight ?? 640 },
  );
  const win = new BrowserWindow(
    placed
      ? { ...options, x: placed.x, y: placed.y, width: placed.width, height: placed.height }
      : options,
  );
  if (placed?.maximized) win.maximize();
  desktop?.attach(win);
  windows.add(win);
  senders.trust(win.webContents);
  guardWebContents(win.webContents, rendererUrl, shell, askExternal);
  confirmUnloadWhileBusy(win.webContents, () => {
    // Quitting from the tray already asked.
    if (desktop?.quitConfirmed) return true;
    const m = messages().closeWhileSending;
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
  guardWebContents(contents, rendererUrl, shell, askExternal);
});

app.enableSandbox();
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

// Two copies of the app on one data directory would each run the outbox: one instance only
// (the core also locks the folder itself, for anything else that opens it).
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const win = [...windows][0];
    if (win) {
      if (win.isMinimized()) win.restore();
      // It may be hidden in the tray.
      win.show();
      win.focus();
    }
  });
  void app.whenReady().then(start);
}

const DAMAGED_CHOICES: DamagedChoice[] = ['restore', 'fresh', 'quit'];

async function start(): Promise<void> {
  // The default menu carries DevTools and reload: only outside a packaged app.
  if (app.isPackaged) Menu.setApplicationMenu(null);
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
  const dataDir = resolveDataDir(app.getPath('userData'), process.env, app.isPackaged);
  try {
    logger = createFileLogger(dataDir);
  } catch {
    // No log (a read-only folder): the start-up dialogs below still explain.
  }
  core =
    (await openCoreWithRecovery({
      open: () =>
        createCore({
          dataDir,
          version: app.getVersion(),
          packaged: app.isPackaged,
          ...(logger ? { logger } : {}),
          pickSavePath: createSavePicker(
            dialog,
            () => app.getPath('documents'),
            () => BrowserWindow.getFocusedWindow() ?? [...windows][0],
          ),
        }),
      hasBackup: () => listBackups(dataDir).length > 0,
      askDamaged: (problem, hasBackup) => {
        const m = messages().damaged;
        const choices = hasBackup ? DAMAGED_CHOICES : DAMAGED_CHOICES.slice(1);
        const picked = dialog.showMessageBoxSync({
          type: 'error',
          title: m.title,
          message: problem === 'readonly' ? m.readonly : m.corrupt,
          detail: hasBackup ? m.detailBackup : m.detailNoBackup,
          buttons: choices.map((c) => m[c]),
          defaultId: 0,
          cancelId: choices.length - 1,
        });
        return choices[picked] ?? 'quit';
      },
      restoreLatestBackup: () => restoreLatestBackup(dataDir, Date.now()),
      setAsideDatabase: () => void setAsideDatabase(dataDir, Date.now()),
      showFatal: (reason) => {
        // The message names no path or error text: those may carry anything.
        const m = reason === 'inUse' ? messages().inUse : messages().startFailed;
        dialog.showErrorBox(m.title, m.message);
      },
    })) ?? undefined;
  if (!core) {
    app.exit(1);
    return;
  }
  registerIpc(core, senders.check);
  registerFileGrants(core, senders.check);
  powerMonitor.on('resume', () => core?.wake());
  forwardEvents(core, () => [...windows].map((w) => w.webContents));
  desktop = new Desktop({
    core,
    app,
    dialog,
    createTray: () => new Tray(ICON),
    buildMenu: (items) => Menu.buildFromTemplate(items),
    Notification,
    window: () => [...windows][0],
    createWindow,
    quit: () => app.quit(),
  });
  await desktop.start();
  createWindow();
  void startAppUpdates(core);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
    else desktop?.showWindow();
  });
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

// Let the outbox finish or journal what is in flight before the process ends.
let closing = false;
app.on('before-quit', (event) => {
  // A quit from the app menu or the Dock (Cmd+Q) asks too when work is pending, unless the
  // user already agreed (the tray's 退出, or closing the window with the tray turned off).
  if (desktop && !closing && !desktop.quitConfirmed && !desktop.confirmQuit()) {
    event.preventDefault();
    return;
  }
  // From here on, closing the window ends the app instead of hiding it in the tray.
  if (desktop) {
    desktop.quitting = true;
    desktop.quitConfirmed = true;
  }
  if (!core || closing) return;
  event.preventDefault();
  closing = true;
  void core.close().finally(() => app.quit());
});
