/**
 * The disk fills up mid-batch (issue 20, finding 4): the data folder sits on a small real
 * filesystem (see support/small-disk.ts) that a filler file fills, so SQLite's writes fail
 * with SQLITE_FULL, the pause itself included. The job must show itself paused with the
 * disk-full reason, reads must answer `disk_full` (never a generic error), and after space is
 * freed one 继续发送 must finish the job, each row sent exactly once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SmsGateway } from '../../../../../src/main/core/gateway/types';
import { dispatch } from '../../../../../src/main/core/kernel/dispatch';
import type { Handlers } from '../../../../../src/main/core/kernel/handlers';
import { createOutboxHandlers } from '../../../../../src/main/core/outbox/handlers';
import type { JobSummary } from '../../../../../src/shared/api/outbox';
import {
  phoneOf,
  recordingLogger,
  startOutboxEnv,
  until,
  type OutboxEnv,
} from '../../../../support/outbox/env';
import { finished, jobInput, rowsOf } from '../../../../support/outbox/jobs';
import { smallDisk, type SmallDisk } from '../../../../support/small-disk';

let env: OutboxEnv | undefined;
let disk: SmallDisk | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
  disk?.dispose();
  disk = undefined;
});

/** The real gateway, answering each SendSms `ms` later, so the disk fills mid-batch. */
function slow(g: SmsGateway, ms: number): SmsGateway {
  return {
    sdkAppId: g.sdkAppId,
    ...(g.holdsBack ? { holdsBack: true } : {}),
    sendSms: async (req, o) => {
      await new Promise((r) => setTimeout(r, ms));
      return g.sendSms(req, o);
    },
    pullStatusByPhone: (...a) => g.pullStatusByPhone(...a),
    describeSendRecords: (...a) => g.describeSendRecords(...a),
    listSigns: (i) => g.listSigns(i),
    listTemplates: (i) => g.listTemplates(i),
    close: () => g.close(),
  };
}

describe('outbox: the disk fills up mid-batch', () => {
  it('pauses with the disk-full reason, reads say disk_full, and one 继续发送 finishes the job', async () => {
    const log = recordingLogger();
    disk = smallDisk();
    env = await startOutboxEnv({ logger: log, gateway: (g) => slow(g, 15), parent: disk.parent });
    // Only the job calls are asked here; dispatch refuses any other name before looking.
    const handlers = createOutboxHandlers(env.outbox) as unknown as Handlers;
    const rows = Array.from({ length: 150 }, (_, i) => ({
      rowNo: i + 1,
      phone: phoneOf(500 + i),
      // Distinct params: one request per row, many flushes while the disk is full.
      params: [String(100_000 + i), '5'],
    }));
    const { job } = await env.outbox.create(
      jobInput(rows, { options: { marketing: false, heldPolicy: 'wait', concurrency: 2 } }),
    );
    await env.outbox.start(job.id);
    await until(() => env!.emulator.sent().length >= 10, 10_000, 'the first sends');
    const freeSpace = disk.fill(env.db);

    const summary = async (): Promise<JobSummary | string> => {
      const r = await dispatch(handlers, 'job.get', { jobId: job.id });
      return r.ok ? (r.value as JobSummary) : r.error.code;
    };
    // Paused, saying why; while the disk is full a read may need a write and say so instead.
    await until(() => env!.outbox.progressOf(job.id).status === 'paused', 10_000, 'the pause');
    expect(env.outbox.progressOf(job.id).pausedReason).toBe('error');
    // What the job view reads: the summary with the reason, or the disk-full answer itself.
    const got = await summary();
    if (typeof got === 'string') expect(got).toBe('disk_full');
    else expect(got).toMatchObject({ status: 'paused', lastErrorCode: 'Local.DiskFull' });
    expect(log.entries.some((e) => e.level === 'error')).toBe(true);
    for (const [name, input] of [
      ['job.list', { offset: 0, limit: 10 }],
      ['job.rows', { jobId: job.id, offset: 0, limit: 10 }],
    ] as const) {
      const r = await dispatch(handlers, name, input);
      if (!r.ok) expect(r.error.code).toBe('disk_full');
    }
    // Nothing is sending while paused.
    await env.outbox.idle();
    const sentWhilePaused = env.emulator.sent().length;
    expect(sentWhilePaused).toBeLessThan(rows.length);

    // Space is back: one click of 继续发送 (job.resume) and the job runs to its end.
    freeSpace();
    const resumed = await dispatch(handlers, 'job.resume', { jobId: job.id });
    expect(resumed.ok).toBe(true);
    await until(finished(env, job.id), 20_000, 'the job to finish');
    // Answers that came back while nothing could be written left their rows `unknown`: they
    // are checked with Tencent (never re-sent) and found sent.
    env.clock.advance(2_000);
    env.scheduler.fireDue();
    await until(
      () => rowsOf(env!, job.id).every((r) => r.state === 'sent'),
      20_000,
      'every row sent',
    );
    const sent = env.emulator.sent().map((s) => s.phone);
    expect(sent.sort()).toEqual(rows.map((r) => r.phone).sort());
  });
});
