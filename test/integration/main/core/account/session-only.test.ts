/**
 * No Secret Service at all (the session bus points nowhere): the app must offer session-only
 * mode, work for the session, ask again after a restart, and never write the key to disk.
 * Uses the real keytar; each vitest file runs in its own process, so this bus address is the
 * one libsecret sees.
 */
const originalBus = process.env.DBUS_SESSION_BUS_ADDRESS;
process.env.DBUS_SESSION_BUS_ADDRESS = 'unix:path=/nonexistent/sms-desk-no-bus';

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../../../src/main/core';
import { startEmulator, type RunningEmulator } from '../../../../../src/main/core/emulator';
import { createKeytarStore } from '../../../../../src/main/core/keychain';
import type { AccountStatus } from '../../../../../src/shared/api/account';
import { findSecretInDir, listFiles } from '../../../../support/secret-scan';

let emulator: RunningEmulator;
let dataDir: string;
let core: Core | undefined;

async function start(): Promise<Core> {
  core = await createCore({
    dataDir,
    env: { SMS_DESK_TENCENT_ENDPOINT: emulator.endpoint },
    secretStore: createKeytarStore(`SMS Desk Test ${process.pid}`),
  });
  return core;
}

const creds = () => ({
  sdkAppId: emulator.account.sdkAppId,
  secretId: emulator.account.secretId,
  secretKey: emulator.account.secretKey,
  region: emulator.account.region,
});

beforeAll(async () => {
  emulator = await startEmulator();
  dataDir = mkdtempSync(join(tmpdir(), 'sms-desk-session-'));
});

afterAll(async () => {
  await core?.close();
  await emulator?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  if (originalBus === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
  else process.env.DBUS_SESSION_BUS_ADDRESS = originalBus;
});

describe('without a Secret Service', () => {
  it('reports the keychain as unavailable with a secret-free reason', async () => {
    const c = await start();
    const status = (await c.call('account.status', undefined)) as {
      ok: true;
      value: AccountStatus;
    };
    expect(status.value.keychain).toEqual({ available: false, reason: 'no-session-bus' });
    const info = await c.call('app.info', undefined);
    expect(info).toMatchObject({
      ok: true,
      value: { mode: 'practice', keychain: { available: false, reason: 'no-session-bus' } },
    });
  });

  it('refuses to save to the keychain and says to use session-only', async () => {
    const r = await core!.call('account.save', creds());
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'keychain_unavailable',
        messageKey: 'account.errors.keychainUnavailable',
        details: { reason: 'no-session-bus' },
      },
    });
  });

  it('works for the session in session-only mode', async () => {
    const r = await core!.call('account.save', { ...creds(), sessionOnly: true });
    expect(r).toMatchObject({
      ok: true,
      value: {
        saved: true,
        status: { mode: 'account', stored: 'session', verified: true, needsSecret: false },
      },
    });
    // The key is used by this session (a re-test with the held key works).
    const { secretKey: _omit, ...withoutKey } = creds();
    expect(await core!.call('account.testConnection', withoutKey)).toMatchObject({
      ok: true,
      value: { ok: true },
    });
    expect(core!.context.account.getProfile().mode).toBe('account');
    // While running (WAL and log files still open and unmerged) nothing on disk holds it.
    expect(listFiles(dataDir).some((f) => f.endsWith('-wal'))).toBe(true);
    expect(findSecretInDir(dataDir, emulator.account.secretKey)).toEqual([]);
  });

  it('asks again after a restart, and the key was never on disk', async () => {
    await core!.close();
    expect(findSecretInDir(dataDir, emulator.account.secretKey)).toEqual([]);
    const c = await start();
    const r = await c.call('account.status', undefined);
    expect(r).toMatchObject({
      ok: true,
      value: { mode: 'practice', stored: 'none', needsSecret: true },
    });
    expect(c.context.account.getProfile().mode).toBe('practice');
    // Using the account without the key is refused with a clear message.
    expect(await c.call('account.useAccount', undefined)).toMatchObject({
      ok: false,
      error: { code: 'account_secret_required' },
    });
    // Entering the key again restores the session.
    expect(await c.call('account.save', { ...creds(), sessionOnly: true })).toMatchObject({
      ok: true,
      value: { saved: true, status: { mode: 'account', stored: 'session' } },
    });
    await c.close();
    expect(findSecretInDir(dataDir, emulator.account.secretKey)).toEqual([]);
  });
});
