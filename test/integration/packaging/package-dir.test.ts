/**
 * `npm run package:dir` on a machine without the Electron binary: electron-builder packs the
 * app around a stub Electron distribution made here, offline, and the afterPack hook flips the
 * fuses. Then the packed app is opened and checked as a user's machine would load it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import * as asar from '@electron/asar';
import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeStubElectronDist } from '../../../scripts/packaging/stub-electron';

const ROOT = resolve(__dirname, '../../..');

/**
 * What the packed app may weigh (app.asar + app.asar.unpacked, Linux x64). Measured at
 * 29 MiB + 2.9 MiB when this budget was set; the margin leaves room for growth, not for a
 * devDependency or a second platform's native addons slipping in.
 */
const SIZE_BUDGET_BYTES = 40 * 1024 * 1024;

/** Any address electron-builder might try: a closed loopback port makes it fail at once. */
const OFFLINE_ENV = {
  ELECTRON_MIRROR: 'http://127.0.0.1:9/',
  ELECTRON_BUILDER_BINARIES_MIRROR: 'http://127.0.0.1:9/',
  ELECTRON_BUILDER_OFFLINE: 'true',
  CSC_IDENTITY_AUTO_DISCOVERY: 'false',
  NO_UPDATE_NOTIFIER: '1',
};

function dirSize(path: string): number {
  return readdirSync(path, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .reduce((sum, e) => sum + statSync(join(e.parentPath, e.name)).size, 0);
}

/** `npm run …` the same way on every OS (the release workflow runs this on all three). */
function npmRun(args: string[], env: NodeJS.ProcessEnv) {
  const npmCli = process.env.npm_execpath;
  return npmCli && npmCli.endsWith('.js')
    ? spawnSync(process.execPath, [npmCli, 'run', ...args], { cwd: ROOT, env, encoding: 'utf8' })
    : spawnSync('npm', ['run', ...args], {
        cwd: ROOT,
        env,
        encoding: 'utf8',
        shell: process.platform === 'win32',
      });
}

describe('npm run package:dir with a stub Electron (Linux x64)', () => {
  let work: string;
  let appDir: string;
  let asarPath: string;
  let files: string[];
  let log: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'sms-desk-package-'));
    const stub = await makeStubElectronDist(join(work, 'electron-dist'));
    const out = join(work, 'dist');
    const run = npmRun(
      [
        'package:dir',
        '--',
        '--linux',
        '--x64',
        `-c.electronDist=${stub}`,
        '-c.npmRebuild=false',
        `-c.directories.output=${out}`,
      ],
      { ...process.env, ...OFFLINE_ENV },
    );
    log = `${run.stdout}\n${run.stderr}`;
    if (run.status !== 0) throw new Error(`package:dir failed (${run.status}):\n${log}`);
    appDir = join(out, 'linux-unpacked');
    asarPath = join(appDir, 'resources', 'app.asar');
    files = asar.listPackage(asarPath, { isPack: false }).map((f) => f.replaceAll('\\', '/'));
  }, 240_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('packs the entry point named by package.json, and the built main, preload and renderer', () => {
    const pkg = JSON.parse(asar.extractFile(asarPath, 'package.json').toString('utf8')) as {
      main: string;
      name: string;
      productName: string;
    };
    const entry = '/' + pkg.main.replace(/^\.\//, '');
    expect(entry).toBe('/out/main/index.js');
    expect(files).toContain(entry);
    expect(files).toContain('/out/preload/index.js');
    expect(files).toContain('/out/renderer/index.html');
    expect(files).toContain('/resources/icon.png');
    expect(pkg.productName).toBe('SMS Desk');
  });

  it('packs no sources, tests, bench data or source maps', () => {
    const offending = files.filter(
      (f) =>
        /^\/(src|test|bench|docs|scripts|build)(\/|$)/.test(f) ||
        (f.startsWith('/out/') && f.endsWith('.map')) ||
        (!f.startsWith('/node_modules/') && /\.(ts|tsx|mts)$/.test(f)),
    );
    expect(offending).toEqual([]);
  });

  it('packs no package that only development needs', () => {
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { dev?: boolean }>;
    };
    const devOnly = Object.entries(lock.packages)
      .filter(([path, p]) => path.startsWith('node_modules/') && p.dev === true)
      .map(([path]) => '/' + path);
    const packed = new Set(
      files
        .map((f) => /^(\/node_modules\/(?:@[^/]+\/)?[^/]+)/.exec(f)?.[1])
        .filter((x): x is string => !!x),
    );
    expect(devOnly.length).toBeGreaterThan(100);
    expect(devOnly.filter((p) => packed.has(p))).toEqual([]);
    for (const name of ['electron', 'electron-builder', 'vitest', 'typescript', 'antd', 'react']) {
      expect(packed.has(`/node_modules/${name}`)).toBe(false);
    }
    // The runtime dependencies main loads at run time are there.
    for (const name of ['better-sqlite3', 'keytar', 'tencentcloud-sdk-nodejs-sms', 'zod']) {
      expect(packed.has(`/node_modules/${name}`)).toBe(true);
    }
  });

  it('keeps every native .node file outside the archive, in app.asar.unpacked', () => {
    const natives = files.filter((f) => extname(f) === '.node');
    expect(natives.length).toBeGreaterThanOrEqual(2);
    for (const f of natives) {
      expect(asar.statFile(asarPath, f.slice(1)), f).toMatchObject({ unpacked: true });
      expect(existsSync(join(appDir, 'resources', 'app.asar.unpacked', f)), f).toBe(true);
    }
    expect(natives.some((f) => f.includes('/better-sqlite3/'))).toBe(true);
    expect(natives.some((f) => f.includes('/keytar/'))).toBe(true);
    // Only this platform's prebuilt SQLite addon, not one for every OS.
    expect(natives.filter((f) => f.includes('/better-sqlite3/prebuilds/'))).toEqual([
      '/node_modules/better-sqlite3/prebuilds/linux-x64.node',
    ]);
  });

  it(`stays under the size budget of ${SIZE_BUDGET_BYTES / 1024 / 1024} MiB`, () => {
    const size = statSync(asarPath).size + dirSize(join(appDir, 'resources', 'app.asar.unpacked'));
    console.log(`packed app: ${(size / 1024 / 1024).toFixed(1)} MiB`);
    expect(size).toBeLessThan(SIZE_BUDGET_BYTES);
  });

  it('ran the fuse hook on the packed executable: every required fuse reads back as set', async () => {
    expect(log).toContain('fuses flipped and verified');
    const wire = await getCurrentFuseWire(join(appDir, 'sms-desk'));
    expect(wire[FuseV1Options.RunAsNode]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(FuseState.ENABLE);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(FuseState.ENABLE);
    expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(FuseState.ENABLE);
    expect(wire[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(FuseState.DISABLE);
  });

  it('writes the updater config next to the archive', () => {
    expect(existsSync(join(appDir, 'resources', 'app-update.yml'))).toBe(true);
  });
});
