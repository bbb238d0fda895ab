import type { FileGrantResult } from '../../../shared/api/files';
import { SmsError } from './sms';

/**
 * The core reads only files the user picked, named by a grant. In Electron the preload turns a
 * chosen or dropped File into one (`window.smsFiles`); in the browser harness the bytes are
 * uploaded and the harness answers a grant — both routes end in the same import calls.
 */
export interface SmsFiles {
  grantForFile(file: File): Promise<FileGrantResult>;
}

declare global {
  interface Window {
    smsFiles?: SmsFiles;
  }
}

const uploadFailed = () =>
  new SmsError({ code: 'file_not_readable', messageKey: 'errors.fileNotReadable' });

export async function grantForFile(file: File): Promise<string> {
  if (window.smsFiles) {
    const res = await window.smsFiles.grantForFile(file);
    if (!res.ok) throw new SmsError(res.error);
    return res.value.grant;
  }
  // Harness only: Electron never serves this route, and there the preload answered above.
  let res: Response;
  try {
    res = await fetch(`/__sms/upload?name=${encodeURIComponent(file.name)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: file,
    });
  } catch {
    throw uploadFailed();
  }
  if (!res.ok) throw uploadFailed();
  const body = (await res.json()) as { grant?: unknown };
  if (typeof body.grant !== 'string') throw uploadFailed();
  return body.grant;
}
