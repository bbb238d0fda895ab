/** Pause, resume and cancel, the places on the wire and the requests journaled ahead, crash recovery and progress events. */
import { afterEach, describe, expect, it } from 'vitest';
import type { JobProgress } from '../../../../../src/shared/api/outbox';
import type { SmsGateway } from '../../../../../src/main/core/gateway/types';
import { TRANSPORT_CODES } from '../../../../../src/shared/tencent-errors';
import {
  BEIJING_10AM,
  TEMPLATE,
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

describe('outbox: controls and crash recovery', () => {
  /** Requests journaled and not yet answered: at Tencent, or journaled ahead. */
  const sendingEntries = (e: OutboxEnv): number =>
    (
      e.db.prepare("SELECT count(*) AS n FROM send_journal WHERE state = 'sending'").get() as {
        n: number;
      }
    ).n;
  const manyRows = (n: number, base = 100) =>
    Array.from({ length: n }, (_, i) => ({
      rowNo: i + 1,
      phone: phoneOf(base + i),
      params: [String(100_000 + i), '5'],
    }));

  it('pause lets in-flight requests finish and sends nothing more; resume finishes the job', async () => {
    env = await startOutboxEnv();
    env.emulator.injectFault({ kind: 'latency', latencyMs: 20, share: 1 });
    const { job } = await env.outbox.create(
      jobInput(manyRows(40), { options: { marketing: false, heldPolicy: 'wait', concurrency: 2 } }),
    );
    await env.outbox.start(job.id);
    await until(() => env!.emulator.sent().length >= 4, 5000);
    const paused = await env.outbox.pause(job.id);
    expect(paused.status).toBe('paused');
    expect(paused.pausedReason).toBe('user');
    await env.outbox.idle();
    const afterPause = env.emulator.sent().length;
    await new Promise((r) => setTimeout(r, 100));
    expect(env.emulator.sent().length).toBe(afterPause);
    const counts = env.outbox.get(job.id).counts;
    expect(counts.sending).toBe(0);
    expect(counts.sent).toBe(afterPause);
    expect(counts.pending).toBe(40 - afterPause);

    await env.outbox.resume(job.id);
    await until(finished(env, job.id), 10_000);
    expect(env.emulator.sent()).toHaveLength(40);
    expect(new Set(env.emulator.sent().map((s) => s.phone)).size).toBe(40);
  });

  it('journals the next round ahead, yet never has more than `concurrency` requests at Tencent', async () => {
    let journaledAtArrival = 0;
    env = await startOutboxEnv({
      onEmulatorRequest: ({ headers }) => {
        if (headers['x-tc-action'] !== 'SendSms') return;
        journaledAtArrival = Math.max(journaledAtArrival, sendingEntries(env!));
      },
    });
    env.emulator.injectFault({ kind: 'latency', latencyMs: 15, share: 1 });
    const { job } = await env.outbox.create(
      jobInput(manyRows(24), { options: { marketing: false, heldPolicy: 'wait', concurrency: 2 } }),
    );
    await runToEnd(env, job.id);
    expect(env.emulator.peakInFlight()).toBe(2);
    // Requests were on disk while others were at Tencent: more journaled than on the wire,
    // one round at most.
    expect(journaledAtArrival).toBeGreaterThan(2);
    expect(journaledAtArrival).toBeLessThanOrEqual(4);
    expect(env.emulator.sent()).toHaveLength(24);
    expect(new Set(env.emulator.sent().map((s) => s.phone)).size).toBe(24);
  });

  const journaledAhead = (e: OutboxEnv) => () => sendingEntries(e) === 2;

  /**
   * Ten rows, one request at a time, each held 300 ms by the emulator: returns once row 1 is at
   * Tencent and row 2 is journaled, waiting for its place. `arrivals`: SessionContexts.
   */
  async function oneJournaledAhead(
    opts: Pick<Parameters<typeof startOutboxEnv>[0] & {}, 'gateway' | 'inEffect'> = {},
  ): Promise<{ e: OutboxEnv; jobId: number; arrivals: string[] }> {
    const arrivals: string[] = [];
    const e = await startOutboxEnv({
      ...opts,
      onEmulatorRequest: ({ headers, body }) => {
        if (headers['x-tc-action'] !== 'SendSms') return;
        arrivals.push(
          (JSON.parse(body.toString('utf8')) as { SessionContext: string }).SessionContext,
        );
      },
    });
    env = e;
    e.emulator.injectFault({ kind: 'latency', latencyMs: 300, share: 1 });
    const { job } = await e.outbox.create(
      jobInput(manyRows(10), { options: { marketing: false, heldPolicy: 'wait', concurrency: 1 } }),
    );
    await e.outbox.start(job.id);
    await until(() => arrivals.length === 1, 5000, 'first request at the emulator');
    await until(journaledAhead(e), 5000, 'second request journaled ahead');
    return { e, jobId: job.id, arrivals };
  }

  it('pause calls back a request journaled ahead: it never leaves, its rows are pending again', async () => {
    const { e, jobId, arrivals } = await oneJournaledAhead();
    await e.outbox.pause(jobId);
    await e.outbox.idle();
    await new Promise((r) => setTimeout(r, 100));
    expect(arrivals).toEqual([`${jobId}:1`]);
    const rows = rowsOf(e, jobId);
    expect(rows[0]!.state).toBe('sent');
    expect(rows.slice(1).map((r) => r.state)).toEqual(Array(9).fill('pending'));
    // The withdrawn attempt does not count.
    expect(rows[1]!.attempts).toBe(0);
    expect(e.outbox.get(jobId).counts).toMatchObject({ sent: 1, sending: 0, pending: 9 });
    expect(journaledAhead(e)()).toBe(false);

    e.emulator.reset();
    await e.outbox.resume(jobId);
    await until(finished(e, jobId), 10_000);
    expect(e.emulator.sent()).toHaveLength(9);
    expect(new Set(e.emulator.sent().map((s) => s.phone)).size).toBe(9);
    expect(e.emulator.sent().some((s) => s.phone === rows[0]!.phone)).toBe(false);
  });

  it('a gateway that cannot hold requests back gets a journaled-ahead one only with a place', async () => {
    // It ignores `notBefore`: whatever it is given leaves at once.
    const { e, jobId, arrivals } = await oneJournaledAhead({
      gateway: (g) => ({
        ...watchSends(g, () => {}),
        holdsBack: false,
        sendSms: (req) => g.sendSms(req),
      }),
    });
    await e.outbox.pause(jobId);
    await e.outbox.idle();
    await new Promise((r) => setTimeout(r, 100));
    expect(arrivals).toEqual([`${jobId}:1`]);
    expect(e.outbox.get(jobId).counts).toMatchObject({ sent: 1, sending: 0, pending: 9 });
    await e.outbox.resume(jobId);
    await until(finished(e, jobId), 10_000, 'job to finish');
    expect(new Set(arrivals).size).toBe(10);
    expect(e.emulator.peakInFlight()).toBe(1);
  });

  it('requests called back together make one progress event, not one each', async () => {
    let arrivals = 0;
    env = await startOutboxEnv({
      onEmulatorRequest: ({ headers }) => {
        if (headers['x-tc-action'] === 'SendSms') arrivals++;
      },
    });
    env.emulator.injectFault({ kind: 'latency', latencyMs: 300, share: 1 });
    const { job } = await env.outbox.create(jobInput(manyRows(40)));
    await env.outbox.start(job.id);
    // 4 requests at Tencent, 4 journaled ahead.
    await until(() => arrivals === 4, 5000, 'a round at the emulator');
    await until(() => sendingEntries(env!) === 8, 5000, 'a round journaled ahead');
    const before = env.events.length;
    await env.outbox.pause(job.id);
    await new Promise((r) => setTimeout(r, 150));
    const progress = env.events.slice(before).filter((x) => x.name === 'job.progress');
    // The pause's own event, and one for the four call-backs.
    expect(progress.length).toBeLessThanOrEqual(2);
    expect((progress.at(-1)!.payload as JobProgress).counts).toMatchObject({
      sending: 4,
      pending: 36,
    });
    expect(arrivals).toBe(4);
  });

  it('a switch of account calls back a request journaled ahead on the old one', async () => {
    // The user switches to another app while row 2 waits for its place: the old gateway must
    // not send it (it would, once row 1 is answered).
    let inEffect: SmsGateway | null = null;
    const { e, jobId, arrivals } = await oneJournaledAhead({
      inEffect: (g) => () => (inEffect ??= g),
    });
    inEffect = { ...watchSends(e.gateway, () => {}), sdkAppId: '1400999999' };
    await new Promise((r) => setTimeout(r, 700));
    expect(arrivals).toEqual([`${jobId}:1`]);
    const rows = rowsOf(e, jobId);
    expect(rows[0]!.state).toBe('sent');
    expect(rows.slice(1).some((r) => r.state === 'sending' || r.state === 'sent')).toBe(false);
  });

  it('a resume right after a pause still sends the called-back request, once', async () => {
    // The call-back of row 2 lands late: the resumed job's pager has passed row 2 by then (it
    // was still `sending`), so only the call-back can queue it again.
    const { e, jobId, arrivals } = await oneJournaledAhead({
      gateway: (g) => ({
        ...watchSends(g, () => {}),
        sendSms: async (req, o) => {
          const res = await g.sendSms(req, o);
          if (res.kind === 'failed' && res.code === TRANSPORT_CODES.abortedBeforeSend) {
            await new Promise((r) => setTimeout(r, 100));
          }
          return res;
        },
      }),
    });
    await e.outbox.pause(jobId);
    await e.outbox.resume(jobId);
    await until(finished(e, jobId), 10_000, 'job to finish');
    expect(arrivals).toHaveLength(10);
    expect(new Set(arrivals).size).toBe(10);
    expect(e.emulator.sent()).toHaveLength(10);
    expect(rowsOf(e, jobId).every((r) => r.state === 'sent')).toBe(true);
  });

  it('cancel calls back a request journaled ahead: it never leaves, its rows are cancelled', async () => {
    const { e, jobId, arrivals } = await oneJournaledAhead();
    await e.outbox.cancel(jobId);
    await e.outbox.idle();
    await new Promise((r) => setTimeout(r, 100));
    expect(arrivals).toEqual([`${jobId}:1`]);
    expect(rowsOf(e, jobId).map((r) => r.state)).toEqual(['sent', ...Array(9).fill('cancelled')]);
    expect(e.outbox.get(jobId)).toMatchObject({
      status: 'cancelled',
      counts: { sent: 1, sending: 0, pending: 0, cancelled: 9 },
    });
  });

  it('a cancel while the start still waits (for the account, the ledger) stands: nothing is sent', async () => {
    env = await startOutboxEnv();
    const { job } = await env.outbox.create(jobInput(manyRows(10)));
    const starting = env.outbox.start(job.id);
    const cancelled = await env.outbox.cancel(job.id);
    expect(cancelled.status).toBe('cancelled');
    await expect(starting).rejects.toMatchObject({ code: 'job_not_startable' });
    await env.outbox.idle();
    expect(env.outbox.get(job.id).status).toBe('cancelled');
    expect(env.outbox.get(job.id).counts.cancelled).toBe(10);
    expect(env.emulator.sent()).toHaveLength(0);
  });

  it('cancel turns pending and held rows into cancelled', async () => {
    env = await startOutboxEnv();
    env.emulator.injectFault({ kind: 'latency', latencyMs: 20, share: 1 });
    const { job } = await env.outbox.create(
      jobInput(manyRows(30), { options: { marketing: false, heldPolicy: 'wait', concurrency: 1 } }),
    );
    await env.outbox.start(job.id);
    await until(() => env!.emulator.sent().length >= 2, 5000);
    await env.outbox.cancel(job.id);
    await env.outbox.idle();
    const s = env.outbox.get(job.id);
    expect(s.status).toBe('cancelled');
    expect(s.counts.pending + s.counts.held + s.counts.sending).toBe(0);
    expect(s.counts.sent).toBe(env.emulator.sent().length);
    expect(s.counts.cancelled).toBe(30 - s.counts.sent);
    await expect(env.outbox.start(job.id)).rejects.toMatchObject({ code: 'job_not_startable' });
  });

  it('after a crash, sending rows become unknown and are reconciled; resume never re-sends them', async () => {
    env = await startOutboxEnv();
    const { job } = await env.outbox.create(jobInput(manyRows(4, 300)));
    // Simulate the state a crash leaves: job running, rows 1–2 journaled as sending; row 1's
    // request reached Tencent, row 2's never did.
    env.db.prepare(`UPDATE jobs SET status = 'running' WHERE id = ?`).run(job.id);
    env.db
      .prepare(
        `UPDATE job_rows SET state = 'sending', attempts = 1, attempted_at = ?, session_context = ?
         WHERE job_id = ? AND row_no IN (1, 2)`,
      )
      .run(BEIJING_10AM, `${job.id}:1`, job.id);
    const r1 = rowsOf(env, job.id)[0]!;
    const direct = await env.gateway.sendSms({
      phones: [r1.phone],
      templateId: TEMPLATE.templateId,
      signName: TEMPLATE.signName,
      params: r1.params,
      sessionContext: `${job.id}:1`,
    });
    expect(direct.kind).toBe('answered');
    await env.outbox.close();

    env.clock.advance(5_000);
    const outbox = env.restart();
    const rec = outbox.recover();
    expect(rec).toEqual({ unknownRows: 2, interruptedJobs: 1 });
    expect(outbox.get(job.id)).toMatchObject({ status: 'paused', pausedReason: 'interrupted' });
    await outbox.recovered;
    let rows = rowsOf(env, job.id);
    expect(rows.map((r) => r.state)).toEqual(['sent', 'unknown', 'pending', 'pending']);
    expect(rows[0]!.serialNo).toBe(env.emulator.sent()[0]!.serialNo);

    await outbox.resume(job.id);
    await until(finished(env, job.id), 5000);
    rows = rowsOf(env, job.id);
    expect(rows.map((r) => r.state)).toEqual(['sent', 'unknown', 'sent', 'sent']);
    expect(env.emulator.sent()).toHaveLength(3);

    expect(await outbox.resendUnknown(job.id)).toEqual({ affected: 1 });
    await until(() => rowsOf(env!, job.id)[1]!.state === 'sent', 5000);
    await outbox.idle();
    const phones = env.emulator.sent().map((s) => s.phone);
    expect(phones).toHaveLength(4);
    expect(new Set(phones).size).toBe(4);
  });

  it('progress events are throttled and carry counts', async () => {
    env = await startOutboxEnv();
    const { job } = await env.outbox.create(jobInput(manyRows(60, 500)));
    const t0 = Date.now();
    await runToEnd(env, job.id);
    const elapsed = Date.now() - t0;
    const progress = env.events.filter((e) => e.name === 'job.progress');
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.length).toBeLessThanOrEqual(Math.ceil(elapsed / 100) + 4);
    const last = env.events.find((e) => e.name === 'job.finished')!.payload as JobProgress;
    expect(last.counts.sent).toBe(60);
    expect(last.status).toBe('finished');
  });
});
