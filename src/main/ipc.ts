// The single main-side IPC module: the only place that touches ipcMain.
import { ipcMain, type IpcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { EVENT_CHANNEL, callNames, channelFor } from '../shared/api';
import { FILE_GRANT_CHANNEL, type FileGrantResult } from '../shared/api/files';
import { isAppError, type Result } from '../shared/errors';
import type { Core } from './core';

export type IpcMainLike = Pick<IpcMain, 'handle' | 'removeHandler'>;

/** Decides whether an IPC message comes from one of our own windows. */
export interface SenderCheck {
  (event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>): boolean;
}

export const UNTRUSTED_SENDER: Result<never> = {
  ok: false,
  error: { code: 'untrusted_sender', messageKey: 'errors.untrustedSender' },
};

/**
 * Registers one handler per contract call. For every call: drop a sender that is not one of
 * our windows, then let core's dispatch parse the input and map failures.
 */
export function registerIpc(
  core: Pick<Core, 'call'>,
  isTrusted: SenderCheck,
  ipc: IpcMainLike = ipcMain,
): () => void {
  for (const name of callNames) {
    ipc.handle(channelFor(name), async (event, input: unknown) => {
      if (!isTrusted(event)) return UNTRUSTED_SENDER;
      return core.call(name, input);
    });
  }
  return () => {
    for (const name of callNames) ipc.removeHandler(channelFor(name));
  };
}

const notReadable: FileGrantResult = {
  ok: false,
  error: { code: 'file_not_readable', messageKey: 'errors.fileNotReadable' },
};

/**
 * The preload's one path-carrying channel: a File the user chose or dropped, resolved to its
 * path by `webUtils.getPathForFile`, becomes a grant the page can name in import calls.
 */
export function registerFileGrants(
  core: Pick<Core, 'grantFile'>,
  isTrusted: SenderCheck,
  ipc: IpcMainLike = ipcMain,
): () => void {
  ipc.handle(FILE_GRANT_CHANNEL, (event, path: unknown): FileGrantResult => {
    if (!isTrusted(event)) return UNTRUSTED_SENDER;
    if (typeof path !== 'string' || path.length === 0 || path.length > 4096) return notReadable;
    try {
      return { ok: true, value: core.grantFile(path) };
    } catch (e) {
      return isAppError(e) ? { ok: false, error: e.toInfo() } : notReadable;
    }
  });
  return () => ipc.removeHandler(FILE_GRANT_CHANNEL);
}

/** A trusted-sender set of webContents ids whose top frame shows our app. */
export function createSenderCheck(isAppUrl: (url: string) => boolean) {
  const trusted = new Set<number>();
  const check: SenderCheck = (event) => {
    const sender = event.sender as WebContents | undefined;
    if (!sender || !trusted.has(sender.id)) return false;
    const frame = event.senderFrame;
    if (!frame) return false;
    // Only the main frame of our page may call in, not an iframe that got loaded somehow.
    if (frame.parent !== null) return false;
    return isAppUrl(frame.url);
  };
  return {
    check,
    trust: (contents: WebContents) => {
      trusted.add(contents.id);
      contents.once('destroyed', () => trusted.delete(contents.id));
    },
  };
}

/** Forwards core events to every trusted window. */
export function forwardEvents(
  core: Pick<Core, 'onEvent'>,
  targets: () => WebContents[],
): () => void {
  return core.onEvent((name, payload) => {
    for (const wc of targets()) {
      if (!wc.isDestroyed()) wc.send(EVENT_CHANNEL, { name, payload });
    }
  });
}
