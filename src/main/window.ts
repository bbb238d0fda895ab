import type {
  BrowserWindow as BrowserWindowT,
  BrowserWindowConstructorOptions,
  Session,
  Shell,
  WebContents,
  WebPreferences,
} from 'electron';
import { externalUrlToOpen, isAppUrl, isTrustedExternal } from './security';

/** The exact webPreferences of every app window; DevTools only outside a packaged app. */
export function secureWebPreferences(preloadPath: string, devTools = false): WebPreferences {
  return {
    preload: preloadPath,
    devTools,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
  };
}

export function windowOptions(
  preloadPath: string,
  iconPath?: string,
  devTools = false,
): BrowserWindowConstructorOptions {
  return {
    width: 1200,
    height: 800,
    minWidth: 960,
    minHeight: 640,
    show: false,
    title: 'SMS Desk',
    ...(iconPath ? { icon: iconPath } : {}),
    webPreferences: secureWebPreferences(preloadPath, devTools),
  };
}

/**
 * Navigation away from the app is denied; window.open is denied and only http(s) links go
 * to the system browser — Tencent's console and docs at once, anything else only after the
 * user agreed (`ask`); no webview may be attached.
 */
export function guardWebContents(
  contents: WebContents,
  appUrl: () => string,
  shell: Pick<Shell, 'openExternal'>,
  ask: (url: string) => Promise<boolean> = async () => false,
): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, appUrl())) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url, appUrl())) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    const external = externalUrlToOpen(url);
    if (external) void openExternalLink(external, shell, ask);
    return { action: 'deny' };
  });
}

/** Every permission request (camera, notifications, geolocation…) is denied. */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

export type BrowserWindowCtor = new (options: BrowserWindowConstructorOptions) => BrowserWindowT;

/**
 * The renderer registers `beforeunload` only while a batch is sending. Electron then blocks
 * the close silently; ask the user instead. `ask()` returns true to close anyway.
 */
export function confirmUnloadWhileBusy(contents: WebContents, ask: () => boolean): void {
  contents.on('will-prevent-unload', (event) => {
    // preventDefault here means "ignore the renderer's objection and close".
    if (ask()) event.preventDefault();
  });
}

async function openExternalLink(
  url: string,
  shell: Pick<Shell, 'openExternal'>,
  ask: (url: string) => Promise<boolean>,
): Promise<void> {
  try {
    if (isTrustedExternal(url) || (await ask(url))) await shell.openExternal(url);
  } catch {
    // No browser, or the dialog went away with the window: the link simply does not open.
  }
}
