import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { WebContents } from 'electron';
import { callNames, channelFor, EVENT_CHANNEL } from '../../../src/shared/api';
import { AppError } from '../../../src/shared/errors';
import { dispatch } from '../../../src/main/core/kernel/dispatch';
import type { Handlers } from '../../../src/main/core/kernel/handlers';
import { FakeIpcMain, FakeWebContents, createElectronFake } from '../../support/electron-fake';
import type { IpcMainLike } from '../../../src/main/ipc';
import { FILE_GRANT_CHANNEL } from '../../../src/shared/api/files';

vi.mock('electron', () => createElectronFake());
const { registerIpc, registerFileGrants, createSenderCheck, forwardEvents, UNTRUSTED_SENDER } =
  await import('../../../src/main/ipc');

const APP = 'file:///app/out/renderer/index.html';
const appInfo = {
  version: '1',
  dataDir: '/d',
  platform: 'linux',
  mode: 'practice' as const,
  keychain: { available: true },
  endpointOverride: null,
};

describe('IPC registration', () => {
  let ipc: FakeIpcMain;
  let handler: ReturnType<typeof vi.fn>;
  let trusted: FakeWebContents;
  let check: ReturnType<typeof createSenderCheck>;
  let coreCalls: number;

  beforeEach(() => {
    ipc = new FakeIpcMain();
    handler = vi.fn(() => appInfo);
    coreCalls = 0;
    const handlers = { 'app.info': handler } as unknown as Handlers;
    check = createSenderCheck((url) => url.startsWith(APP));
    trusted = new FakeWebContents();
    check.trust(trusted as unknown as WebContents);
    registerIpc(
      {
        call: (name, input) => {
          coreCalls++;
          return dispatch(handlers, name, input);
        },
      },
      check.check,
      ipc as unknown as IpcMainLike,
    );
  });

  const fromApp = (wc = trusted) => ({ sender: wc, senderFrame: { url: APP, parent: null } });

  it('registers exactly one channel per contract call', () => {
    expect([...ipc.handlers.keys()].sort()).toEqual(callNames.map(channelFor).sort());
  });

  it('answers a trusted call with {ok, value}', async () => {
    expect(await ipc.invoke(channelFor('app.info'), fromApp(), undefined)).toEqual({
      ok: true,
      value: appInfo,
    });
  });

  it('rejects malformed input at the schema before the handler runs', async () => {
    const res = await ipc.invoke(channelFor('app.info'), fromApp(), { evil: '__proto__' });
    expect(res).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', messageKey: 'errors.invalidInput' },
    });
    expect(handler).not.toHaveBeenCalled();
  });

  it('drops calls from an unknown sender without reaching the core', async () => {
    const stranger = new FakeWebContents();
    const res = await ipc.invoke(channelFor('app.info'), fromApp(stranger), undefined);
    expect(res).toEqual({
      ok: false,
      error: { code: 'untrusted_sender', messageKey: 'errors.untrustedSender' },
    });
    expect(coreCalls).toBe(0);
  });

  it('drops calls from a subframe or a foreign page inside a trusted window', async () => {
    const sub = await ipc.invoke(
      channelFor('app.info'),
      { sender: trusted, senderFrame: { url: APP, parent: {} } },
      undefined,
    );
    const foreign = await ipc.invoke(
      channelFor('app.info'),
      { sender: trusted, senderFrame: { url: 'https://evil.example/', parent: null } },
      undefined,
    );
    const noFrame = await ipc.invoke(
      channelFor('app.info'),
      { sender: trusted, senderFrame: null },
      undefined,
    );
    for (const r of [sub, foreign, noFrame])
      expect(r).toMatchObject({ ok: false, error: { code: 'untrusted_sender' } });
    expect(coreCalls).toBe(0);
  });

  it('forgets a window once it is destroyed', async () => {
    trusted.emit('destroyed');
    expect(await ipc.invoke(channelFor('app.info'), fromApp(), undefined)).toMatchObject({
      ok: false,
      error: { code: 'untrusted_sender' },
    });
  });

  it('never lets a stack trace or raw error message cross IPC', async () => {
    handler.mockImplementation(() => {
      throw new Error('boom at /home/user/src/main/core/secret.ts:12 SecretKey=abc');
    });
    const res = await ipc.invoke(channelFor('app.info'), fromApp(), undefined);
    expect(res).toEqual({ ok: false, error: { code: 'internal', messageKey: 'errors.internal' } });
    expect(JSON.stringify(res)).not.toMatch(/boom|secret|\.ts:|at /i);
  });

  it('passes expected AppErrors through as {code, messageKey, details}', async () => {
    handler.mockImplementation(() => {
      throw new AppError('no_account', 'account.errors.none', { hint: 'x' });
    });
    expect(await ipc.invoke(channelFor('app.info'), fromApp(), undefined)).toEqual({
      ok: false,
      error: { code: 'no_account', messageKey: 'account.errors.none', details: { hint: 'x' } },
    });
  });

  it('refuses an output that breaks the contract instead of sending it', async () => {
    handler.mockImplementation(() => ({ version: 1 }));
    expect(await ipc.invoke(channelFor('app.info'), fromApp(), undefined)).toMatchObject({
      ok: false,
      error: { code: 'internal' },
    });
  });
});

describe('event forwarding', () => {
  it('sends core events to live windows only', () => {
    let listener: ((name: 'app.modeChanged', payload: unknown) => void) | undefined;
    const a = new FakeWebContents();
    const b = new FakeWebContents();
    b.destroyed = true;
    forwardEvents(
      { onEvent: (l) => ((listener = l as typeof listener), () => true) },
      () => [a, b] as unknown as WebContents[],
    );
    listener!('app.modeChanged', { mode: 'account' });
    expect(a.sent).toEqual([
      {
        channel: EVENT_CHANNEL,
        message: { name: 'app.modeChanged', payload: { mode: 'account' } },
      },
    ]);
    expect(b.sent).toEqual([]);
  });
});

describe('dispatch', () => {
  it('refuses unknown call names', async () => {
    expect(await dispatch({} as Handlers, 'fs.readFile', {})).toEqual({
      ok: false,
      error: { code: 'unknown_call', messageKey: 'errors.unknownCall' },
    });
    expect(await dispatch({} as Handlers, '__proto__', {})).toMatchObject({
      ok: false,
      error: { code: 'unknown_call' },
    });
  });
});

describe('file grants over IPC', () => {
  const setup = () => {
    const ipc = new FakeIpcMain();
    const check = createSenderCheck((url) => url.startsWith(APP));
    const trusted = new FakeWebContents();
    check.trust(trusted as unknown as WebContents);
    const granted: string[] = [];
    registerFileGrants(
      {
        grantFile: (path) => {
          if (path.endsWith('missing.csv'))
            throw new AppError('file_not_readable', 'errors.fileNotReadable');
          granted.push(path);
          return { grant: 'g-1', fileName: 'a.csv', sizeBytes: 1 };
        },
      },
      check.check,
      ipc as unknown as IpcMainLike,
    );
    return { ipc, trusted, granted };
  };

  it('turns a path from our own window into a grant and nothing more', async () => {
    const { ipc, trusted, granted } = setup();
    const from = { sender: trusted, senderFrame: { url: APP, parent: null } };
    expect(await ipc.invoke(FILE_GRANT_CHANNEL, from, '/home/u/a.csv')).toEqual({
      ok: true,
      value: { grant: 'g-1', fileName: 'a.csv', sizeBytes: 1 },
    });
    expect(await ipc.invoke(FILE_GRANT_CHANNEL, from, '/home/u/missing.csv')).toMatchObject({
      ok: false,
      error: { code: 'file_not_readable' },
    });
    for (const bad of [42, '', 'x'.repeat(5000), { path: '/etc/passwd' }]) {
      expect(await ipc.invoke(FILE_GRANT_CHANNEL, from, bad)).toMatchObject({ ok: false });
    }
    expect(granted).toEqual(['/home/u/a.csv']);
  });

  it('drops a request from a window that is not ours', async () => {
    const { ipc, granted } = setup();
    const stranger = new FakeWebContents();
    expect(
      await ipc.invoke(
        FILE_GRANT_CHANNEL,
        { sender: stranger, senderFrame: { url: APP, parent: null } },
        '/etc/passwd',
      ),
    ).toEqual(UNTRUSTED_SENDER);
    expect(granted).toEqual([]);
  });
});
