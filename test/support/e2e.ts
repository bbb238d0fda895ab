/**
 * End-to-end support: starts the browser harness (real core in Node, built renderer, the
 * `window.sms` twin) as a child process, and drives it with the system Chromium.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium, type Browser, type Page } from 'playwright-core';

export const ROOT = resolve(__dirname, '../..');
export const RESULTS_DIR = join(ROOT, 'test-results');

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  const found = candidates.find((p): p is string => !!p && existsSync(p));
  if (!found)
    throw new Error('Chromium not found: apt-get install chromium (or set CHROMIUM_PATH)');
  return found;
}

export interface Harness {
  url: string;
  dataDir: string;
  process: ChildProcess;
  /** Stops the harness (SIGTERM, then SIGKILL) and waits for it to exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export async function startHarness(
  opts: { dataDir?: string; env?: Record<string, string>; args?: string[] } = {},
): Promise<Harness> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'sms-desk-e2e-'));
  // One process (node with the tsx loader), not the tsx wrapper: a kill then reaches the
  // harness itself, which is what crash tests rely on.
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/support/harness/cli.ts', '--data-dir', dataDir, ...(opts.args ?? [])],
    {
      cwd: ROOT,
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const line = await new Promise<string>((ok, fail) => {
    const rl = createInterface({ input: child.stdout! });
    const timer = setTimeout(
      () => fail(new Error(`harness did not start in time: ${stderr}`)),
      90_000,
    );
    rl.once('line', (l) => {
      clearTimeout(timer);
      ok(l);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`harness exited with ${code}: ${stderr}`));
    });
  });
  const info = JSON.parse(line) as { url: string; dataDir: string };
  return {
    url: info.url,
    dataDir: info.dataDir,
    process: child,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
      child.kill(signal);
      const t = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(t);
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
}

export interface App {
  browser: Browser;
  page: Page;
  harness: Harness;
  /** Console errors and uncaught page errors seen so far. */
  consoleErrors: string[];
  screenshot(name: string): Promise<string>;
  stop(): Promise<void>;
}

/** Starts harness + Chromium and opens the app; `stop()` tears everything down. */
export async function startApp(
  opts: {
    dataDir?: string;
    env?: Record<string, string>;
    args?: string[];
    keepDataDir?: boolean;
    /**
     * Runs after the page is made and before it opens the app, so a listener attached here
     * sees every request of the first load (listeners attached after startApp miss them).
     */
    beforeOpen?: (page: Page, harness: Harness) => void;
  } = {},
): Promise<App> {
  const harness = await startHarness(opts);
  const browser = await launchBrowser();
  const context = await browser.newContext({
    viewport: { width: 1280, height: 860 },
    locale: 'zh-CN',
  });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
  opts.beforeOpen?.(page, harness);
  await page.goto(harness.url);
  mkdirSync(RESULTS_DIR, { recursive: true });
  return {
    browser,
    page,
    harness,
    consoleErrors,
    async screenshot(name) {
      const file = join(RESULTS_DIR, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    async stop() {
      await browser.close().catch(() => {});
      await harness.stop();
      if (!opts.dataDir && !opts.keepDataDir)
        rmSync(harness.dataDir, { recursive: true, force: true });
    },
  };
}
