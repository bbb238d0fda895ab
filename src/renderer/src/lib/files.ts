/**
 * The core always reads a file by PATH, so a chosen or dropped File must become one. In
 * Electron the preload resolves it (`webUtils.getPathForFile`); in the browser harness there
 * is no path, so the bytes are uploaded to a temporary file and its path is used instead —
 * both routes end in the same core call.
 */
export interface SmsFiles {
  pathForFile(file: File): string;
}

declare global {
  interface Window {
    smsFiles?: SmsFiles;
  }
}

export class FilePathError extends Error {
  constructor(readonly reason: 'noPath' | 'uploadFailed') {
    super(reason);
    this.name = 'FilePathError';
  }
}

export async function pathForFile(file: File): Promise<string> {
  const native = window.smsFiles?.pathForFile(file);
  if (native) return native;
  // Harness only: Electron never serves this route, and there the preload answered above.
  let res: Response;
  try {
    res = await fetch(`/__sms/upload?name=${encodeURIComponent(file.name)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: file,
    });
  } catch {
    throw new FilePathError('uploadFailed');
  }
  if (!res.ok) throw new FilePathError(window.smsFiles ? 'noPath' : 'uploadFailed');
  const body = (await res.json()) as { path?: unknown };
  if (typeof body.path !== 'string') throw new FilePathError('uploadFailed');
  return body.path;
}
