/**
 * `npm run harness -- [--data-dir DIR] [--port N] [--emulator URL] [--clock-offset-ms N]`
 * Builds the renderer if needed, starts the real core on DIR, serves the app with the
 * `window.sms` twin on 127.0.0.1, prints one JSON line {url, dataDir}, runs until killed.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createCore } from '../../../src/main/core';
import { startHarnessServer } from './server';
import { createHarnessDownloads } from './downloads';
import { createHarnessClock } from './clock';

const ROOT = resolve(__dirname, '../../..');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      emulator: { type: 'string' },
      rebuild: { type: 'boolean' },
      /** Start the core's clock this far ahead of the real time (E2E: "the app was closed"). */
      'clock-offset-ms': { type: 'string' },
    },
    allowPositionals: false,
  });
  if (values.rebuild || !existsSync(join(ROOT, 'out/renderer/index.html'))) {
    execFileSync(
      process.execPath,
      [join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'],
      {
        cwd: ROOT,
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
  }
  const dataDir = resolve(values['data-dir'] ?? mkdtempSync(join(tmpdir(), 'sms-desk-')));
  const env = { ...process.env };
  if (values.emulator) env.SMS_DESK_PRACTICE_EMULATOR = values.emulator;
  const downloads = createHarnessDownloads();
  const harnessClock = createHarnessClock(Number(values['clock-offset-ms'] ?? 0) || 0);
  const core = await createCore({
    dataDir,
    clock: harnessClock.clock,
    version: '0.1.0-harness',
    env,
    pickSavePath: downloads.pick,
  });
  const server = await startHarnessServer(
    core,
    values.port ? Number(values.port) : 0,
    (req, res) => harnessClock.route(req, res, () => core.wake()),
    downloads,
  );
  process.stdout.write(JSON.stringify({ url: server.url, dataDir }) + '\n');

  const stop = async () => {
    await server.close();
    await core.close();
    rmSync(downloads.dir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

main().catch((e: unknown) => {
  process.stderr.write(`harness failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
