/**
 * The outbox, unchanged, with the legacy App Key gateway: batches split into legacy requests of
 * at most 200 (sendmultisms2) and single numbers (sendsms), the 30-second rule held locally and
 * released, and a server-reported 1023 read as the same limit. Real SQLite, real emulator.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { JobCreateInput, JobProgress } from '../../../../../src/shared/api/outbox';
import { defaultProfile } from '../../../../../src/main/core/emulator';
import { LegacyGateway } from '../../../../../src/main/core/gateway/legacy-gateway';
import { type TencentGateway } from '../../../../../src/main/core/gateway/tencent-gateway';
import type { SmsGateway } from '../../../../../src/main/core/gateway/types';
import {
  BEIJING_10AM,
  TEMPLATE,
  phoneOf,
  startOutboxEnv,
  until,
  type OutboxEnv,
} from '../../../../support/outbox/env';

let env: OutboxEnv | undefined;
let legacy: LegacyGateway | undefined;
afterEach(async () => {
  await env?.close();
  await legacy?.closeGracefully();
  env = undefined;
  legacy = undefined;
});

/** Swaps the env's API 3.0 gateway for a legacy one at the same emulator. */
function legacyFor(real: SmsGateway): SmsGateway {
  legacy = new LegacyGateway({
    sdkAppId: real.sdkAppId,
    appKey: defaultProfile.accounts[0]!.appKey!,
    endpoint: (real as TencentGateway).endpoint,
    timeoutMs: 1500,
  });
  return legacy;
}

/** Legacy requests as they reach the emulator: the op and the numbers in each. */
function watchLegacy(): {
  requests: { op: string; count: number }[];
  hook: NonNullable<Parameters<typeof startOutboxEnv>[0]>['onEmulatorRequest'];
} {
  const requests: { op: string; count: number }[] = [];
  return {
    requests,
    hook: (r) => {
      const body = JSON.parse(r.body.toString('utf8')) as { tel?: unknown };
      if (body.tel === undefined) return;
      requests.push({
        op: Array.isArray(body.tel) ? 'sendmultisms2' : 'sendsms',
        count: Array.isArray(body.tel) ? body.tel.length : 1,
      });
    },
  };
}

let keyNo = 0;
const jobInput = (rows: JobCreateInput['rows']): JobCreateInput => ({
  idempotencyKey: `legacy-key-${++keyNo}-${Date.now()}`,
  kind: 'batch',
  ...TEMPLATE,
  options: { marketing: false, heldPolicy: 'wait', concurrency: 4 },
  rows,
});

const finished = (e: OutboxEnv, jobId: number) => () =>
  e.events.some((x) => x.name === 'job.finished' && (x.payload as JobProgress).jobId === jobId);

const rowsOf = (e: OutboxEnv, jobId: number) => e.outbox.rows(jobId, undefined, 0, 10_000).items;

describe('outbox with the legacy App Key gateway', () => {
  it('sends a 450-number batch in legacy requests of 200, 200 and 50, each row once', async () => {
    const watch = watchLegacy();
    env = await startOutboxEnv({ gateway: legacyFor, onEmulatorRequest: watch.hook });
    const rows = Array.from({ length: 450 }, (_, i) => ({
      rowNo: i + 1,
      phone: phoneOf(i),
      params: ['888888', '5'],
    }));
    const { job } = await env.outbox.create(jobInput(rows));
    expect(env.outbox.plan(job.id).requests).toBe(3);
    await env.outbox.start(job.id);
    await until(finished(env, job.id), 15_000, 'batch finished');

    expect(watch.requests.map((r) => r.count).sort((a, b) => b - a)).toEqual([200, 200, 50]);
    expect(new Set(watch.requests.map((r) => r.op))).toEqual(new Set(['sendmultisms2']));
    const sent = env.emulator.sent();
    expect(sent).toHaveLength(450);
    expect(sent.every((s) => s.api === 'legacy')).toBe(true);
    expect(new Set(sent.map((s) => s.phone)).size).toBe(450);
    const summary = env.outbox.get(job.id);
    expect(summary.counts.sent).toBe(450);
    expect(summary.feeTotal).toBe(450);
    const serialByPhone = new Map(sent.map((s) => [s.phone, s.serialNo]));
    for (const r of rowsOf(env, job.id)) {
      expect(r.state).toBe('sent');
      expect(r.serialNo).toBe(serialByPhone.get(r.phone));
      // ext carried the request's session context.
      expect(sent.find((s) => s.phone === r.phone)!.sessionContext).toBe(r.sessionContext);
    }
  });

  it('holds a number inside its 30-second window and sends it when the window ends', async () => {
    const watch = watchLegacy();
    env = await startOutboxEnv({ gateway: legacyFor, onEmulatorRequest: watch.hook });
    const a = await env.outbox.create(
      jobInput([{ rowNo: 1, phone: phoneOf(7), params: ['1', '5'] }]),
    );
    await env.outbox.start(a.job.id);
    await until(finished(env, a.job.id), 5_000, 'first send');
    expect(watch.requests).toEqual([{ op: 'sendsms', count: 1 }]);

    env.clock.advance(10_000);
    const b = await env.outbox.create(
      jobInput([{ rowNo: 1, phone: phoneOf(7), params: ['2', '5'] }]),
    );
    await env.outbox.start(b.job.id);
    await until(() => rowsOf(env!, b.job.id)[0]!.state === 'held', 5_000, 'held');
    expect(rowsOf(env, b.job.id)[0]).toMatchObject({
      heldReason: 'cooldown',
      notBefore: BEIJING_10AM + 30_000,
    });
    expect(env.emulator.sent()).toHaveLength(1);

    env.clock.advance(20_000);
    expect(env.scheduler.fireDue()).toBeGreaterThan(0);
    await until(finished(env, b.job.id), 5_000, 'released');
    expect(rowsOf(env, b.job.id)[0]!.state).toBe('sent');
    expect(env.emulator.sent().filter((s) => s.phone === phoneOf(7))).toHaveLength(2);
  });

  it('a 1023 from the server holds the row as the 30-second limit, then sends it', async () => {
    env = await startOutboxEnv({ gateway: legacyFor });
    const phone = phoneOf(11);
    // A send the app does not know of (another program using the same App Key).
    const other = await legacy!.sendSms({
      phones: [phone],
      templateId: TEMPLATE.templateId,
      signName: TEMPLATE.signName,
      params: ['9', '5'],
    });
    expect(other.kind === 'answered' && other.results[0]!.outcome).toBe('sent');
    const b = await env.outbox.create(jobInput([{ rowNo: 1, phone, params: ['3', '5'] }]));
    await env.outbox.start(b.job.id);
    await until(() => rowsOf(env!, b.job.id)[0]!.state === 'held', 5_000, 'held by server');
    expect(rowsOf(env, b.job.id)[0]).toMatchObject({
      heldReason: 'serverLimit',
      code: 'LimitExceeded.PhoneNumberThirtySecondLimit',
      notBefore: BEIJING_10AM + 30_000,
    });
    env.clock.advance(30_000);
    env.scheduler.fireDue();
    await until(finished(env, b.job.id), 5_000, 'sent after the block');
    expect(rowsOf(env, b.job.id)[0]!.state).toBe('sent');
  });
});
