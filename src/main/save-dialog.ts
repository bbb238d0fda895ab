import type { BrowserWindow, Dialog, SaveDialogOptions } from 'electron';
import { join } from 'node:path';

/**
 * The core's save port in the app: the native save dialog, opened in the user's Documents
 * folder with the name the core suggests. The core writes only to what this returns.
 */
export function createSavePicker(
  dialog: Pick<Dialog, 'showSaveDialog'>,
  documents: () => string,
  parent: () => BrowserWindow | undefined,
): (suggestedName: string) => Promise<string | null> {
  return async (suggestedName) => {
    const options: SaveDialogOptions = {
      defaultPath: join(documents(), suggestedName),
      filters: [{ name: 'CSV', extensions: ['csv'] }],
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    };
    const win = parent();
    const res = win
      ? await dialog.showSaveDialog(win, options)
      : await dialog.showSaveDialog(options);
    return res.canceled || !res.filePath ? null : res.filePath;
  };
}
