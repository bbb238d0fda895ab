/** Mainland and international numbers never share a SendSms (Tencent refuses the mix). */
import { afterEach, describe, expect, it } from 'vitest';
import { phoneOf, startOutboxEnv, until, type OutboxEnv } from '../../../../support/outbox/env';
import { jobInput, rowsOf } from '../../../../support/outbox/jobs';

let env: OutboxEnv | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

describe('outbox: regions', () => {
  it('sends a mixed mainland/international list in separate requests', async () => {
    const sets: string[][] = [];
    env = await startOutboxEnv({
      onEmulatorRequest: ({ headers, body }) => {
        if (headers['x-tc-action'] !== 'SendSms') return;
        sets.push(
          (JSON.parse(body.toString('utf8')) as { PhoneNumberSet: string[] }).PhoneNumberSet,
        );
      },
    });
    const international = ['+85291234567', '+14155550123', '+447911123456'];
    const mainland = [phoneOf(1), phoneOf(2), phoneOf(3)];
    const phones = [
      mainland[0]!,
      international[0]!,
      mainland[1]!,
      international[1]!,
      mainland[2]!,
      international[2]!,
    ];
    const { job } = await env.outbox.create(
      jobInput(phones.map((phone, i) => ({ rowNo: i + 1, phone, params: ['123456', '5'] }))),
    );
    await env.outbox.start(job.id);
    await until(
      () => env!.outbox.get(job.id).status === 'paused',
      10_000,
      'the job to pause on the template',
    );
    // Two requests, one per region, with the same params.
    expect(sets.map((s) => [...s].sort())).toEqual(
      expect.arrayContaining([[...mainland].sort(), [...international].sort()]),
    );
    for (const set of sets) {
      expect(new Set(set.map((p) => p.startsWith('+86'))).size).toBe(1);
    }
    const rows = rowsOf(env, job.id);
    expect(
      rows
        .filter((r) => r.state === 'sent')
        .map((r) => r.phone)
        .sort(),
    ).toEqual([...mainland].sort());
    // The practice template is for mainland numbers: Tencent's answer to the others is about
    // the template (the job waits for it to be fixed), never about mixing regions.
    const job2 = env.outbox.get(job.id);
    expect(job2).toMatchObject({
      pausedReason: 'error',
      lastErrorCode: 'UnsupportedOperation.ChineseMainlandTemplateToGlobalPhone',
    });
    for (const r of rows.filter((x) => international.includes(x.phone))) {
      expect(r).toMatchObject({
        state: 'pending',
        code: 'UnsupportedOperation.ChineseMainlandTemplateToGlobalPhone',
      });
    }
  });
});
