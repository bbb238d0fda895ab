/**
 * The wizard's connection test against the emulator, through the real Tencent SDK over
 * loopback: every outcome names exactly what is wrong.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../../../src/main/core';
import {
  defaultProfile,
  startEmulator,
  type RunningEmulator,
} from '../../../../../src/main/core/emulator';
import { createSessionStore, type ProbedSecretStore } from '../../../../../src/main/core/keychain';
import type { ConnectionTest } from '../../../../../src/shared/api/account';
import { findSecretInDir } from '../../../../support/secret-scan';

let emulator: RunningEmulator;
const dirs: string[] = [];
const cores: Core[] = [];

/** The keychain is not what these tests are about: a store that is always there. */
const alwaysThere = (): ProbedSecretStore => ({
  ...createSessionStore(),
  kind: 'keychain',
  probe: () => Promise.resolve({ available: true }),
});

async function coreAt(endpoint: string): Promise<Core> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sms-desk-wizard-'));
  dirs.push(dataDir);
  const core = await createCore({
    dataDir,
    env: { SMS_DESK_TENCENT_ENDPOINT: endpoint },
    secretStore: alwaysThere(),
  });
  cores.push(core);
  return core;
}

async function closedPortEndpoint(): Promise<string> {
  const srv = createServer();
  await new Promise<void>((ok) => srv.listen(0, '127.0.0.1', ok));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((ok) => srv.close(() => ok()));
  return `http://127.0.0.1:${port}`;
}

const account = () => ({
  sdkAppId: emulator.account.sdkAppId,
  secretId: emulator.account.secretId,
  secretKey: emulator.account.secretKey,
  region: emulator.account.region as 'ap-guangzhou',
});

let core: Core;
async function test(input: Record<string, unknown>): Promise<ConnectionTest> {
  const r = await core.call('account.testConnection', input);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value as ConnectionTest;
}

beforeAll(async () => {
  emulator = await startEmulator();
  core = await coreAt(emulator.endpoint);
});

afterAll(async () => {
  for (const c of cores) await c.close();
  await emulator?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('connection test against the emulator', () => {
  it('succeeds with a working key and counts signs and templates', async () => {
    const r = await test(account());
    expect(r).toMatchObject({ ok: true, problem: null, personalCannotListTemplates: false });
    expect(r.signs).toBeGreaterThan(0);
    expect(r.templates).toBeGreaterThan(0);
  });

  it('names a wrong SecretKey', async () => {
    const r = await test({ ...account(), secretKey: 'wrongWrongWrongWrongWrongWrong00' });
    expect(r).toMatchObject({
      ok: false,
      problem: 'wrongKey',
      code: 'AuthFailure.SignatureFailure',
    });
  });

  it('names an unknown SecretId', async () => {
    const r = await test({ ...account(), secretId: 'AKIDUNKNOWNUNKNOWNUNKNOWN000000000' });
    expect(r).toMatchObject({
      ok: false,
      problem: 'keyNotFound',
      code: 'AuthFailure.SecretIdNotFound',
    });
  });

  it('names a computer clock more than 5 minutes off', async () => {
    // Tencent's clock 10 minutes ahead of this computer's: the signature's timestamp is stale.
    const ahead = await startEmulator({ wallClock: () => Date.now() + 10 * 60_000 });
    try {
      const skewed = await coreAt(ahead.endpoint);
      const r = await skewed.call('account.testConnection', account());
      expect(r).toMatchObject({
        ok: true,
        value: { ok: false, problem: 'clockSkew', code: 'AuthFailure.SignatureExpire' },
      });
      expect(await skewed.call('account.save', account())).toMatchObject({
        ok: true,
        value: { saved: false, status: { stored: 'none' } },
      });
    } finally {
      await ahead.close();
    }
  });

  it('names an App ID that is not in this account', async () => {
    const r = await test({ ...account(), sdkAppId: '1400999999' });
    expect(r).toMatchObject({ ok: false, problem: 'appNotInAccount' });
    expect(r.code).toMatch(/SmsSdkAppIdVerifyFail|SdkAppIdNotExist/);
  });

  it('names a disabled key and an IP outside the allow-list', async () => {
    const as = (a: (typeof defaultProfile.accounts)[number]) => ({
      sdkAppId: a.sdkAppId,
      secretId: a.secretId,
      secretKey: a.secretKey,
      region: a.region,
    });
    const disabled = defaultProfile.accounts.find((a) => a.disabled)!;
    expect(await test(as(disabled))).toMatchObject({ ok: false, problem: 'keyNotFound' });
    const ipLocked = defaultProfile.accounts.find((a) => a.ipNotInWhitelist)!;
    expect(await test(as(ipLocked))).toMatchObject({
      ok: false,
      problem: 'ipNotAllowed',
      code: 'UnauthorizedOperation.RequestIpNotInWhitelist',
    });
  });

  it('treats "personal accounts cannot list templates" as working', async () => {
    const p = defaultProfile.accounts.find((a) => a.accountType === 'personal')!;
    const r = await test({
      sdkAppId: p.sdkAppId,
      secretId: p.secretId,
      secretKey: p.secretKey,
      region: p.region,
    });
    expect(r).toMatchObject({ ok: true, problem: null, personalCannotListTemplates: true });
  });

  it('names a network that is down (closed port), and saves only when asked, unverified', async () => {
    const offline = await coreAt(await closedPortEndpoint());
    const r = await offline.call('account.testConnection', account());
    expect(r).toMatchObject({ ok: true, value: { ok: false, problem: 'networkDown' } });

    const refused = await offline.call('account.save', account());
    expect(refused).toMatchObject({
      ok: true,
      value: { saved: false, status: { stored: 'none' } },
    });

    const saved = await offline.call('account.save', { ...account(), saveUnverified: true });
    expect(saved).toMatchObject({
      ok: true,
      value: { saved: true, status: { stored: 'keychain', verified: false } },
    });
    // Back online: a re-test with the held key marks it verified.
    expect(await offline.call('account.retest', undefined)).toMatchObject({
      ok: true,
      value: { test: { ok: false, problem: 'networkDown' }, status: { verified: false } },
    });
    offline.context.env.SMS_DESK_TENCENT_ENDPOINT = emulator.endpoint;
    expect(await offline.call('account.retest', undefined)).toMatchObject({
      ok: true,
      value: { test: { ok: true }, status: { verified: true } },
    });
  });

  it('never saves a key Tencent rejects, even when asked to save unverified', async () => {
    const r = await core.call('account.save', {
      ...account(),
      secretKey: 'wrongWrongWrongWrongWrongWrong00',
      saveUnverified: true,
    });
    expect(r).toMatchObject({
      ok: true,
      value: {
        saved: false,
        test: { problem: 'wrongKey' },
        status: { stored: 'none', profile: null },
      },
    });
  });

  it('validates input shapes before any call, per field', async () => {
    const r = await core.call('account.testConnection', {
      sdkAppId: '12ab',
      secretId: 'XYZ',
      secretKey: 'short',
      region: 'ap-guangzhou',
    });
    expect(r.ok).toBe(false);
    const issues = (
      r as unknown as { error: { details: { issues: { path: string; message: string }[] } } }
    ).error.details.issues;
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: 'sdkAppId', message: 'account.validation.sdkAppId' },
        { path: 'secretId', message: 'account.validation.secretId' },
        { path: 'secretKey', message: 'account.validation.secretKey' },
      ]),
    );
  });

  it('leaves no key in any response, log or database file', async () => {
    const saved = await core.call('account.save', account());
    expect(saved).toMatchObject({ ok: true, value: { saved: true } });
    const everything = JSON.stringify([
      saved,
      await core.call('account.status', undefined),
      await core.call('app.info', undefined),
    ]);
    expect(everything).not.toContain(emulator.account.secretKey);
    for (const d of dirs) expect(findSecretInDir(d, emulator.account.secretKey)).toEqual([]);
    expect(findSecretInDir(dirs[0]!, 'wrongWrongWrongWrongWrongWrong00')).toEqual([]);
  });
});
