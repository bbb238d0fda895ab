import { describe, expect, it, vi } from 'vitest';
import { EventEmitter } from 'node:events';
import {
  EVENT_CHANNEL,
  callNames,
  channelFor,
  methodName,
  type SmsApi,
} from '../../../src/shared/api';
import { FILE_GRANT_CHANNEL } from '../../../src/shared/api/files';

const exposed: Record<string, unknown> = {};
const invoked: { channel: string; input: unknown }[] = [];
const ipcRenderer = Object.assign(new EventEmitter(), {
  invoke: async (channel: string, input: unknown) => {
    invoked.push({ channel, input });
    return { ok: true, value: 'v' };
  },
});

let pathOf = '/tmp/x';
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
  ipcRenderer,
  webUtils: { getPathForFile: () => pathOf },
}));

describe('preload', () => {
  it('exposes window.sms with named methods over their own channels, never ipcRenderer', async () => {
    await import('../../../src/preload/index');
    const sms = exposed.sms as SmsApi;
    expect(Object.keys(exposed).every((k) => !/ipc/i.test(k))).toBe(true);
    for (const name of callNames)
      expect(typeof (sms as unknown as Record<string, unknown>)[methodName(name)]).toBe('function');
    expect(await sms.appInfo()).toEqual({ ok: true, value: 'v' });
    expect(invoked).toEqual([{ channel: channelFor('app.info'), input: undefined }]);
  });

  it('delivers events from the single event channel and unsubscribes', async () => {
    await import('../../../src/preload/index');
    const sms = exposed.sms as SmsApi;
    const got: unknown[] = [];
    const off = sms.on('app.modeChanged', (p) => got.push(p));
    ipcRenderer.emit(EVENT_CHANNEL, {}, { name: 'app.modeChanged', payload: { mode: 'account' } });
    off();
    ipcRenderer.emit(EVENT_CHANNEL, {}, { name: 'app.modeChanged', payload: { mode: 'practice' } });
    expect(got).toEqual([{ mode: 'account' }]);
    expect(ipcRenderer.listenerCount(EVENT_CHANNEL)).toBe(0);
  });
});

describe('preload file grants', () => {
  it('resolves a real File to its path on the grant channel and hands back only the answer', async () => {
    await import('../../../src/preload/index');
    const files = exposed.smsFiles as {
      grantForFile(f: unknown): Promise<unknown>;
    };
    invoked.length = 0;
    expect(Object.keys(files)).toEqual(['grantForFile']);
    await expect(files.grantForFile({ name: 'x.csv' })).resolves.toEqual({ ok: true, value: 'v' });
    expect(invoked).toEqual([{ channel: FILE_GRANT_CHANNEL, input: '/tmp/x' }]);
  });

  it('refuses a File with no path (one the page made up) without asking main', async () => {
    await import('../../../src/preload/index');
    const files = exposed.smsFiles as { grantForFile(f: unknown): Promise<unknown> };
    invoked.length = 0;
    pathOf = '';
    await expect(files.grantForFile({ name: 'made-up.csv' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'file_not_readable' },
    });
    expect(invoked).toEqual([]);
    pathOf = '/tmp/x';
  });
});
