// The single main-side IPC module: the only place that touches ipcMain.
import { ipcMain, type IpcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { EVENT_CHANNEL, callNames, channelFor } from '../shared/api';
import type { Result } from '../shared/errors';
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
