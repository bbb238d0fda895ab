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
import { createCore, type Core } from '../../../src/main/core';
import { CONTENT_SECURITY_POLICY } from '../../../src/main/security';
import { launchBrowser } from '../../support/e2e';
import { startHarnessServer, type HarnessServer } from '../../support/harness/server';

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
    // The worker threads' script (heavy work over many rows runs there) and what it shares.
    expect(files).toContain('/out/main/worker-entry.js');
    expect(files.filter((f) => f.startsWith('/out/main/chunks/')).length).toBeGreaterThan(0);
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

  describe("the packed renderer in Chromium through the harness, with the shell's CSP header", () => {
    let harness: HarnessServer;
    let core: Core;
    let origin: string;

    beforeAll(async () => {
      core = await createCore({ dataDir: join(work, 'data'), version: '0.1.0-packaged' });
      // The harness (real core, window.sms twin) with out/renderer served from inside
      // app.asar exactly as packed, plus the header the shell adds to every response.
      harness = await startHarnessServer(core, 0, async (req, res) => {
        const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
        if (path.startsWith('/__sms/')) return false;
        const inAsar = `out/renderer${path === '/' ? '/index.html' : decodeURIComponent(path)}`;
        let body: Buffer;
        try {
          body = asar.extractFile(asarPath, inAsar);
        } catch {
          res.writeHead(404).end();
          return true;
        }
        if (inAsar.endsWith('index.html')) {
          body = Buffer.from(
            body
              .toString('utf8')
              .replace('<head>', '<head>\n    <script src="/__sms/twin.js"></script>'),
          );
        }
        const types: Record<string, string> = {
          '.html': 'text/html; charset=utf-8',
          '.js': 'text/javascript; charset=utf-8',
          '.css': 'text/css; charset=utf-8',
          '.png': 'image/png',
        };
        res.writeHead(200, {
          'content-type': types[extname(inAsar)] ?? 'application/octet-stream',
          'content-security-policy': CONTENT_SECURITY_POLICY,
        });
        res.end(body);
        return true;
      });
      origin = new URL(harness.url).origin;
    }, 60_000);

    afterAll(async () => {
      await harness?.close();
      await core?.close();
    });

    it('renders the app with no CSP violation and no request leaving the machine', async () => {
      const browser = await launchBrowser();
      try {
        const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
        const remote: string[] = [];
        const cspConsole: string[] = [];
        await page.route('**/*', (route) => {
          const url = route.request().url();
          if (url.startsWith(origin) || url.startsWith('data:') || url.startsWith('blob:')) {
            return route.continue();
          }
          remote.push(url);
          return route.abort();
        });
        page.on('console', (m) => {
          const from = m.location().url;
          if (/Content Security Policy/i.test(m.text()) && !from.endsWith('/__sms/twin.js')) {
            cspConsole.push(m.text());
          }
        });
        // Strings, not functions: this project's Node typings have no DOM.
        await page.addInitScript(`
          window.__csp = [];
          document.addEventListener('securitypolicyviolation', (e) => {
            window.__csp.push([e.violatedDirective, e.blockedURI, e.sourceFile].join(' '));
          });
        `);
        await page.goto(`${origin}/`);
        // The navigation is React's: the whole bundle ran under the CSP.
        await page.getByTestId('nav-settings').click({ timeout: 30_000 });
        await page.locator('[data-page="settings"]').first().waitFor();
        expect(await page.title()).toBe('SMS Desk 短信助手');
        // The harness's twin (/__sms/twin.js) stands in for the preload and is not part of the
        // packed renderer: its zod probes for eval while building the contract's schemas.
        const violations = (await page.evaluate<string[]>('window.__csp')).filter(
          (v) => !v.endsWith(`${origin}/__sms/twin.js`),
        );
        expect(violations).toEqual([]);
        expect(cspConsole).toEqual([]);
        expect(remote).toEqual([]);
        const csp = await page.evaluate<string>(
          `document.querySelector('meta[http-equiv="Content-Security-Policy"]').content`,
        );
        expect(csp).toContain("script-src 'self'");
        expect(csp).not.toMatch(/unsafe-eval|https?:/);
      } finally {
        await browser.close();
      }
    });
  });
});
