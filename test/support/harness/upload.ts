import { createWriteStream, mkdirSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { IMPORT_MAX_FILE_BYTES } from '../../../src/shared/api/imports';
import type { Core } from '../../../src/main/core';

/**
 * `POST /__sms/upload?name=<file name>`: the harness twin's stand-in for the preload's file
 * grant. The raw body becomes a temporary file under the data dir, the core grants it as it
 * grants a file the user picked in the app, and the answer is the grant `{grant, fileName,
 * sizeBytes}` — never a path. A little over the import limit is accepted so the core itself
 * reports "too large".
 */
export async function handleUpload(
  core: Pick<Core, 'grantFile' | 'context'>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const dataDir = core.context.dataDir;
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const raw = url.searchParams.get('name') ?? 'upload';
  // Keep the name the user sees (it is shown in the import list), never a path.
  const name = basename(raw.replace(/\\/g, '/')).replace(/[\0/]/g, '') || 'upload';
  const root = join(dataDir, 'uploads');
  mkdirSync(root, { recursive: true });
  const dir = await mkdtemp(join(root, 'u-'));
  const file = join(dir, name);
  let size = 0;
  const limit = IMPORT_MAX_FILE_BYTES + 1024 * 1024;
  try {
    await pipeline(
      req,
      async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          size += chunk.length;
          if (size > limit) throw new Error('too large');
          yield chunk;
        }
      },
      createWriteStream(file),
    );
  } catch {
    res.writeHead(413, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: 'upload_failed' }));
    return;
  }
  res.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  });
  res.end(JSON.stringify(core.grantFile(file)));
}
