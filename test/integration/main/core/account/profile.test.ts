/**
 * The account profile in SQLite and the mode switches: what other rooms read through
 * `ctx.account.getProfile()`, and the events the renderer follows.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../../../src/main/core';
import {
  defaultProfile,
  startEmulator,
  type RunningEmulator,
} from '../../../../../src/main/core/emulator';
import { PRACTICE_VARIABLE_MAX_LENGTH } from '../../../../../src/main/core/account';
import { createSessionStore, type ProbedSecretStore } from '../../../../../src/main/core/keychain';
import type { AccountStatus } from '../../../../../src/shared/api/account';
import { DEFAULT_FREQUENCY_RULES } from '../../../../../src/shared/domain';

let emulator: RunningEmulator;
let dataDir: string;
let core: Core | undefined;
// One store across restarts stands in for a keychain that persists (the real one is covered
// by keychain.test.ts); this file is about the profile, not the keychain.
const store: ProbedSecretStore = {
  ...createSessionStore(),
  kind: 'keychain',
  probe: () => Promise.resolve({ available: true }),
};
const events: { name: string; payload: unknown }[] = [];

async function start(): Promise<Core> {
  core = await createCore({
    dataDir,
    env: { SMS_DESK_TENCENT_ENDPOINT: emulator.endpoint },
    secretStore: store,
  });
  core.onEvent((name, payload) => events.push({ name, payload }));
  return core;
}

async function ok<T>(p: Promise<{ ok: boolean; value?: unknown; error?: unknown }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(`call failed: ${JSON.stringify(r.error)}`);
  return r.value as T;
}

beforeAll(async () => {
  emulator = await startEmulator();
  dataDir = mkdtempSync(join(tmpdir(), 'sms-desk-profile-'));
  await start();
});

afterAll(async () => {
  await core?.close();
  await emulator?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('account profile', () => {
  it('in practice mode, other rooms see the practice emulator account with default rules', async () => {
    expect(core!.context.account.getProfile()).toEqual({
      mode: 'practice',
      secretId: null,
      sdkAppId: '1400000001',
      region: 'ap-guangzhou',
      defaultSign: null,
      international: false,
      accountType: 'enterprise',
      variableMaxLength: PRACTICE_VARIABLE_MAX_LENGTH,
      frequencyRules: DEFAULT_FREQUENCY_RULES,
      verified: true,
      verifiedAt: null,
    });
    // What the app checks before a practice send is what the practice emulator enforces.
    expect(PRACTICE_VARIABLE_MAX_LENGTH).toBe(defaultProfile.variableMaxLength);
    expect(await ok<AccountStatus>(core!.call('account.status', undefined))).toMatchObject({
      mode: 'practice',
      stored: 'none',
      secretIdMasked: null,
      profile: null,
      needsSecret: false,
    });
    expect(await core!.call('account.updateSettings', { international: true })).toMatchObject({
      ok: false,
      error: { code: 'account_none' },
    });
  });

  it('saves an account with defaults and announces the change', async () => {
    const a = emulator.account;
    events.length = 0;
    await ok(
      core!.call('account.save', {
        sdkAppId: ` ${a.sdkAppId} `,
        secretId: a.secretId,
        secretKey: a.secretKey,
        region: a.region,
      }),
    );
    expect(core!.context.account.getProfile()).toMatchObject({
      mode: 'account',
      secretId: a.secretId,
      sdkAppId: a.sdkAppId,
      accountType: 'enterprise',
      variableMaxLength: null,
      frequencyRules: DEFAULT_FREQUENCY_RULES,
      verified: true,
    });
    expect(events.map((e) => e.name)).toEqual(['account.changed', 'app.modeChanged']);
    expect(events[1]!.payload).toEqual({ mode: 'account' });
    expect(JSON.stringify(events)).not.toContain(a.secretKey);
  });

  it('updates non-secret settings, keeps them across a restart', async () => {
    const s = await ok<AccountStatus>(
      core!.call('account.updateSettings', {
        // Typed with its brackets: stored bare, as Tencent wants it.
        defaultSign: ' 【示例小店】 ',
        international: true,
        accountType: 'personal',
        frequencyRules: { perThirtySeconds: 1, perHour: 8, perDay: 20 },
      }),
    );
    // Switching to personal picks its variable limit, since none was set by hand.
    expect(s.profile).toMatchObject({ accountType: 'personal', variableMaxLength: 12 });
    await ok(core!.call('account.updateSettings', { variableMaxLength: 6, region: 'ap-beijing' }));
    await core!.close();
    await start();
    expect(core!.context.account.getProfile()).toMatchObject({
      mode: 'account',
      defaultSign: '示例小店',
      international: true,
      accountType: 'personal',
      variableMaxLength: 6,
      region: 'ap-beijing',
      frequencyRules: { perThirtySeconds: 1, perHour: 8, perDay: 20 },
    });
    expect(await core!.call('account.updateSettings', { defaultSign: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(await core!.call('account.updateSettings', { defaultSign: '示例【小店' })).toMatchObject(
      { ok: false, error: { code: 'invalid_input' } },
    );
    expect(
      await core!.call('account.updateSettings', {
        frequencyRules: { perThirtySeconds: 0, perHour: 5, perDay: 10 },
      }),
    ).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('switches to practice and back without forgetting the account', async () => {
    events.length = 0;
    const p = await ok<AccountStatus>(core!.call('account.usePractice', undefined));
    expect(p).toMatchObject({ mode: 'practice', stored: 'keychain', needsSecret: false });
    expect(core!.context.gateways.mode()).toBe('practice');
    expect(core!.context.account.getProfile().sdkAppId).toBe('1400000001');
    const info = await ok<{ mode: string }>(core!.call('app.info', undefined));
    expect(info.mode).toBe('practice');

    await core!.close();
    await start();
    expect(core!.context.account.getProfile().mode).toBe('practice');
    const back = await ok<AccountStatus>(core!.call('account.useAccount', undefined));
    expect(back.mode).toBe('account');
    expect(core!.context.gateways.mode()).toBe('tencent');
    expect(events.filter((e) => e.name === 'app.modeChanged').map((e) => e.payload)).toEqual([
      { mode: 'practice' },
      { mode: 'account' },
    ]);
  });

  it('moving the same key from the keychain to session-only removes the keychain copy', async () => {
    const a = emulator.account;
    const r = await ok<{ status: AccountStatus }>(
      core!.call('account.save', {
        sdkAppId: a.sdkAppId,
        secretId: a.secretId,
        region: a.region,
        sessionOnly: true,
      }),
    );
    expect(r.status).toMatchObject({ mode: 'account', stored: 'session' });
    expect(await store.get(a.secretId)).toBeNull();
    // Still usable this session (the held key), gone after a restart.
    expect(
      await core!.call('account.testConnection', { ...a, secretKey: undefined }),
    ).toMatchObject({ ok: true, value: { ok: true } });
    await core!.close();
    await start();
    expect(await ok<AccountStatus>(core!.call('account.status', undefined))).toMatchObject({
      mode: 'practice',
      stored: 'none',
      needsSecret: true,
    });
  });
});
