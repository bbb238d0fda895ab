// The single preload IPC module: the only renderer-side code that touches ipcRenderer.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { EVENT_CHANNEL, channelFor, type EventName } from '../shared/api';
import { FILE_GRANT_CHANNEL, type FileGrantResult } from '../shared/api/files';
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

// A chosen or dropped File becomes a grant: the path is resolved here, from a real File only
// (`getPathForFile` answers '' for a File the page made up), and handed to main on a channel the
// page cannot reach; the page only ever holds the grant id.
const unreadable: FileGrantResult = {
  ok: false,
  error: { code: 'file_not_readable', messageKey: 'errors.fileNotReadable' },
};
contextBridge.exposeInMainWorld('smsFiles', {
  grantForFile: async (file: File): Promise<FileGrantResult> => {
    let path: string;
    try {
      path = webUtils.getPathForFile(file);
    } catch {
      return unreadable;
    }
    if (!path) return unreadable;
    return (await ipcRenderer.invoke(FILE_GRANT_CHANNEL, path)) as FileGrantResult;
  },
});
