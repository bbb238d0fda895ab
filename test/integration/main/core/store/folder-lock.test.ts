import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore } from '../../../../../src/main/core';

/** Two processes (or two cores) on one data folder would both run the outbox: the second is told. */
let dir: string;
let child: ChildProcess | null = null;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sms-lock-'));
});

afterEach(() => {
  child?.kill('SIGKILL');
  child = null;
  rmSync(dir, { recursive: true, force: true });
});

const ROOT = resolve(__dirname, '../../../../..');

/** Another process holding the folder, as a second app or harness would. */
async function holdInChild(): Promise<ChildProcess> {
  const code = `
    import { lockDataFolder } from ${JSON.stringify(join(ROOT, 'src/main/core/store/folder-lock.ts'))};
    lockDataFolder(process.argv[1]);
    process.stdout.write('locked\\n');
    setInterval(() => {}, 1000);
  `;
  const p = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code, dir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((ok, fail) => {
    let err = '';
    p.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    p.stdout!.on('data', (d: Buffer) => d.toString().includes('locked') && ok());
    p.once('exit', (c) => fail(new Error(`child exited ${c}: ${err}`)));
  });
  return p;
}

describe('data-folder lock', () => {
  it('refuses a second core on the same folder with a clear code, and admits it once the first closes', async () => {
    const first = await createCore({ dataDir: dir, env: {} });
    await expect(createCore({ dataDir: dir, env: {} })).rejects.toMatchObject({
      code: 'data_folder_in_use',
      messageKey: 'errors.dataFolderInUse',
    });
    // The refused core left nothing behind: the first keeps working.
    expect(await first.call('job.list', {})).toMatchObject({ ok: true });
    await first.close();
    const second = await createCore({ dataDir: dir, env: {} });
    expect(await second.call('job.list', {})).toMatchObject({ ok: true });
    await second.close();
  });

  it('refuses while another process holds the folder and takes over the lock it leaves when killed', async () => {
    child = await holdInChild();
    await expect(createCore({ dataDir: dir, env: {} })).rejects.toMatchObject({
      code: 'data_folder_in_use',
    });
    const exited = new Promise((ok) => child!.once('exit', ok));
    child.kill('SIGKILL');
    await exited;
    child = null;
    // The lock file is still there, but the OS dropped the dead process's lock with it.
    const core = await createCore({ dataDir: dir, env: {} });
    expect(await core.call('job.list', {})).toMatchObject({ ok: true });
    await core.close();
  });
});
