/**
 * Faster, honest recovery (issue 20, finding 6): after the process dies on the same boot, a
 * journaled request that never got its "about to leave" mark goes back to pending; one that
 * did stays `unknown`; after a machine restart (another boot id) everything stays `unknown`.
 * The crash is played in-process: requests hang at the gateway, the service is dropped without
 * closing (nothing more is written), and a new one opens the same files.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SmsGateway } from '../../../../../src/main/core/gateway/types';
import { phoneOf, startOutboxEnv, until, type OutboxEnv } from '../../../../support/outbox/env';
import { finished, jobInput, rowsOf } from '../../../../support/outbox/jobs';

let env: OutboxEnv | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

/** The real gateway, except that while `hang.on` a request is held forever after its mark. */
function hanging(g: SmsGateway, hang: { on: boolean }): SmsGateway {
  return {
    sdkAppId: g.sdkAppId,
    holdsBack: true,
    sendSms: async (req, o) => {
      if (!hang.on) return g.sendSms(req, o);
      // Past this point the request would be on the wire: its last moment before the bytes.
      await o?.notBefore;
      o?.beforeWire?.();
      return new Promise(() => {});
    },
    pullStatusByPhone: (...a) => g.pullStatusByPhone(...a),
    describeSendRecords: (...a) => g.describeSendRecords(...a),
    listSigns: (i) => g.listSigns(i),
    listTemplates: (i) => g.listTemplates(i),
    close: () => g.close(),
  };
}

const sendingEntries = (e: OutboxEnv): number =>
  (
    e.db.prepare("SELECT COUNT(*) AS n FROM send_journal WHERE state = 'sending'").get() as {
      n: number;
    }
  ).n;

const markLines = (e: OutboxEnv): string[] =>
  readFileSync(join(e.dir, 'sms-desk.db-leaving'), 'latin1')
    .split('\n')
    .slice(1)
    .filter((l) => l !== '');

/** Ten rows, one request each, two on the wire (marked) and two journaled ahead (not). */
async function crashMidSend(hang: { on: boolean }, bootId: string) {
  const e = (env = await startOutboxEnv({ gateway: (g) => hanging(g, hang), bootId }));
  e.outbox.recover();
  const rows = Array.from({ length: 10 }, (_, i) => ({
    rowNo: i + 1,
    phone: phoneOf(700 + i),
    params: [String(300_000 + i), '5'],
  }));
  const { job } = await e.outbox.create(
    jobInput(rows, { options: { marketing: false, heldPolicy: 'wait', concurrency: 2 } }),
  );
  await e.outbox.start(job.id);
  await until(() => sendingEntries(e) === 4 && markLines(e).length === 2, 5_000, '4 journaled');
  // The process dies: no close, no further write.
  e.outbox.reads.close();
  return { e, job, rows };
}

describe('outbox: leaving marks after a crash', () => {
  it('same boot: requests that never got their mark go back to pending; marked ones are unknown', async () => {
    const hang = { on: true };
    const { e, job, rows } = await crashMidSend(hang, 'boot-1');
    const outbox = e.restart();
    expect(outbox.recover()).toEqual({ unknownRows: 2, interruptedJobs: 1 });
    expect(outbox.neverLeft).toBe(2);
    const states = rowsOf(e, job.id).map((r) => r.state);
    expect(states.filter((s) => s === 'unknown')).toHaveLength(2);
    expect(states.filter((s) => s === 'pending')).toHaveLength(8);
    // The pending rows of withdrawn requests count no attempt.
    for (const r of rowsOf(e, job.id).filter((x) => x.state === 'pending'))
      expect(r.attempts).toBe(0);
    // The file starts over for the new process.
    expect(markLines(e)).toEqual([]);

    // Resumed: the 8 go out once each; the 2 unknown are never re-sent without the user.
    hang.on = false;
    await outbox.recovered;
    await outbox.resume(job.id);
    await until(finished(e, job.id), 10_000, 'the job to finish');
    const sent = e.emulator.sent().map((s) => s.phone);
    expect(sent).toHaveLength(8);
    expect(new Set(sent).size).toBe(8);
    const unknown = rowsOf(e, job.id).filter((r) => r.state === 'unknown');
    expect(unknown).toHaveLength(2);
    for (const r of unknown) expect(sent).not.toContain(r.phone);
    expect(rows).toHaveLength(10);
  });

  it('another boot (the machine restarted): every journaled request stays unknown', async () => {
    const hang = { on: true };
    const { e, job } = await crashMidSend(hang, 'boot-1');
    const outbox = e.restart({ bootId: 'boot-2' });
    expect(outbox.recover()).toEqual({ unknownRows: 4, interruptedJobs: 1 });
    expect(outbox.neverLeft).toBe(0);
    const states = rowsOf(e, job.id).map((r) => r.state);
    expect(states.filter((s) => s === 'unknown')).toHaveLength(4);
    expect(states.filter((s) => s === 'pending')).toHaveLength(6);
    hang.on = false;
    await outbox.recovered;
  });

  it('a database put back from a backup does not trust marks of a later recovery', async () => {
    const hang = { on: true };
    const { e, job } = await crashMidSend(hang, 'boot-1');
    // What a restored backup holds: the name of an older recovery than the file's.
    e.db
      .prepare("UPDATE settings SET value = '\"older\"' WHERE key = 'outbox.leavingSession'")
      .run();
    const outbox = e.restart();
    expect(outbox.recover()).toEqual({ unknownRows: 4, interruptedJobs: 1 });
    expect(rowsOf(e, job.id).filter((r) => r.state === 'unknown')).toHaveLength(4);
    hang.on = false;
    await outbox.recovered;
  });

  it('a process that sent without recovering first leaves marks nobody trusts', async () => {
    const hang = { on: true };
    const e = (env = await startOutboxEnv({ gateway: (g) => hanging(g, hang), bootId: 'boot-1' }));
    const { job } = await e.outbox.create(
      jobInput(
        Array.from({ length: 6 }, (_, i) => ({
          rowNo: i + 1,
          phone: phoneOf(800 + i),
          params: [String(400_000 + i), '5'],
        })),
        { options: { marketing: false, heldPolicy: 'wait', concurrency: 2 } },
      ),
    );
    await e.outbox.start(job.id);
    await until(() => sendingEntries(e) === 4, 5_000, '4 journaled');
    e.outbox.reads.close();
    const outbox = e.restart();
    expect(outbox.recover()).toEqual({ unknownRows: 4, interruptedJobs: 1 });
    hang.on = false;
    await outbox.recovered;
  });
});
