import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../../../../src/main/core';
import { ManualClock } from '../../../../../src/main/core/kernel/clock';
import {
  defaultProfile,
  startEmulator,
  type RunningEmulator,
} from '../../../../../src/main/core/emulator';
import { GatewayProvider } from '../../../../../src/main/core/gateway/provider';
import { TencentGateway } from '../../../../../src/main/core/gateway/tencent-gateway';
import type { SendRequest, SmsGateway } from '../../../../../src/main/core/gateway/types';

let external: RunningEmulator;
const providers: GatewayProvider[] = [];
const dirs: string[] = [];

function provider(env: Record<string, string> = {}, packaged = false): GatewayProvider {
  const p = new GatewayProvider({ env, packaged, timeoutMs: 3000 });
  providers.push(p);
  return p;
}

let seq = 0;
const send = (g: SmsGateway, phone = `+8613700${String(100000 + seq++).slice(-6)}`) =>
  g.sendSms({
    phones: [phone],
    templateId: '2001001',
    signName: 'SMS Desk练习',
    params: ['4321', '5'],
  } satisfies SendRequest);

/** Whether anything still listens at an emulator endpoint. */
async function listening(endpoint: string): Promise<boolean> {
  try {
    await fetch(`${endpoint}/__emulator/clock`);
    return true;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  external = await startEmulator();
});

afterEach(async () => {
  for (const p of providers.splice(0)) await p.close();
});

afterAll(async () => {
  await external.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('practice mode', () => {
  it('starts the emulator in-process on loopback and sends through the real gateway', async () => {
    const p = provider();
    expect(p.mode()).toBe('practice');
    expect(p.practiceEmulator()).toBeUndefined();
    const g = await p.current();
    expect(g).toBeInstanceOf(TencentGateway);
    const emu = p.practiceEmulator();
    expect(emu?.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(g.sdkAppId).toBe(defaultProfile.accounts[0]!.sdkAppId);
    const r = await send(g, '+8613700000001');
    expect(r.kind === 'answered' && r.results[0]?.outcome).toBe('sent');
    expect(emu?.sent().map((s) => s.phone)).toEqual(['+8613700000001']);
    expect(await p.current()).toBe(g);
  });

  it('starts one emulator however many callers ask at once', async () => {
    const p = provider();
    const [a, b, c] = await Promise.all([p.current(), p.current(), p.current()]);
    expect(a).toBe(b);
    expect(b).toBe(c);
  });

  it('uses the external emulator named by SMS_DESK_PRACTICE_EMULATOR', async () => {
    external.reset();
    const p = provider({ SMS_DESK_PRACTICE_EMULATOR: `${external.endpoint}/` });
    const g = await p.current();
    expect((g as TencentGateway).endpoint).toBe(external.endpoint);
    expect(p.practiceEmulator()).toBeUndefined();
    const r = await send(g, '+8613700000002');
    expect(r.kind === 'answered' && r.results[0]?.outcome).toBe('sent');
    expect(external.sent().map((s) => s.phone)).toEqual(['+8613700000002']);
  });

  it('close() stops the in-process emulator and refuses further use', async () => {
    const p = new GatewayProvider({ env: {}, packaged: false });
    await p.current();
    const endpoint = p.practiceEmulator()!.endpoint;
    expect(await listening(endpoint)).toBe(true);
    await p.close();
    expect(await listening(endpoint)).toBe(false);
    await expect(p.current()).rejects.toMatchObject({ code: 'gateway_closed' });
  });

  it('close() waits for a slow send only for a grace period, then cuts it as unknown', async () => {
    const p = new GatewayProvider({ env: {}, packaged: false, timeoutMs: 20_000 });
    const g = await p.current();
    p.practiceEmulator()!.injectFault({ kind: 'hang' });
    const pending = send(g, '+8613700000006');
    await new Promise((r) => setTimeout(r, 100));
    await p.close();
    // Cut by close(), not by the 20 s send timeout: that would be Network.Timeout.
    const r = await pending;
    expect(r).toMatchObject({ kind: 'failed', failure: 'unknown' });
    expect(r.kind === 'failed' && r.code).not.toBe('Network.Timeout');
  });
});

describe('a real account', () => {
  const account = () => ({ kind: 'tencent' as const, ...external.account });

  it('defaults to Tencent’s endpoint, or the configured one', async () => {
    const p = provider();
    p.configure(account());
    expect(p.mode()).toBe('tencent');
    const g = (await p.current()) as TencentGateway;
    expect(g.endpoint).toBe('https://sms.tencentcloudapi.com');
    p.configure({ ...account(), endpoint: external.endpoint });
    const r = await send(await p.current());
    expect(r.kind === 'answered' && r.results[0]?.outcome).toBe('sent');
  });

  it('SMS_DESK_TENCENT_ENDPOINT overrides the endpoint, except in packaged builds', async () => {
    const env = { SMS_DESK_TENCENT_ENDPOINT: external.endpoint };
    const dev = provider(env);
    dev.configure(account());
    expect(((await dev.current()) as TencentGateway).endpoint).toBe(external.endpoint);
    const packaged = provider({ ...env, SMS_DESK_PRACTICE_EMULATOR: external.endpoint }, true);
    packaged.configure(account());
    expect(((await packaged.current()) as TencentGateway).endpoint).toBe(
      'https://sms.tencentcloudapi.com',
    );
    packaged.configure({ kind: 'practice' });
    await packaged.current();
    // Packaged practice ignores the external emulator too: it runs its own.
    expect(packaged.practiceEmulator()).toBeDefined();
  });

  it('switching lets a send in flight finish, then stops the practice emulator', async () => {
    const p = provider();
    const practice = await p.current();
    const emu = p.practiceEmulator()!;
    emu.injectFault({ kind: 'latency', latencyMs: 400 });
    const inFlight = send(practice, '+8613700000003');
    await new Promise((r) => setTimeout(r, 50));
    p.configure({ ...account(), endpoint: external.endpoint });
    expect(p.practiceEmulator()).toBeUndefined();
    const r = await inFlight;
    expect(r.kind === 'answered' && r.results[0]?.outcome).toBe('sent');
    const real = await p.current();
    expect(real).not.toBe(practice);
    // The old gateway takes no new calls, and the emulator goes once it has drained.
    expect(await send(practice)).toMatchObject({ kind: 'failed', failure: 'retryable' });
    await expect.poll(() => listening(emu.endpoint), { timeout: 3000 }).toBe(false);

    p.configure({ kind: 'practice' });
    await p.current();
    expect(p.practiceEmulator()?.endpoint).not.toBe(emu.endpoint);
  });
});

describe('failures', () => {
  it('a bad endpoint or an emulator that cannot start is a clear error, and the next call retries', async () => {
    const p = provider({ SMS_DESK_PRACTICE_EMULATOR: 'ftp://127.0.0.1:1' });
    await expect(p.current()).rejects.toMatchObject({ code: 'gateway_unavailable' });

    let attempts = 0;
    const flaky = new GatewayProvider({
      env: {},
      packaged: false,
      startEmulator: async (opts) => {
        attempts += 1;
        if (attempts === 1) throw new Error('EADDRINUSE');
        return startEmulator(opts);
      },
    });
    providers.push(flaky);
    await expect(flaky.current()).rejects.toMatchObject({ code: 'gateway_unavailable' });
    const g = await flaky.current();
    expect(g.sdkAppId).toBe(defaultProfile.accounts[0]!.sdkAppId);
    expect(attempts).toBe(2);
  });
});

describe('through the core', () => {
  it('the practice emulator keeps the app clock, so frequency windows follow it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sms-desk-gateway-'));
    dirs.push(dataDir);
    const clock = new ManualClock(Date.UTC(2026, 0, 5, 2, 0, 0));
    const core = await createCore({ dataDir, env: {}, clock });
    try {
      const g = await core.context.gateways.current();
      const code = async () => {
        const r = await send(g, '+8613700000005');
        return r.kind === 'answered' ? r.results[0]?.code : r.code;
      };
      expect(await code()).toBe('Ok');
      expect(await code()).toBe('LimitExceeded.PhoneNumberThirtySecondLimit');
      clock.advance(31_000);
      expect(await code()).toBe('Ok');
    } finally {
      await core.close();
    }
  });

  it('createCore starts in practice mode and close() stops the emulator', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sms-desk-gateway-'));
    dirs.push(dataDir);
    const core = await createCore({ dataDir, env: {} });
    const g = await core.context.gateways.current();
    expect(core.context.gateways.mode()).toBe('practice');
    const r = await send(g, '+8613700000004');
    expect(r.kind === 'answered' && r.results[0]?.outcome).toBe('sent');
    const endpoint = core.context.gateways.practiceEmulator()!.endpoint;
    await core.close();
    expect(await listening(endpoint)).toBe(false);
  });
});
