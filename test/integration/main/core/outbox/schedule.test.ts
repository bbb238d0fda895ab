/** Scheduled sends (定时发送): a job waits in `scheduled` until its time, across restarts, and never runs unattended late. */
import { afterEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../../../../src/shared/errors';
import { phoneOf, startOutboxEnv, until, type OutboxEnv } from '../../../../support/outbox/env';
import { finished, jobInput, rowsOf, runToEnd } from '../../../../support/outbox/jobs';

const MIN = 60_000;
/** 2026-11-27 in Beijing (UTC+8) at hh:mm. */
const beijing = (hh: number, mm = 0, ss = 0) => Date.UTC(2026, 10, 27, hh - 8, mm, ss);
const AT_0830 = beijing(8, 30);
const AT_0900 = beijing(9);

let env: OutboxEnv | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

async function start(now = AT_0830): Promise<OutboxEnv> {
  env = await startOutboxEnv({ now });
  // As createCore does: recovery first, then scheduled jobs are tracked.
  env.outbox.recover();
  return env;
}

const oneRow = (i: number) => [{ rowNo: 1, phone: phoneOf(i), params: ['123456', '5'] }];

const marketing = (i: number) =>
  jobInput([{ rowNo: 1, phone: phoneOf(i), params: ['老王'] }], {
    templateId: '2001004',
    templateContent: '{1}会员日全场8折，欢迎到店选购。拒收请回复R',
    templateKind: 'marketing',
    options: { marketing: true, heldPolicy: 'wait', concurrency: 4 },
  });

/** A restart as the app does it: the old outbox closes, a new one recovers and resumes. */
async function restart(e: OutboxEnv, at: number): Promise<void> {
  await e.outbox.close();
  e.clock.set(at);
  e.restart();
  e.outbox.recover();
}

async function errorOf(p: () => unknown): Promise<string> {
  try {
    await p();
  } catch (e) {
    if (isAppError(e)) return e.code;
    throw e;
  }
  throw new Error('expected an error');
}

/** Lets any start the timer kicked off reach the wire and come back. */
const settle = async (e: OutboxEnv) => {
  await new Promise((r) => setTimeout(r, 50));
  await e.outbox.idle();
};

describe('outbox: scheduled sends', () => {
  it('a job scheduled for 09:00 sends at 09:00 and not before', async () => {
    const e = await start();
    const { job } = await e.outbox.create(jobInput(oneRow(1)));
    const scheduled = e.outbox.scheduled.set(job.id, AT_0900);
    expect(scheduled).toMatchObject({ status: 'scheduled', scheduledAt: AT_0900 });
    expect(e.outbox.list(0, 10, 'scheduled').items.map((j) => j.id)).toEqual([job.id]);

    e.clock.set(AT_0900 - 1000);
    e.scheduler.fireDue();
    e.outbox.poke();
    await settle(e);
    expect(e.outbox.get(job.id).status).toBe('scheduled');
    expect(e.emulator.sent()).toHaveLength(0);

    e.clock.set(AT_0900);
    expect(e.scheduler.fireDue()).toBeGreaterThan(0);
    await until(finished(e, job.id), 5000, 'sent at 09:00');
    expect(e.outbox.get(job.id)).toMatchObject({ status: 'finished', startedAt: AT_0900 });
    expect(e.emulator.sent().map((s) => s.phone)).toEqual([phoneOf(1)]);
    expect(e.events.filter((x) => x.name === 'job.scheduleStarted')).toEqual([
      { name: 'job.scheduleStarted', payload: { jobId: job.id } },
    ]);
  });

  it('one timer for the next job: none left spinning while a due job starts', async () => {
    const e = await start();
    const first = (await e.outbox.create(jobInput(oneRow(13)))).job;
    const second = (await e.outbox.create(jobInput(oneRow(14)))).job;
    e.outbox.scheduled.set(first.id, AT_0900);
    e.outbox.scheduled.set(second.id, beijing(9, 30));
    e.clock.set(AT_0900);
    expect(e.scheduler.fireDue()).toBe(1);
    // The first is starting; nothing else is due now (no zero-wait timer re-arming for it).
    expect(e.scheduler.fireDue()).toBe(0);
    await until(finished(e, first.id), 5000, 'first sent');
    expect(e.outbox.get(second.id).status).toBe('scheduled');
    e.clock.set(beijing(9, 30));
    expect(e.scheduler.fireDue()).toBeGreaterThan(0);
    await until(finished(e, second.id), 5000, 'second sent at 09:30');
  });

  it('a scheduled job survives a restart and still sends at its time', async () => {
    const e = await start();
    const { job } = await e.outbox.create(jobInput(oneRow(2)));
    e.outbox.scheduled.set(job.id, AT_0900);
    await restart(e, beijing(8, 45));
    expect(e.outbox.get(job.id)).toMatchObject({
      status: 'scheduled',
      scheduledAt: AT_0900,
      scheduleMissedAt: null,
    });
    e.clock.set(AT_0900);
    e.scheduler.fireDue();
    await until(finished(e, job.id), 5000, 'sent after the restart');
    expect(e.emulator.sent()).toHaveLength(1);
  });

  it('a job whose time passed while the app was closed is offered, not sent', async () => {
    const e = await start();
    const { job } = await e.outbox.create(jobInput(oneRow(3)));
    e.outbox.scheduled.set(job.id, AT_0900);
    await restart(e, beijing(9, 30));
    await settle(e);
    expect(e.outbox.get(job.id)).toMatchObject({
      status: 'scheduled',
      scheduleMissedAt: beijing(9, 30),
    });
    expect(e.emulator.sent()).toHaveLength(0);
    expect(e.events.some((x) => x.name === 'job.scheduleMissed')).toBe(true);
    // Timers and wakes leave a missed job alone: only the user decides.
    e.clock.advance(60 * MIN);
    e.scheduler.fireDue();
    e.outbox.poke();
    await settle(e);
    expect(e.emulator.sent()).toHaveLength(0);
    // 立即发送
    await runToEnd(e, job.id);
    expect(e.emulator.sent()).toHaveLength(1);
  });

  it('a short restart within the grace window still sends on its own', async () => {
    const e = await start();
    const { job } = await e.outbox.create(jobInput(oneRow(4)));
    e.outbox.scheduled.set(job.id, AT_0900);
    await restart(e, beijing(9, 5));
    await until(finished(e, job.id), 5000, 'sent late within the grace window');
    expect(e.outbox.get(job.id).scheduleMissedAt).toBeNull();
  });

  it('a missed job can be given a new time (改时间), which clears the missed mark', async () => {
    const e = await start();
    const { job } = await e.outbox.create(jobInput(oneRow(5)));
    e.outbox.scheduled.set(job.id, AT_0900);
    await restart(e, beijing(10));
    expect(e.outbox.get(job.id).scheduleMissedAt).toBe(beijing(10));
    e.outbox.scheduled.set(job.id, beijing(10, 30));
    expect(e.outbox.get(job.id)).toMatchObject({
      status: 'scheduled',
      scheduledAt: beijing(10, 30),
      scheduleMissedAt: null,
    });
    e.clock.set(beijing(10, 30));
    e.scheduler.fireDue();
    await until(finished(e, job.id), 5000, 'sent at the new time');
  });

  it('rescheduling moves the send; cancelling a scheduled job sends nothing', async () => {
    const e = await start();
    const moved = (await e.outbox.create(jobInput(oneRow(6)))).job;
    const dropped = (await e.outbox.create(jobInput(oneRow(7)))).job;
    e.outbox.scheduled.set(moved.id, AT_0900);
    e.outbox.scheduled.set(dropped.id, AT_0900);
    e.outbox.scheduled.set(moved.id, beijing(9, 10));
    await e.outbox.cancel(dropped.id);
    expect(e.outbox.get(dropped.id).status).toBe('cancelled');
    expect(rowsOf(e, dropped.id).map((r) => r.state)).toEqual(['cancelled']);
    expect(await errorOf(() => e.outbox.scheduled.set(dropped.id, beijing(9, 20)))).toBe(
      'job_not_schedulable',
    );

    e.clock.set(AT_0900);
    e.scheduler.fireDue();
    e.outbox.poke();
    await settle(e);
    expect(e.emulator.sent()).toHaveLength(0);
    expect(e.outbox.get(moved.id).status).toBe('scheduled');

    e.clock.set(beijing(9, 10));
    e.scheduler.fireDue();
    await until(finished(e, moved.id), 5000, 'sent at the new time');
    expect(e.emulator.sent().map((s) => s.phone)).toEqual([phoneOf(6)]);
  });

  it('refuses times too soon, too far, and marketing outside 08:00–22:00', async () => {
    const e = await start(beijing(10));
    const { job } = await e.outbox.create(jobInput(oneRow(8)));
    const now = e.clock.now();
    expect(await errorOf(() => e.outbox.scheduled.set(job.id, now + 30_000))).toBe(
      'schedule_too_soon',
    );
    expect(await errorOf(() => e.outbox.scheduled.set(job.id, now + 31 * 24 * 60 * MIN))).toBe(
      'schedule_too_far',
    );
    // A notice may go at night; a marketing job may not.
    expect(e.outbox.scheduled.set(job.id, beijing(23)).status).toBe('scheduled');
    const ad = (await e.outbox.create(marketing(9))).job;
    expect(await errorOf(() => e.outbox.scheduled.set(ad.id, beijing(23)))).toBe(
      'schedule_quiet_hours',
    );
    expect(await errorOf(() => e.outbox.scheduled.set(ad.id, beijing(7, 59)))).toBe(
      'schedule_too_soon',
    );
    expect(e.outbox.scheduled.set(ad.id, beijing(21, 59)).status).toBe('scheduled');
    expect(e.outbox.get(ad.id).status).toBe('scheduled');
    // A started job cannot be scheduled.
    const ran = (await e.outbox.create(jobInput(oneRow(10)))).job;
    await runToEnd(e, ran.id);
    expect(await errorOf(() => e.outbox.scheduled.set(ran.id, beijing(12)))).toBe(
      'job_not_schedulable',
    );
  });

  it('cooldowns apply when the job runs, not when it was scheduled', async () => {
    const e = await start();
    const { job } = await e.outbox.create(jobInput(oneRow(11)));
    e.outbox.scheduled.set(job.id, AT_0900);
    // The same number gets a code 10 s before the scheduled time.
    e.clock.set(AT_0900 - 10_000);
    const direct = (await e.outbox.create(jobInput(oneRow(11)))).job;
    await runToEnd(e, direct.id);

    e.clock.set(AT_0900);
    e.scheduler.fireDue();
    await until(() => rowsOf(e, job.id)[0]!.state === 'held', 5000, 'held by the cooldown');
    expect(rowsOf(e, job.id)[0]).toMatchObject({
      heldReason: 'cooldown',
      notBefore: AT_0900 + 20_000,
    });
    e.clock.set(AT_0900 + 20_000);
    e.scheduler.fireDue();
    await until(finished(e, job.id), 5000, 'sent after the cooldown');
    expect(e.emulator.sent().filter((s) => s.phone === phoneOf(11))).toHaveLength(2);
  });

  it('quiet hours apply when a late marketing job runs', async () => {
    const e = await start(beijing(21, 50));
    const { job } = await e.outbox.create(marketing(12));
    e.outbox.scheduled.set(job.id, beijing(21, 58));
    // Closed over the scheduled time, back at 22:05: within the grace window, so it starts…
    await restart(e, beijing(22, 5));
    await until(() => rowsOf(e, job.id)[0]?.state === 'held', 5000, 'held for the night');
    // …but Tencent's marketing window has closed: the row waits for 08:00, nothing goes now.
    const eight = Date.UTC(2026, 10, 28, 0, 0, 0);
    expect(rowsOf(e, job.id)[0]).toMatchObject({ heldReason: 'quietHours', notBefore: eight });
    expect(e.emulator.sent()).toHaveLength(0);
  });
});
