/**
 * The account key in the REAL OS keychain: keytar against a real Secret Service (gnome-keyring
 * in a private D-Bus session, started by scripts/with-keyring.mjs, which `npm run
 * test:integration` and .ci/run use). Without a usable keyring these tests fail, never skip.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import keytar from 'keytar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../../../src/main/core';
import { startEmulator, type RunningEmulator } from '../../../../../src/main/core/emulator';
import { defaultProfile } from '../../../../../src/main/core/emulator';
import { createKeytarStore } from '../../../../../src/main/core/keychain';
import type { AccountStatus } from '../../../../../src/shared/api/account';
import { findSecretInDir } from '../../../../support/secret-scan';

// A service of its own so a developer's real "SMS Desk" entry is never touched.
const SERVICE = `SMS Desk Test ${process.pid}-${Date.now()}`;

let emulator: RunningEmulator;
let dataDir: string;
let core: Core | undefined;

const personal = defaultProfile.accounts.find((a) => a.accountType === 'personal')!;

async function start(): Promise<Core> {
  core = await createCore({
    dataDir,
    env: { SMS_DESK_TENCENT_ENDPOINT: emulator.endpoint },
    secretStore: createKeytarStore(SERVICE),
  });
  return core;
}

async function ok<T>(p: Promise<{ ok: boolean; value?: unknown; error?: unknown }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(`call failed: ${JSON.stringify(r.error)}`);
  return r.value as T;
}

beforeAll(async () => {
  const probe = await createKeytarStore(SERVICE).probe();
  if (!probe.available) {
    throw new Error(
      `No usable Secret Service (${probe.reason}). Run through scripts/with-keyring.mjs ` +
        `(npm run test:integration); SMS_DESK_KEYRING=${process.env.SMS_DESK_KEYRING ?? 'unset'}, ` +
        `CI=${process.env.CI ?? 'unset'}.`,
    );
  }
  emulator = await startEmulator();
  dataDir = mkdtempSync(join(tmpdir(), 'sms-desk-keychain-'));
});

afterAll(async () => {
  await core?.close();
  await emulator?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  // Leave nothing behind in the (throwaway) keyring either.
  for (const id of [emulator?.account.secretId, personal.secretId])
    if (id) await keytar.deletePassword(SERVICE, id).catch(() => false);
});

describe('account key in the real keychain', () => {
  it('probes the keychain as available at start', async () => {
    const c = await start();
    const info = await ok<{ keychain: { available: boolean }; mode: string }>(
      c.call('app.info', undefined),
    );
    expect(info.keychain.available).toBe(true);
    expect(info.mode).toBe('practice');
  });

  it('saves a working key into the keychain, never into the data directory', async () => {
    const a = emulator.account;
    const r = await ok<{ saved: boolean; status: AccountStatus }>(
      core!.call('account.save', {
        sdkAppId: a.sdkAppId,
        secretId: a.secretId,
        secretKey: a.secretKey,
        region: a.region,
      }),
    );
    expect(r.saved).toBe(true);
    expect(r.status).toMatchObject({ mode: 'account', stored: 'keychain', verified: true });
    expect(r.status.secretIdMasked).toBe(`AKID…${a.secretId.slice(-4)}`);
    expect(await keytar.getPassword(SERVICE, a.secretId)).toBe(a.secretKey);
    expect(JSON.stringify(r)).not.toContain(a.secretKey);
    expect(findSecretInDir(dataDir, a.secretKey)).toEqual([]);
    // Sends now go to the account (here: the emulator standing in for Tencent).
    expect(core!.context.gateways.mode()).toBe('tencent');
    expect((await core!.context.gateways.current()).sdkAppId).toBe(a.sdkAppId);
  });

  it('reads the key back from the keychain after a core restart', async () => {
    await core!.close();
    const c = await start();
    const status = await ok<AccountStatus>(c.call('account.status', undefined));
    expect(status).toMatchObject({ mode: 'account', stored: 'keychain', needsSecret: false });
    expect(c.context.account.getProfile()).toMatchObject({
      mode: 'account',
      sdkAppId: emulator.account.sdkAppId,
      accountType: 'enterprise',
    });
    expect(c.context.gateways.mode()).toBe('tencent');
    // The stored key is used when none is typed: re-test without sending it again.
    const test = await ok<{ ok: boolean }>(
      c.call('account.testConnection', {
        sdkAppId: emulator.account.sdkAppId,
        secretId: emulator.account.secretId,
        region: emulator.account.region,
      }),
    );
    expect(test.ok).toBe(true);
  });

  it('changes the key: the new one is stored, the old entry is deleted', async () => {
    const r = await ok<{ saved: boolean; status: AccountStatus }>(
      core!.call('account.save', {
        sdkAppId: personal.sdkAppId,
        secretId: personal.secretId,
        secretKey: personal.secretKey,
        region: personal.region,
      }),
    );
    expect(r.saved).toBe(true);
    expect(r.status.profile).toMatchObject({
      sdkAppId: personal.sdkAppId,
      accountType: 'personal',
      variableMaxLength: 12,
    });
    expect(await keytar.getPassword(SERVICE, personal.secretId)).toBe(personal.secretKey);
    expect(await keytar.getPassword(SERVICE, emulator.account.secretId)).toBeNull();

    await core!.close();
    const c = await start();
    const status = await ok<AccountStatus>(c.call('account.status', undefined));
    expect(status).toMatchObject({ mode: 'account', stored: 'keychain' });
    expect(status.secretIdMasked).toBe(`AKID…${personal.secretId.slice(-4)}`);
  });

  it('removes the account and its keychain entry', async () => {
    const status = await ok<AccountStatus>(core!.call('account.remove', undefined));
    expect(status).toMatchObject({ mode: 'practice', stored: 'none', profile: null });
    expect(await keytar.getPassword(SERVICE, personal.secretId)).toBeNull();
    expect(core!.context.gateways.mode()).toBe('practice');

    await core!.close();
    const c = await start();
    expect(await ok<AccountStatus>(c.call('account.status', undefined))).toMatchObject({
      mode: 'practice',
      stored: 'none',
      needsSecret: false,
    });
    for (const key of [emulator.account.secretKey, personal.secretKey])
      expect(findSecretInDir(dataDir, key)).toEqual([]);
  });
});
