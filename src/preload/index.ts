// The single preload IPC module: the only renderer-side code that touches ipcRenderer.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { EVENT_CHANNEL, channelFor, type EventName } from '../shared/api';
import type { Result } from '../shared/errors';
import { buildBridge } from './bridge';

const api = buildBridge(
  (name, input) => ipcRenderer.invoke(channelFor(name), input) as Promise<Result<unknown>>,
  (listener) => {
    const handler = (_event: IpcRendererEvent, message: { name: EventName; payload: unknown }) =>
      listener(message.name, message.payload);
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, handler);
    };
  },
);

contextBridge.exposeInMainWorld('sms', api);

// A dropped or chosen File has no path in a sandboxed renderer; the core imports by path.
// Only this one resolver is exposed — never file reading or any other Node capability.
contextBridge.exposeInMainWorld('smsFiles', {
  pathForFile: (file: File): string => webUtils.getPathForFile(file),
});
