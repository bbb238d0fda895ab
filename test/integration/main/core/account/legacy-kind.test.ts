/**
 * The legacy App Key kind of account, end to end through the core: saved into the REAL OS
 * keychain (Secret Service via scripts/with-keyring.mjs), tested with a read-only legacy pull
 * against the emulator (SMS_DESK_TENCENT_LEGACY_ENDPOINT), used for sending through the legacy
 * gateway, and never found in the data directory, a result or the log in any disguise.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import keytar from 'keytar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../../../src/main/core';
import {
  defaultProfile,
  startEmulator,
  type RunningEmulator,
} from '../../../../../src/main/core/emulator';
import { LegacyGateway } from '../../../../../src/main/core/gateway/legacy-gateway';
import { createKeytarStore } from '../../../../../src/main/core/keychain';
import type { AccountStatus, ConnectionTest } from '../../../../../src/shared/api/account';
import { findSecretInDir, findSecretInText, listFiles } from '../../../../support/secret-scan';

const SERVICE = `SMS Desk Legacy Test ${process.pid}-${Date.now()}`;
const [PRACTICE, , , IP_LOCKED] = defaultProfile.accounts;
const APP_KEY = PRACTICE!.appKey!;
const ENTRY = `app-key:${PRACTICE!.sdkAppId}`;

let emulator: RunningEmulator;
let dataDir: string;
let core: Core | undefined;
const results: string[] = [];

async function start(env: Record<string, string> = {}): Promise<Core> {
  core = await createCore({
    dataDir,
    env: { SMS_DESK_TENCENT_LEGACY_ENDPOINT: emulator.endpoint, ...env },
    secretStore: createKeytarStore(SERVICE),
  });
  return core;
}

async function call<T>(name: string, input: unknown): Promise<T> {
  const r = (await core!.call(name as never, input as never)) as {
    ok: boolean;
    value?: unknown;
    error?: unknown;
  };
  results.push(JSON.stringify(r));
  if (!r.ok) throw new Error(`call failed: ${JSON.stringify(r.error)}`);
  return r.value as T;
}

async function issues(name: string, input: unknown): Promise<{ path: string; message: string }[]> {
  const r = (await core!.call(name as never, input as never)) as {
    ok: boolean;
    error?: { details?: { issues?: { path: string; message: string }[] } };
  };
  results.push(JSON.stringify(r));
  expect(r.ok).toBe(false);
  return r.error?.details?.issues ?? [];
}

const legacy = (appKey = APP_KEY, sdkAppId = PRACTICE!.sdkAppId) => ({
  kind: 'appKey',
  sdkAppId,
  appKey,
  region: 'ap-guangzhou',
});

beforeAll(async () => {
  const probe = await createKeytarStore(SERVICE).probe();
  if (!probe.available) {
    throw new Error(`No usable Secret Service (${probe.reason}): run through with-keyring.mjs.`);
  }
  emulator = await startEmulator();
  dataDir = mkdtempSync(join(tmpdir(), 'sms-desk-legacy-'));
  await start();
});

afterAll(async () => {
  await core?.close();
  await emulator?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  await keytar.deletePassword(SERVICE, ENTRY).catch(() => false);
});

describe('connection test of the legacy kind', () => {
  it('passes with the right App Key and says templates are added by hand', async () => {
    const test = await call<ConnectionTest>('account.testConnection', legacy());
    expect(test).toMatchObject({ ok: true, problem: null, manualTemplates: true });
  });

  it('names each failure exactly: wrong App Key, unknown App ID, IP not allowed, unreachable', async () => {
    const wrong = await call<ConnectionTest>(
      'account.testConnection',
      legacy('ffffffffffffffffffffffffffffffff'),
    );
    expect(wrong).toMatchObject({
      ok: false,
      problem: 'wrongAppKey',
      code: 'InternalError.SigVerificationFail',
    });
    const unknownApp = await call<ConnectionTest>(
      'account.testConnection',
      legacy(APP_KEY, '1400999999'),
    );
    expect(unknownApp).toMatchObject({ problem: 'appIdUnknown' });
    const ip = await call<ConnectionTest>(
      'account.testConnection',
      legacy(IP_LOCKED!.appKey!, IP_LOCKED!.sdkAppId),
    );
    expect(ip).toMatchObject({ problem: 'ipNotAllowed' });

    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    await core!.close();
    await start({ SMS_DESK_TENCENT_LEGACY_ENDPOINT: `http://127.0.0.1:${port}` });
    const down = await call<ConnectionTest>('account.testConnection', legacy());
    expect(down).toMatchObject({ ok: false, problem: 'networkDown', code: 'Network.Refused' });
    await core!.close();
    await start();
  });

  it('recognises a key pasted into the other kind’s field by its shape', async () => {
    expect(await issues('account.testConnection', legacy(PRACTICE!.secretKey))).toContainEqual({
      path: 'appKey',
      message: 'account.validation.appKeyIsSecretKey',
    });
    expect(await issues('account.testConnection', legacy(PRACTICE!.secretId))).toContainEqual({
      path: 'appKey',
      message: 'account.validation.appKeyIsSecretId',
    });
    expect(
      await issues('account.testConnection', {
        sdkAppId: PRACTICE!.sdkAppId,
        secretId: PRACTICE!.secretId,
        secretKey: APP_KEY,
        region: 'ap-guangzhou',
      }),
    ).toContainEqual({ path: 'secretKey', message: 'account.validation.secretKeyIsAppKey' });
  });
});

describe('saving and using a legacy account', () => {
  it('refuses to save a wrong App Key, and stores nothing', async () => {
    const r = await call<{ saved: boolean; test: ConnectionTest }>(
      'account.save',
      legacy('ffffffffffffffffffffffffffffffff'),
    );
    expect(r.saved).toBe(false);
    expect(r.test.problem).toBe('wrongAppKey');
    expect(await keytar.getPassword(SERVICE, ENTRY)).toBeNull();
  });

  it('keeps the App Key only in the keychain; the status shows the kind, never the key', async () => {
    const r = await call<{ saved: boolean; status: AccountStatus }>('account.save', legacy());
    expect(r.saved).toBe(true);
    expect(r.status).toMatchObject({
      mode: 'account',
      kind: 'appKey',
      stored: 'keychain',
      verified: true,
      secretIdMasked: null,
    });
    expect(await keytar.getPassword(SERVICE, ENTRY)).toBe(APP_KEY);
    expect(core!.context.gateways.mode()).toBe('legacy');
    const gw = await core!.context.gateways.current();
    expect(gw).toBeInstanceOf(LegacyGateway);
    expect(gw.sdkAppId).toBe(PRACTICE!.sdkAppId);
  });

  it('sends through the legacy API with the key read back from the keychain after a restart', async () => {
    await core!.close();
    await start();
    const status = await call<AccountStatus>('account.status', undefined);
    expect(status).toMatchObject({ mode: 'account', kind: 'appKey', needsSecret: false });
    const gw = await core!.context.gateways.current();
    const r = await gw.sendSms({
      phones: ['+8613811112222'],
      templateId: '2001001',
      signName: 'SMS Desk练习',
      params: ['246810', '5'],
      sessionContext: '1:1',
    });
    expect(r.kind === 'answered' && r.results[0]!.outcome).toBe('sent');
    expect(emulator.sent().at(-1)).toMatchObject({ phone: '+8613811112222', api: 'legacy' });
    // The stored key is used when none is typed.
    const retest = await call<{ test: ConnectionTest }>('account.retest', undefined);
    expect(retest.test.ok).toBe(true);
  });

  it('leaves the App Key in no file, result or log, in any disguise', async () => {
    await core!.close();
    core = undefined;
    expect(findSecretInDir(dataDir, APP_KEY)).toEqual([]);
    expect(listFiles(dataDir).some((f) => f.endsWith('.log'))).toBe(true);
    for (const text of results) expect(findSecretInText(text, APP_KEY)).toEqual([]);
    const logs = listFiles(dataDir).filter((f) => f.endsWith('.log'));
    for (const f of logs) expect(readFileSync(f, 'latin1')).toContain('connection test');
    await start();
  });

  it('removing the account deletes its keychain entry', async () => {
    const status = await call<AccountStatus>('account.remove', undefined);
    expect(status).toMatchObject({ mode: 'practice', stored: 'none' });
    expect(await keytar.getPassword(SERVICE, ENTRY)).toBeNull();
    expect(core!.context.gateways.mode()).toBe('practice');
  });
});
