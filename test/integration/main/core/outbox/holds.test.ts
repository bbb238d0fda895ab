/** Rows that must wait: numbers cooling down (held or skipped), server-reported limits, and marketing quiet hours. */
import { afterEach, describe, expect, it } from 'vitest';
import {
  BEIJING_10AM,
  phoneOf,
  startOutboxEnv,
  until,
  watchSends,
  type OutboxEnv,
} from '../../../../support/outbox/env';
import { jobInput, finished, runToEnd, rowsOf } from '../../../../support/outbox/jobs';

let env: OutboxEnv | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

describe('outbox: cooldown and quiet hours', () => {
  it('holds a cooling number until allowedAt and sends it when due', async () => {
    env = await startOutboxEnv();
    const a = await env.outbox.create(
      jobInput([{ rowNo: 1, phone: phoneOf(7), params: ['444444', '5'] }]),
    );
    await runToEnd(env, a.job.id);
    env.clock.advance(10_000);
    const b = await env.outbox.create(
      jobInput([
        { rowNo: 1, phone: phoneOf(7), params: ['555555', '5'] },
        { rowNo: 2, phone: phoneOf(8), params: ['555555', '5'] },
      ]),
    );
    const plan = env.outbox.plan(b.job.id);
    expect(plan.held).toEqual({
      count: 1,
      items: [{ rowNo: 1, phone: phoneOf(7), allowedAt: BEIJING_10AM + 30_000 }],
    });
    await env.outbox.start(b.job.id);
    await until(() => env!.outbox.get(b.job.id).counts.sent === 1, 5000, 'free row sent');
    await env.outbox.idle();
    let rows = rowsOf(env, b.job.id);
    expect(rows[0]).toMatchObject({
      state: 'held',
      heldReason: 'cooldown',
      notBefore: BEIJING_10AM + 30_000,
    });
    expect(env.outbox.get(b.job.id).status).toBe('running');

    // Not yet due: a timer firing early changes nothing.
    env.clock.advance(10_000);
    env.scheduler.fireDue();
    env.outbox.poke();
    await new Promise((r) => setTimeout(r, 50));
    expect(rowsOf(env, b.job.id)[0]!.state).toBe('held');

    env.clock.advance(10_000);
    expect(env.scheduler.fireDue()).toBeGreaterThan(0);
    await until(finished(env, b.job.id), 5000, 'held row sent');
    rows = rowsOf(env, b.job.id);
    expect(rows.map((r) => r.state)).toEqual(['sent', 'sent']);
    expect(env.emulator.sent().filter((s) => s.phone === phoneOf(7))).toHaveLength(2);
  });

  it('a number listed twice in one job gets two messages, in separate requests 30 s apart', async () => {
    const requests: string[][] = [];
    env = await startOutboxEnv({
      gateway: (g) => watchSends(g, (req) => requests.push([...req.phones])),
    });
    const { job } = await env.outbox.create(
      jobInput([
        { rowNo: 1, phone: phoneOf(7), params: ['666666', '5'] },
        { rowNo: 2, phone: phoneOf(8), params: ['666666', '5'] },
        { rowNo: 3, phone: phoneOf(7), params: ['666666', '5'] },
        { rowNo: 4, phone: phoneOf(9), params: ['666666', '5'] },
      ]),
    );
    await env.outbox.start(job.id);
    await until(() => env!.outbox.get(job.id).counts.sent === 3, 5000, 'first sends');
    await env.outbox.idle();
    // The repeat waited for the first answer, then for the number's 30-second window.
    expect(requests).toEqual([[phoneOf(7), phoneOf(8), phoneOf(9)]]);
    expect(rowsOf(env, job.id)[2]).toMatchObject({
      state: 'held',
      heldReason: 'cooldown',
      notBefore: BEIJING_10AM + 30_000,
    });

    env.clock.advance(30_000);
    expect(env.scheduler.fireDue()).toBeGreaterThan(0);
    await until(finished(env, job.id), 5000, 'repeat sent');
    expect(requests).toEqual([[phoneOf(7), phoneOf(8), phoneOf(9)], [phoneOf(7)]]);
    expect(rowsOf(env, job.id).map((r) => r.state)).toEqual(['sent', 'sent', 'sent', 'sent']);
    expect(env.emulator.sent().filter((s) => s.phone === phoneOf(7))).toHaveLength(2);
  });

  it('skips cooling numbers when the job says so', async () => {
    env = await startOutboxEnv();
    const a = await env.outbox.create(
      jobInput([{ rowNo: 1, phone: phoneOf(9), params: ['444444', '5'] }]),
    );
    await runToEnd(env, a.job.id);
    const b = await env.outbox.create(
      jobInput([{ rowNo: 1, phone: phoneOf(9), params: ['555555', '5'] }], {
        options: { marketing: false, heldPolicy: 'skip', concurrency: 4 },
      }),
    );
    await runToEnd(env, b.job.id);
    expect(rowsOf(env, b.job.id)[0]).toMatchObject({ state: 'skipped', heldReason: 'cooldown' });
    expect(env.emulator.sent()).toHaveLength(1);
  });

  it('a server-reported limit blocks the number in the ledger and holds the row', async () => {
    // The emulator counts a send we do not know about (another app, the console).
    env = await startOutboxEnv();
    const other = await env.outbox.create(
      jobInput([{ rowNo: 1, phone: phoneOf(11), params: ['1', '5'] }]),
    );
    await runToEnd(env, other.job.id);
    // Fold the send journal first: its unfolded sends are part of the local ledger too.
    env.outbox.reads.foldJournal();
    env.db.prepare('DELETE FROM ledger_sends').run();
    env.db.prepare('DELETE FROM ledger_state').run();
    const b = await env.outbox.create(
      jobInput([{ rowNo: 1, phone: phoneOf(11), params: ['2', '5'] }]),
    );
    await env.outbox.start(b.job.id);
    await until(() => rowsOf(env!, b.job.id)[0]!.state === 'held', 5000, 'held by server');
    const row = rowsOf(env, b.job.id)[0]!;
    expect(row).toMatchObject({
      heldReason: 'serverLimit',
      code: 'LimitExceeded.PhoneNumberThirtySecondLimit',
      notBefore: BEIJING_10AM + 30_000,
    });
    const q = await env.outbox.ledger.cooldownQuery([phoneOf(11)]);
    expect(q.items[0]).toMatchObject({ allowedAt: BEIJING_10AM + 30_000, reason: 'server' });
    env.clock.advance(30_000);
    env.scheduler.fireDue();
    await until(finished(env, b.job.id), 5000, 'sent after the block');
    expect(rowsOf(env, b.job.id)[0]!.state).toBe('sent');
  });

  it('holds marketing rows outside 08:00–22:00 Beijing and sends them at 08:00', async () => {
    const night = Date.UTC(2026, 10, 27, 15, 0, 0); // 23:00 Beijing
    env = await startOutboxEnv({ now: night });
    const { job } = await env.outbox.create(
      jobInput([{ rowNo: 1, phone: phoneOf(12), params: ['老王'] }], {
        templateId: '2001004',
        templateContent: '{1}会员日全场8折，欢迎到店选购。拒收请回复R',
        templateKind: 'marketing',
        options: { marketing: true, heldPolicy: 'wait', concurrency: 4 },
      }),
    );
    const eight = Date.UTC(2026, 10, 28, 0, 0, 0); // 08:00 Beijing next day
    expect(env.outbox.plan(job.id).quietHours).toEqual({ active: true, resumesAt: eight });
    await env.outbox.start(job.id);
    await until(() => rowsOf(env!, job.id)[0]!.state === 'held', 5000, 'held for the night');
    expect(rowsOf(env, job.id)[0]).toMatchObject({ heldReason: 'quietHours', notBefore: eight });
    env.clock.set(eight);
    env.scheduler.fireDue();
    await until(finished(env, job.id), 5000, 'sent at 08:00');
    expect(env.emulator.sent()).toHaveLength(1);
  });
});
