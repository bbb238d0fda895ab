/**
 * A small fake of the parts of `electron` the shell uses: enough to assert the exact window
 * options, the IPC registration and the navigation / window-open / permission decisions.
 */
import { EventEmitter } from 'node:events';

type Handler = (event: FakeInvokeEvent, input: unknown) => unknown;

export interface FakeInvokeEvent {
  sender: FakeWebContents;
  senderFrame: { url: string; parent: unknown } | null;
}

export class FakeIpcMain {
  readonly handlers = new Map<string, Handler>();
  handle(channel: string, handler: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** What ipcRenderer.invoke would resolve to. */
  async invoke(channel: string, event: FakeInvokeEvent, input: unknown): Promise<unknown> {
    const h = this.handlers.get(channel);
    if (!h) throw new Error(`No handler registered for '${channel}'`);
    return h(event, input);
  }
}

let nextId = 1;
export class FakeWebContents extends EventEmitter {
  readonly id = nextId++;
  readonly sent: { channel: string; message: unknown }[] = [];
  windowOpenHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | undefined;
  destroyed = false;
  setWindowOpenHandler(h: (details: { url: string }) => { action: 'allow' | 'deny' }): void {
    this.windowOpenHandler = h;
  }
  send(channel: string, message: unknown): void {
    this.sent.push({ channel, message });
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** Emits a cancellable event like Electron's and reports whether it was prevented. */
  fire(name: string, ...args: unknown[]): boolean {
    let prevented = false;
    const event = { preventDefault: () => (prevented = true) };
    this.emit(name, event, ...args);
    return prevented;
  }
}

export class FakeSession {
  permissionRequestHandler:
    ((wc: unknown, permission: string, cb: (granted: boolean) => void) => void) | undefined;
  permissionCheckHandler: ((...args: unknown[]) => boolean) | undefined;
  setPermissionRequestHandler(h: FakeSession['permissionRequestHandler']): void {
    this.permissionRequestHandler = h;
  }
  setPermissionCheckHandler(h: FakeSession['permissionCheckHandler']): void {
    this.permissionCheckHandler = h;
  }
}

export const fakeShell = () => {
  const opened: string[] = [];
  return { opened, openExternal: async (url: string) => void opened.push(url) };
};

/** The module object handed to `vi.mock('electron', ...)`. */
export function createElectronFake(opts: { packaged?: boolean } = {}) {
  return {
    ipcMain: new FakeIpcMain(),
    shell: fakeShell(),
    session: { defaultSession: new FakeSession() },
    // A packaged start ignores development variables and has no DevTools or default menu.
    app: Object.assign(new EventEmitter(), { isPackaged: opts.packaged ?? false }),
    Menu: { setApplicationMenu: () => {} },
    BrowserWindow: class {},
    contextBridge: { exposeInMainWorld: () => {} },
    ipcRenderer: new EventEmitter(),
  };
}
