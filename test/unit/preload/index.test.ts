import { describe, expect, it, vi } from 'vitest';
import { EventEmitter } from 'node:events';
import {
  EVENT_CHANNEL,
  callNames,
  channelFor,
  methodName,
  type SmsApi,
} from '../../../src/shared/api';

const exposed: Record<string, unknown> = {};
const invoked: { channel: string; input: unknown }[] = [];
const ipcRenderer = Object.assign(new EventEmitter(), {
  invoke: async (channel: string, input: unknown) => {
    invoked.push({ channel, input });
    return { ok: true, value: 'v' };
  },
});

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
  ipcRenderer,
  webUtils: { getPathForFile: () => '/tmp/x' },
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
