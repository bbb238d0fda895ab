import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_FREQUENCY_RULES } from '../../../../../src/shared/domain';
import { TEMPLATE, phoneOf, startOutboxEnv, type OutboxEnv } from '../../../../support/outbox/env';

let env: OutboxEnv | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

interface RowState {
  row_no: number;
  state: string;
  serial_no: string | null;
  fee: number | null;
  attempts: number;
  session_context: string | null;
}

const rowsOf = (e: OutboxEnv, jobId: number): RowState[] =>
  e.db
    .prepare(
      `SELECT row_no, state, serial_no, fee, attempts, session_context FROM job_rows
       WHERE job_id = ? ORDER BY row_no`,
    )
    .all(jobId) as RowState[];

const ledgerOf = (e: OutboxEnv): { phone: string; row_no: number; content_key: string }[] =>
  e.db.prepare('SELECT phone, row_no, content_key FROM ledger_sends ORDER BY row_no').all() as {
    phone: string;
    row_no: number;
    content_key: string;
  }[];

/** Journals a request for `rowNos`, as the runner does before it leaves. */
const openRequest = (e: OutboxEnv, jobId: number, rowNos: number[], at: number): number =>
  e.outbox.journal.open({
    jobId,
    sdkAppId: e.gateway.sdkAppId,
    sessionContext: `${jobId}:${rowNos[0]}`,
    attemptedAt: at,
    rowNos,
  });

/** Tencent accepted every number of a journaled request. */
const acceptAll = (
  e: OutboxEnv,
  id: number,
  a: { requestId: string; serials: string[]; fees: number[]; doneAt: number; phones: string[] },
): void =>
  e.outbox.journal.complete(id, {
    code: 'Ok',
    message: 'send success',
    sdkAppId: e.gateway.sdkAppId,
    ...a,
  });

async function draftJob(e: OutboxEnv, n: number): Promise<number> {
  const { job } = await e.outbox.create({
    idempotencyKey: `journal-${n}-${Date.now()}`,
    kind: 'batch',
    ...TEMPLATE,
    options: { marketing: false, heldPolicy: 'wait', concurrency: 4 },
    rows: Array.from({ length: n }, (_, i) => ({
      rowNo: i + 1,
      phone: phoneOf(i),
      params: ['123456', '5'],
    })),
  });
  return job.id;
}

describe('send journal', () => {
  it('keeps an answered request in one record until it is folded, then the rows say sent', async () => {
    const e = (env = await startOutboxEnv());
    const jobId = await draftJob(env, 3);
    const { ledger, reads } = env.outbox;
    const now = env.clock.now();
    const scope = { sdkAppId: env.gateway.sdkAppId, rules: DEFAULT_FREQUENCY_RULES };
    const id = openRequest(e, jobId, [1, 2, 3], now);
    acceptAll(e, id, {
      requestId: 'req-1',
      serials: ['s1', 's2', 's3'],
      fees: [1, 2, 1],
      doneAt: now + 5,
      phones: [phoneOf(0), phoneOf(1), phoneOf(2)],
    });

    // Not folded yet: the rows are untouched, yet the send path already sees the sends.
    expect(rowsOf(env, jobId).map((r) => r.state)).toEqual(['pending', 'pending', 'pending']);
    expect(ledgerOf(env)).toEqual([]);
    expect(ledger.repo.history(scope, [phoneOf(1)], now + 10).get(phoneOf(1))!.sends).toEqual([
      now + 5,
    ]);

    reads.foldJournal();
    expect(rowsOf(env, jobId)).toEqual([
      {
        row_no: 1,
        state: 'sent',
        serial_no: 's1',
        fee: 1,
        attempts: 1,
        session_context: `${jobId}:1`,
      },
      {
        row_no: 2,
        state: 'sent',
        serial_no: 's2',
        fee: 2,
        attempts: 1,
        session_context: `${jobId}:1`,
      },
      {
        row_no: 3,
        state: 'sent',
        serial_no: 's3',
        fee: 1,
        attempts: 1,
        session_context: `${jobId}:1`,
      },
    ]);
    expect(ledgerOf(env).map((l) => [l.phone, l.row_no])).toEqual([
      [phoneOf(0), 1],
      [phoneOf(1), 2],
      [phoneOf(2), 3],
    ]);
    expect(ledgerOf(env)[0]!.content_key).toBe(`${TEMPLATE.templateId}\u001f["123456","5"]`);
    // Folded once: the history comes from the table now, not twice.
    expect(ledger.repo.history(scope, [phoneOf(1)], now + 10).get(phoneOf(1))!.sends).toEqual([
      now + 5,
    ]);
    expect(env.db.prepare('SELECT COUNT(*) AS n FROM send_journal').get()).toEqual({ n: 0 });
  });

  it('a reader that may wait folds in turns: every record folded, other calls run between', async () => {
    const e = (env = await startOutboxEnv());
    const n = 1_200;
    const jobId = await draftJob(env, n);
    const now = env.clock.now();
    for (let i = 0; i < n; i++) {
      acceptAll(e, openRequest(e, jobId, [i + 1], now), {
        requestId: `req-${i}`,
        serials: [`s${i}`],
        fees: [1],
        doneAt: now + 1,
        phones: [phoneOf(i)],
      });
    }
    let between = false;
    setImmediate(() => (between = true));
    await env.outbox.reads.foldInTurns();
    expect(between).toBe(true);
    expect(new Set(rowsOf(env, jobId).map((r) => r.state))).toEqual(new Set(['sent']));
    expect(ledgerOf(env)).toHaveLength(n);
    expect(env.db.prepare('SELECT COUNT(*) AS n FROM send_journal').get()).toEqual({ n: 0 });
  });

  it('a reader sees rows in flight as sending, and folding later counts the attempt once', async () => {
    const e = (env = await startOutboxEnv());
    const jobId = await draftJob(env, 5);
    const { reads } = env.outbox;
    const now = env.clock.now();
    // Rows 1, 3 and 5: not a run, so serials follow the listed order.
    const id = openRequest(e, jobId, [1, 3, 5], now);
    reads.foldJournal();
    expect(rowsOf(env, jobId).map((r) => [r.state, r.attempts])).toEqual([
      ['sending', 1],
      ['pending', 0],
      ['sending', 1],
      ['pending', 0],
      ['sending', 1],
    ]);
    // Cancelling now leaves the rows in flight alone.
    await env.outbox.cancel(jobId);
    expect(rowsOf(env, jobId).map((r) => r.state)).toEqual([
      'sending',
      'cancelled',
      'sending',
      'cancelled',
      'sending',
    ]);

    acceptAll(e, id, {
      requestId: 'req-2',
      serials: ['a', 'b', 'c'],
      fees: [1, 1, 1],
      doneAt: now + 5,
      phones: [phoneOf(0), phoneOf(2), phoneOf(4)],
    });
    reads.foldJournal();
    const rows = rowsOf(env, jobId);
    expect(
      rows.filter((r) => r.state === 'sent').map((r) => [r.row_no, r.serial_no, r.attempts]),
    ).toEqual([
      [1, 'a', 1],
      [3, 'b', 1],
      [5, 'c', 1],
    ]);
  });

  it('folds many records at once: runs of one and of several rows, lists, and one still in flight', async () => {
    const e = (env = await startOutboxEnv());
    const jobId = await draftJob(env, 30);
    const { journal, reads } = env.outbox;
    const now = env.clock.now();
    const sent = (rowNos: number[], marked = false): void => {
      const id = openRequest(e, jobId, rowNos, now);
      if (marked) reads.foldJournal();
      acceptAll(e, id, {
        requestId: `req-${rowNos[0]}`,
        serials: rowNos.map((r) => `s${r}`),
        fees: rowNos.map((r) => (r % 2) + 1),
        doneAt: now + rowNos[0]!,
        phones: rowNos.map((r) => phoneOf(r - 1)),
      });
    };
    // 20 one-row records (a per-row job), then a run, a list, a marked run, and between them
    // one request still in flight (rows 26 and 27).
    for (let r = 1; r <= 20; r++) sent([r]);
    sent([21, 22, 23]);
    const inFlight = openRequest(e, jobId, [26, 27], now);
    sent([24, 28, 30]);
    sent([25], true);
    reads.foldJournal();

    const rows = rowsOf(env, jobId);
    const expectSent = [...Array.from({ length: 25 }, (_, i) => i + 1), 28, 30];
    for (const r of rows) {
      if (expectSent.includes(r.row_no)) {
        expect(r).toEqual({
          row_no: r.row_no,
          state: 'sent',
          serial_no: `s${r.row_no}`,
          fee: (r.row_no % 2) + 1,
          attempts: 1,
          session_context: expect.stringMatching(new RegExp(`^${jobId}:\\d+$`)),
        });
      } else if (r.row_no === 26 || r.row_no === 27) {
        expect([r.state, r.attempts]).toEqual(['sending', 1]);
      } else {
        expect([r.state, r.attempts]).toEqual(['pending', 0]);
      }
    }
    expect(ledgerOf(env).map((l) => l.row_no)).toEqual(expectSent);
    // Only the record in flight is left.
    expect(env.db.prepare('SELECT id FROM send_journal').all()).toEqual([{ id: inFlight }]);

    // A request that never left is withdrawn: its rows are pending again, attempt undone.
    journal.abandon(inFlight);
    expect(
      rowsOf(env, jobId)
        .filter((r) => r.row_no === 26 || r.row_no === 27)
        .map((r) => [r.state, r.attempts]),
    ).toEqual([
      ['pending', 0],
      ['pending', 0],
    ]);
    expect(env.db.prepare('SELECT COUNT(*) AS n FROM send_journal').get()).toEqual({ n: 0 });
  });

  it('after a crash, answered records fold and records in flight become unknown rows', async () => {
    const e = (env = await startOutboxEnv());
    const jobId = await draftJob(env, 4);
    const now = env.clock.now();
    const sdkAppId = env.gateway.sdkAppId;
    const answered = openRequest(e, jobId, [1, 2], now);
    acceptAll(e, answered, {
      requestId: 'req-3',
      serials: ['x1', 'x2'],
      fees: [1, 1],
      doneAt: now + 5,
      phones: [phoneOf(0), phoneOf(1)],
    });
    openRequest(e, jobId, [3, 4], now);
    // The process dies here: nothing in memory survives.
    env.outbox.reads.close();
    const restarted = env.restart();
    const res = restarted.recover();
    expect(res.unknownRows).toBe(2);
    expect(rowsOf(env, jobId).map((r) => [r.state, r.serial_no, r.session_context])).toEqual([
      ['sent', 'x1', `${jobId}:1`],
      ['sent', 'x2', `${jobId}:1`],
      ['unknown', null, `${jobId}:3`],
      ['unknown', null, `${jobId}:3`],
    ]);
    expect(ledgerOf(env).map((l) => l.row_no)).toEqual([1, 2]);
    expect(env.db.prepare('SELECT COUNT(*) AS n FROM send_journal').get()).toEqual({ n: 0 });
    // The restarted ledger knows the folded sends.
    const scope = { sdkAppId, rules: DEFAULT_FREQUENCY_RULES };
    expect(
      restarted.ledger.repo.history(scope, [phoneOf(0)], now + 10).get(phoneOf(0))!.sends,
    ).toEqual([now + 5]);
    await restarted.recovered;
  });
});
