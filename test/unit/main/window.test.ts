import { describe, expect, it } from 'vitest';
import type { Session, WebContents } from 'electron';
import {
  confirmUnloadWhileBusy,
  denyAllPermissions,
  guardWebContents,
  secureWebPreferences,
  windowOptions,
} from '../../../src/main/window';
import { shellMessages } from '../../../src/main/messages';
import { FakeSession, FakeWebContents, fakeShell } from '../../support/electron-fake';

const APP = 'file:///opt/sms-desk/resources/app.asar/out/renderer/index.html';

describe('window security', () => {
  it('uses exactly the secure webPreferences', () => {
    expect(secureWebPreferences('/p/preload.js')).toEqual({
      preload: '/p/preload.js',
      devTools: false,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    });
    expect(windowOptions('/p/preload.js').webPreferences).toEqual(
      secureWebPreferences('/p/preload.js'),
    );
    // DevTools only when the shell says the app is not packaged.
    expect(windowOptions('/p/preload.js', undefined, true).webPreferences).toMatchObject({
      devTools: true,
      sandbox: true,
    });
  });

  const setup = (answer = false) => {
    const wc = new FakeWebContents();
    const shell = fakeShell();
    const asked: string[] = [];
    guardWebContents(
      wc as unknown as WebContents,
      () => APP,
      shell,
      async (url) => {
        asked.push(url);
        return answer;
      },
    );
    return { wc, shell, asked };
  };

  it('denies navigation away from the app and allows our own page', () => {
    const { wc } = setup();
    expect(wc.fire('will-navigate', 'https://evil.example.com/')).toBe(true);
    expect(wc.fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(wc.fire('will-redirect', 'http://127.0.0.1:1/')).toBe(true);
    expect(wc.fire('will-navigate', APP)).toBe(false);
  });

  it('denies webviews', () => {
    const { wc } = setup();
    expect(wc.fire('will-attach-webview', {}, {})).toBe(true);
  });

  it('denies window.open; Tencent console and docs open at once, anything else only if the user agrees', async () => {
    const { wc, shell, asked } = setup(false);
    const open = wc.windowOpenHandler!;
    expect(open({ url: 'https://console.cloud.tencent.com/smsv2' })).toEqual({ action: 'deny' });
    expect(open({ url: 'https://cloud.tencent.com/document/product/382' })).toEqual({
      action: 'deny',
    });
    expect(open({ url: 'http://example.com/a?b=1' })).toEqual({ action: 'deny' });
    // Look-alikes and downgrades are not Tencent.
    expect(open({ url: 'https://cloud.tencent.com.evil.example/' })).toEqual({ action: 'deny' });
    expect(open({ url: 'http://console.cloud.tencent.com/' })).toEqual({ action: 'deny' });
    expect(open({ url: 'https://user@cloud.tencent.com/' })).toEqual({ action: 'deny' });
    expect(open({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(open({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(open({ url: 'smb://host/share' })).toEqual({ action: 'deny' });
    expect(open({ url: 'not a url' })).toEqual({ action: 'deny' });
    await new Promise((r) => setImmediate(r));
    expect(shell.opened).toEqual([
      'https://console.cloud.tencent.com/smsv2',
      'https://cloud.tencent.com/document/product/382',
    ]);
    expect(asked).toEqual([
      'http://example.com/a?b=1',
      'https://cloud.tencent.com.evil.example/',
      'http://console.cloud.tencent.com/',
      'https://user@cloud.tencent.com/',
    ]);
  });

  it('opens another link once the user agreed', async () => {
    const { wc, shell } = setup(true);
    wc.windowOpenHandler!({ url: 'https://example.com/help' });
    await new Promise((r) => setImmediate(r));
    expect(shell.opened).toEqual(['https://example.com/help']);
  });

  it('denies every permission request and check', () => {
    const s = new FakeSession();
    denyAllPermissions(s as unknown as Session);
    const answers: boolean[] = [];
    for (const p of ['media', 'notifications', 'geolocation', 'clipboard-read']) {
      s.permissionRequestHandler!(null, p, (granted) => answers.push(granted));
    }
    expect(answers).toEqual([false, false, false, false]);
    expect(s.permissionCheckHandler!()).toBe(false);
  });
});

describe('closing while a batch is sending', () => {
  it('closes only when the user chooses to', () => {
    const wc = new FakeWebContents();
    let answer = false;
    let asked = 0;
    confirmUnloadWhileBusy(wc as unknown as WebContents, () => {
      asked++;
      return answer;
    });
    expect(wc.fire('will-prevent-unload')).toBe(false);
    answer = true;
    expect(wc.fire('will-prevent-unload')).toBe(true);
    expect(asked).toBe(2);
  });

  it('asks in the system language, Chinese first', () => {
    expect(shellMessages('zh-CN').closeWhileSending.stay).toBe('继续发送');
    expect(shellMessages('zh-TW').closeWhileSending.stay).toBe('继续发送');
    expect(shellMessages('en-GB').closeWhileSending.stay).toBe('Keep sending');
  });
});
