import { createReadStream, mkdtempSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { PickSavePath } from '../../../src/main/core/files';

/**
 * The harness's stand-in for the shell's save dialog: every export is "saved" into one folder
 * of its own (outside the data folder, which the core refuses), and `GET /__sms/download?name=`
 * hands a saved file back so a browser test can read what the user would open in Excel.
 */
export interface HarnessDownloads {
  dir: string;
  pick: PickSavePath;
  handle(req: IncomingMessage, res: ServerResponse): void;
}

export function createHarnessDownloads(dir = mkdtempSync(join(tmpdir(), 'sms-desk-downloads-'))) {
  const downloads: HarnessDownloads = {
    dir,
    pick: async (name) => join(dir, basename(name)),
    handle(req, res) {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      // A bare file name inside the downloads folder, never a path.
      const name = basename((url.searchParams.get('name') ?? '').replace(/\\/g, '/'));
      const file = join(dir, name);
      try {
        if (!name || !statSync(file).isFile()) throw new Error('not a file');
      } catch {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('not found');
        return;
      }
      res.writeHead(200, {
        'content-type': 'text/csv; charset=utf-8',
        'cache-control': 'no-store',
        'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(name)}`,
      });
      createReadStream(file).pipe(res);
    },
  };
  return downloads;
}
