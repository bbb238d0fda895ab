import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface WorkerEntry {
  file: string;
  execArgv: string[];
}

/**
 * Where the worker script is. The Electron build bundles it as `worker-entry.js` beside the
 * main bundle (electron.vite.config.ts); tests, the harness and the benches run the sources,
 * where the TypeScript entry is loaded through tsx (a dev dependency, never in the app).
 */
export function workerEntry(): WorkerEntry {
  for (const dir of [__dirname, join(__dirname, '..')]) {
    const js = join(dir, 'worker-entry.js');
    if (existsSync(js)) return { file: js, execArgv: [] };
  }
  const ts = join(__dirname, '..', 'worker-entry.ts');
  const tsx = createRequire(__filename).resolve('tsx');
  return { file: ts, execArgv: ['--import', pathToFileURL(tsx).href] };
}
