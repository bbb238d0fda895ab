import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultProfile } from '../../../../../src/main/core/emulator';

const ROOT = path.resolve(__dirname, '../../../../..');
const children: ChildProcess[] = [];
const tmpDirs: string[] = [];

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.once('line', (l) => {
      rl.close();
      resolve(l);
    });
    child.once('exit', (code) => reject(new Error(`emulator exited early (${code})`)));
  });
}

/**
 * Runs cli.ts the way `npm run emulator` does (TypeScript through tsx), but with tsx as a loader
 * inside one node process: the tsx CLI relays signals to a child with a 30 ms deadline and
 * reports exit 130 when a loaded machine misses it, which would make the exit code flaky.
 */
function startCli(args: string[]): ChildProcess {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/main/core/emulator/cli.ts', ...args],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.push(child);
  return child;
}

describe('npm run emulator (cli.ts)', () => {
  it('prints one JSON line with the practice account and serves until SIGTERM', async () => {
    const child = startCli([]);
    let stdout = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    const info = JSON.parse(await firstLine(child)) as Record<string, string>;
    expect(Object.keys(info).sort()).toEqual([
      'appKey',
      'endpoint',
      'region',
      'sdkAppId',
      'secretId',
      'secretKey',
    ]);
    expect(info.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(info.secretId).toBe(defaultProfile.accounts[0]!.secretId);
    expect(info.sdkAppId).toBe('1400000001');
    // The legacy App Key of the same application, for clients of the legacy API.
    expect(info.appKey).toBe(defaultProfile.accounts[0]!.appKey);
    expect(info.appKey).toMatch(/^[0-9a-f]{32}$/);
    const sent = await fetch(`${info.endpoint}/__emulator/sent`);
    expect(await sent.json()).toEqual([]);
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    // Exactly one line on stdout for its whole life: callers parse it as JSON.
    expect(stdout.split('\n')).toEqual([JSON.stringify(info), '']);
  });

  it('honours --port and --profile', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sms-emu-cli-'));
    tmpDirs.push(dir);
    const file = path.join(dir, 'profile.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        accounts: [
          { secretId: 'AKIDcustom', secretKey: 'k', sdkAppId: '1400123456', region: 'ap-beijing' },
        ],
      }),
    );
    // Find a free port by binding 0 first.
    const net = await import('node:net');
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const child = startCli(['--port', String(port), '--profile', file]);
    const info = JSON.parse(await firstLine(child)) as Record<string, string>;
    expect(info).toEqual({
      endpoint: `http://127.0.0.1:${port}`,
      secretId: 'AKIDcustom',
      secretKey: 'k',
      sdkAppId: '1400123456',
      region: 'ap-beijing',
    });
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});
