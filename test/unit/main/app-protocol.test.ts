import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APP_ENTRY_URL,
  APP_SCHEME_PRIVILEGES,
  rendererFileFor,
  serveRenderer,
} from '../../../src/main/app-protocol';
import { CONTENT_SECURITY_POLICY, isAppUrl } from '../../../src/main/security';

describe('app:// — the renderer without file://', () => {
  let root: string;
  let dir: string;
  let handler: (request: { url: string }) => Promise<Response>;
  const fetched: string[] = [];

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'sms-desk-protocol-'));
    dir = join(root, 'renderer');
    mkdirSync(join(dir, 'assets'), { recursive: true });
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>SMS Desk</title>');
    writeFileSync(join(dir, 'assets', 'index.js'), 'console.log(1)');
    writeFileSync(join(root, 'secret.txt'), 'not for the renderer');
    const protocol = {
      handle(scheme: string, h: typeof handler) {
        expect(scheme).toBe('app');
        handler = h;
      },
    };
    serveRenderer(protocol as never, dir, async (url) => {
      fetched.push(url);
      return new Response(readFileSync(fileURLToPath(url)), {
        headers: { 'content-type': url.endsWith('.js') ? 'text/javascript' : 'text/html' },
      });
    });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('is a standard, secure scheme whose entry page is index.html', () => {
    expect(APP_SCHEME_PRIVILEGES).toEqual({
      scheme: 'app',
      privileges: { standard: true, secure: true, supportFetchAPI: true },
    });
    expect(APP_ENTRY_URL).toBe('app://sms-desk/index.html');
  });

  it('serves the renderer’s files with the app’s CSP header', async () => {
    const page = await handler({ url: APP_ENTRY_URL });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>SMS Desk</title>');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    const js = await handler({ url: 'app://sms-desk/assets/index.js' });
    expect(js.headers.get('content-type')).toBe('text/javascript');
    expect(await js.text()).toBe('console.log(1)');
  });

  it('serves nothing outside the renderer folder or for another host', async () => {
    fetched.length = 0;
    for (const url of [
      'app://sms-desk/%2e%2e/secret.txt',
      'app://sms-desk/..%2Fsecret.txt',
      'app://sms-desk/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      'app://other-host/index.html',
      'app://sms-desk/%00index.html',
      'app://sms-desk/%E0%A4%A',
    ]) {
      expect((await handler({ url })).status, url).toBe(404);
    }
    // Whatever was looked up lay inside the renderer folder.
    expect(fetched.every((u) => fileURLToPath(u).startsWith(dir + sep))).toBe(true);
    expect(fetched.some((u) => u.endsWith('/secret.txt') && !u.includes('/renderer/'))).toBe(false);
  });

  it('maps URLs to files only inside the folder', () => {
    expect(rendererFileFor('app://sms-desk/', dir)).toBe(join(dir, 'index.html'));
    expect(rendererFileFor('app://sms-desk/assets/index.js', dir)).toBe(
      join(dir, 'assets', 'index.js'),
    );
    expect(rendererFileFor('file:///etc/passwd', dir)).toBeNull();
    expect(rendererFileFor('not a url', dir)).toBeNull();
  });

  it('counts only app://sms-desk pages as the app (a custom scheme’s origin is opaque)', () => {
    expect(isAppUrl('app://sms-desk/index.html#/send', APP_ENTRY_URL)).toBe(true);
    expect(isAppUrl('app://evil/index.html', APP_ENTRY_URL)).toBe(false);
    expect(isAppUrl('other://sms-desk/index.html', APP_ENTRY_URL)).toBe(false);
    expect(isAppUrl('https://sms-desk/index.html', APP_ENTRY_URL)).toBe(false);
    expect(isAppUrl('file:///index.html', APP_ENTRY_URL)).toBe(false);
  });
});
