/**
 * Pulls that fail and receipts nobody here sent: a pull failure is retried with growing waits
 * and never touches sending; a receipt for a serial number no job of ours has is kept and listed
 * apart. Real core, real SDK, the emulator over loopback on a fixed port so it can go away and
 * come back.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../../../src/main/core';
import { startEmulator, type RunningEmulator } from '../../../../../src/main/core/emulator';
import { createKeytarStore } from '../../../../../src/main/core/keychain';
import { ManualClock } from '../../../../../src/main/core/kernel/clock';
import { TencentGateway } from '../../../../../src/main/core/gateway/tencent-gateway';
import { BEIJING_10AM, testProfile } from '../../../../support/outbox/env';

let dir: string;
let clock: ManualClock;
let emu: RunningEmulator;
let core: Core;
let port: number;

const emulator = (p = 0) =>
  startEmulator({ port: p, now: () => clock.now(), profile: testProfile(), receiptDelayMs: 0 });

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sms-desk-pulls-'));
  clock = new ManualClock(BEIJING_10AM);
  emu = await emulator();
  port = emu.port;
  core = await createCore({
    dataDir: dir,
    clock,
    env: { SMS_DESK_PRACTICE_EMULATOR: emu.endpoint },
    packaged: false,
    secretStore: createKeytarStore(`SMS Desk Test ${process.pid}`),
    inbound: { autoStart: false, sleep: () => Promise.resolve() },
  });
});

afterEach(async () => {
  await core.close();
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('pull faults and other sends', () => {
  it('backs off while pulls fail and comes back to the normal schedule', async () => {
    const service = core.context.inbound!.service;
    await emu.close();
    const first = await service.cycle();
    expect(service.lastError).toMatch(/^Network\./);
    const second = await service.cycle();
    expect(second.nextInMs).toBe(first.nextInMs! * 2);
    const status = await core.call('inbound.status', undefined);
    expect(status).toMatchObject({ ok: true, value: { lastError: service.lastError } });
    emu = await emulator(port);
    const back = await service.cycle();
    expect(service.lastError).toBeNull();
    // Nothing was ever sent from here: nothing to wait for.
    expect(back.nextInMs).toBeNull();
  });

  it('keeps a receipt for a serial number no job has, and lists it under other sends', async () => {
    // A send made elsewhere with the same account (another system, the console).
    const elsewhere = new TencentGateway({ ...emu.account, endpoint: emu.endpoint });
    const r = await elsewhere.sendSms({
      phones: ['+8613800138123'],
      templateId: '2001001',
      signName: 'SMS Desk练习',
      params: ['123456', '5'],
    });
    elsewhere.close();
    if (r.kind !== 'answered') throw new Error('not answered');
    clock.advance(1000);
    const cycle = await core.context.inbound!.service.cycle();
    expect(cycle.receipts).toBe(1);
    const other = await core.call('receipts.other', {});
    expect(other).toMatchObject({
      ok: true,
      value: {
        total: 1,
        rows: [{ serialNo: r.results[0]!.serialNo, phone: '+8613800138123', delivered: true }],
      },
    });
  });
});
