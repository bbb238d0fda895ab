import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobCreateInput, JobProgress } from '../../../../../src/shared/api/outbox';
import type { CooldownItem } from '../../../../../src/shared/api/cooldown';
import type { WalDurability } from '../../../../../src/main/core/store/durability';
import type { SmsGateway } from '../../../../../src/main/core/gateway/types';
import { TRANSPORT_CODES } from '../../../../../src/shared/tencent-errors';
import {
  BEIJING_10AM,
  TEMPLATE,
  phoneOf,
  startOutboxEnv,
  until,
  watchSends,
  durabilityWith,
  type OutboxEnv,
} from '../../../../support/outbox/env';

let env: OutboxEnv | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

let keyNo = 0;
function jobInput(
  rows: { rowNo: number; phone: string; params: string[] }[],
  extra: Partial<JobCreateInput> = {},
): JobCreateInput {
  return {
    idempotencyKey: `test-key-${++keyNo}-${Date.now()}`,
    kind: 'batch',
    ...TEMPLATE,
    options: { marketing: false, heldPolicy: 'wait', concurrency: 4 },
    rows,
    ...extra,
  };
}

const finished = (e: OutboxEnv, jobId: number) => () =>
  e.events.some((x) => x.name === 'job.finished' && (x.payload as JobProgress).jobId === jobId);

async function runToEnd(e: OutboxEnv, jobId: number): Promise<void> {
  await e.outbox.start(jobId);
  await until(finished(e, jobId), 15_000, `job ${jobId} to finish`);
}

const rowsOf = (e: OutboxEnv, jobId: number) => e.outbox.rows(jobId, undefined, 0, 10_000).items;

/** `n` rows to distinct numbers sharing one set of params (requests of 200). */
const sharedRows = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    rowNo: i + 1,
    phone: phoneOf(i),
    params: ['123456', '5'],
  }));

describe('outbox: create, plan, send', () => {
  it('the same idempotency key returns the same job (a double click makes one job)', async () => {
    env = await startOutboxEnv();
    const input = jobInput([{ rowNo: 1, phone: phoneOf(1), params: ['123456', '5'] }]);
    const [a, b] = await Promise.all([env.outbox.create(input), env.outbox.create(input)]);
    const c = await env.outbox.create(input);
    expect(a.job.id).toBe(b.job.id);
    expect(c.job.id).toBe(a.job.id);
    expect([a.created, b.created, c.created].filter(Boolean)).toHaveLength(1);
    expect(env.outbox.list(0, 50).total).toBe(1);
    expect(a.job.total).toBe(1);
    expect(a.job.status).toBe('draft');
  });

  it('groups identical params into requests of ≤200 and sends per-row params one request each', async () => {
    env = await startOutboxEnv();
    const rows = [
      ...Array.from({ length: 450 }, (_, i) => ({
        rowNo: i + 1,
        phone: phoneOf(i),
        params: ['888888', '5'],
      })),
      ...Array.from({ length: 3 }, (_, i) => ({
        rowNo: 451 + i,
        phone: phoneOf(1000 + i),
        params: [String(100_000 + i), '5'],
      })),
    ];
    const { job } = await env.outbox.create(jobInput(rows));
    const plan = env.outbox.plan(job.id);
    expect(plan.rows).toBe(453);
    expect(plan.requests).toBe(6);
    expect(plan.held.count).toBe(0);
    expect(plan.billedSegments).toBe(453);
    expect(env.emulator.sent()).toHaveLength(0);

    await runToEnd(env, job.id);
    const sent = env.emulator.sent();
    expect(sent).toHaveLength(453);
    const perRequest = new Map<string, number>();
    for (const s of sent)
      perRequest.set(s.sessionContext, (perRequest.get(s.sessionContext) ?? 0) + 1);
    expect([...perRequest.values()].sort((a, b) => b - a)).toEqual([200, 200, 50, 1, 1, 1]);

    const summary = env.outbox.get(job.id);
    expect(summary.status).toBe('finished');
    expect(summary.counts.sent).toBe(453);
    expect(summary.feeTotal).toBe(453);
    const dbRows = rowsOf(env, job.id);
    const serialByPhone = new Map(sent.map((s) => [s.phone, s.serialNo]));
    for (const r of dbRows) {
      expect(r.state).toBe('sent');
      expect(r.serialNo).toBe(serialByPhone.get(r.phone));
      expect(r.attempts).toBe(1);
      expect(r.rendered).toContain('【SMS Desk练习】您的验证码是');
      expect(r.sessionContext).toMatch(new RegExp(`^${job.id}:\\d+$`));
    }
  });

  it('reads a long job page by page: every row once, with its own params, across page ends', async () => {
    env = await startOutboxEnv();
    // Pages of 2,000 rows, shared params, and two stretches of rows with their own: one inside
    // the second page, one across its end. The pager sends only params that differ from the
    // previous page's last row, so shared rows after a stretch must get the shared params.
    const own = (i: number): boolean => (i >= 2100 && i < 2140) || (i >= 3990 && i < 4010);
    const paramsOf = (i: number): string[] =>
      own(i) ? [String(100_000 + i), '5'] : ['777777', '5'];
    const rows = Array.from({ length: 4500 }, (_, i) => ({
      rowNo: i + 1,
      phone: phoneOf(i),
      params: paramsOf(i),
    }));
    const { job } = await env.outbox.create(jobInput(rows));
    await runToEnd(env, job.id);
    const sent = env.emulator.sent();
    expect(sent).toHaveLength(4500);
    expect(new Set(sent.map((s) => s.phone)).size).toBe(4500);
    const want = new Map(rows.map((r) => [r.phone, r.params]));
    for (const s of sent) expect(s.params).toEqual(want.get(s.phone));
    // 4440 shared rows in requests of at most 200, and 60 requests of one row.
    const perRequest = new Map<string, number>();
    for (const s of sent)
      perRequest.set(s.sessionContext, (perRequest.get(s.sessionContext) ?? 0) + 1);
    expect([...perRequest.values()].filter((n) => n === 1)).toHaveLength(60);
    expect(Math.max(...perRequest.values())).toBe(200);
    expect(env.outbox.get(job.id).counts.sent).toBe(4500);
  });

  it('journals rows as sending before the request leaves', async () => {
    // At the moment each request leaves: a second connection (as after a crash) finds the
    // journal entry naming the row as `sending`, and a reader through the service sees the
    // row itself as `sending`.
    const seen: { committed: string[]; rows: string[] }[] = [];
    const probe: { env?: OutboxEnv; other?: Database.Database } = {};
    env = await startOutboxEnv({
      gateway: (g) =>
        watchSends(g, (req) => {
          const other = (probe.other ??= new Database(join(probe.env!.dir, 'sms-desk.db'), {
            readonly: true,
          }));
          const entry = other.prepare(
            `SELECT e.state FROM send_journal e JOIN job_rows r ON r.job_id = e.job_id
             WHERE r.phone = ? AND (CASE WHEN e.row_nos IS NULL
               THEN r.row_no BETWEEN e.lo AND e.hi
               ELSE r.row_no IN (SELECT value FROM json_each(e.row_nos)) END)`,
          );
          const committed = req.phones.map(
            (p) => (entry.get(p) as { state: string } | undefined)?.state ?? 'none',
          );
          const byPhone = new Map(rowsOf(probe.env!, 1).map((r) => [r.phone, r.state as string]));
          seen.push({ committed, rows: req.phones.map((p) => byPhone.get(p) ?? 'none') });
        }),
    });
    probe.env = env;
    const rows = Array.from({ length: 5 }, (_, i) => ({
      rowNo: i + 1,
      phone: phoneOf(i),
      params: [String(100_000 + i), '5'],
    }));
    const { job } = await env.outbox.create(jobInput(rows));
    expect(job.id).toBe(1);
    try {
      await runToEnd(env, job.id);
    } finally {
      probe.other?.close();
    }
    expect(seen).toHaveLength(5);
    for (const s of seen) expect(s).toEqual({ committed: ['sending'], rows: ['sending'] });
    // Once answered, the rows say `sent` and the journal is empty again.
    expect(rowsOf(env, job.id).map((r) => r.state)).toEqual(Array(5).fill('sent'));
    expect(env.db.prepare('SELECT COUNT(*) AS n FROM send_journal').get()).toEqual({ n: 0 });
  });

  it('puts each request on disk before it leaves: the journal is synced, not only committed', async () => {
    // Each sync notes the journal records committed when it began (seen by a second
    // connection); they are durable once it resolves. When a request reaches the emulator, its
    // record must be among them. (The gateway signs and serialises a request while the disk
    // syncs: the moment that counts is its arrival, not the call.)
    const durable = new Set<number>();
    const leftBeforeSync: string[] = [];
    const called: string[] = [];
    const probe: { env?: OutboxEnv; other?: Database.Database; real?: WalDurability } = {};
    const other = (): Database.Database =>
      (probe.other ??= new Database(join(probe.env!.dir, 'sms-desk.db'), { readonly: true }));
    env = await startOutboxEnv({
      durability: (real) => {
        probe.real = real;
        return durabilityWith(real, {
          sync: async () => {
            const ids = other()
              .prepare('SELECT id FROM send_journal')
              .all()
              .map((r) => (r as { id: number }).id);
            // A slow disk: a request let go before this ends would reach the emulator first.
            await new Promise((r) => setTimeout(r, 20));
            await real.sync();
            for (const id of ids) durable.add(id);
          },
        });
      },
      gateway: (g) => watchSends(g, (req) => called.push(req.sessionContext ?? '')),
      onEmulatorRequest: ({ headers, body }) => {
        if (headers['x-tc-action'] !== 'SendSms') return;
        const sc = (JSON.parse(body.toString('utf8')) as { SessionContext: string }).SessionContext;
        const entry = other()
          .prepare("SELECT id FROM send_journal WHERE session_context = ? AND state = 'sending'")
          .get(sc) as { id: number } | undefined;
        if (!entry || !durable.has(entry.id)) leftBeforeSync.push(sc);
      },
    });
    probe.env = env;
    // 12 requests: 10 of one number each, and 2 of 200 numbers sharing params.
    const rows = [
      ...Array.from({ length: 10 }, (_, i) => ({
        rowNo: i + 1,
        phone: phoneOf(i),
        params: [String(100_000 + i), '5'],
      })),
      ...Array.from({ length: 400 }, (_, i) => ({
        rowNo: i + 11,
        phone: phoneOf(100 + i),
        params: ['123456', '5'],
      })),
    ];
    const { job } = await env.outbox.create(jobInput(rows));
    try {
      await runToEnd(env, job.id);
    } finally {
      probe.other?.close();
    }
    expect(leftBeforeSync).toEqual([]);
    expect(called).toHaveLength(12);
    expect(env.emulator.sent()).toHaveLength(410);
    // The commits were synced off the event loop, and in groups: never more syncs than flushes,
    // at least one per round of requests.
    expect(probe.real!.syncs).toBeGreaterThanOrEqual(3);
    expect(probe.real!.syncs).toBeLessThanOrEqual(12);
    // The connection is back at synchronous=FULL for every other writer.
    expect(env.db.pragma('synchronous', { simple: true })).toBe(2);
  });

  it('sends nothing when the journal cannot be synced: the job pauses, and resumes once the disk is back', async () => {
    let failing = true;
    env = await startOutboxEnv({
      durability: (real) =>
        durabilityWith(real, {
          sync: () => (failing ? Promise.reject(new Error('EIO: i/o error')) : real.sync()),
        }),
    });
    const { job } = await env.outbox.create(jobInput(sharedRows(300)));
    await env.outbox.start(job.id);
    await until(
      () => env!.outbox.get(job.id).status === 'paused',
      5_000,
      'the job to pause on the disk error',
    );
    const paused = env.outbox.get(job.id);
    expect(paused.pausedReason).toBe('error');
    expect(paused.lastErrorCode).toBe('Local.DiskSync');
    expect(paused.counts).toMatchObject({ pending: 300, sending: 0, sent: 0 });
    expect(env.emulator.sent()).toHaveLength(0);
    expect(rowsOf(env, job.id).every((r) => r.state === 'pending' && r.attempts === 0)).toBe(true);
    expect(env.db.prepare('SELECT COUNT(*) AS n FROM send_journal').get()).toEqual({ n: 0 });

    failing = false;
    await runToEnd(env, job.id);
    expect(env.emulator.sent()).toHaveLength(300);
    expect(new Set(env.emulator.sent().map((s) => s.phone)).size).toBe(300);
    expect(rowsOf(env, job.id).every((r) => r.state === 'sent' && r.attempts === 1)).toBe(true);
  });

  it('a job cancelled while its requests wait for the disk stays cancelled, and they never leave', async () => {
    let fail: (e: Error) => void = () => {};
    const waiting = new Promise<void>((_, reject) => (fail = reject));
    let syncs = 0;
    env = await startOutboxEnv({
      durability: (real) =>
        durabilityWith(real, {
          sync: () => {
            syncs++;
            return waiting;
          },
        }),
    });
    const { job } = await env.outbox.create(jobInput(sharedRows(300)));
    await env.outbox.start(job.id);
    await until(() => syncs > 0, 5_000, 'a request to wait for the disk');
    await env.outbox.cancel(job.id);
    fail(new Error('EIO: i/o error'));
    await until(
      () => env!.outbox.get(job.id).counts.sending === 0,
      5_000,
      'the waiting requests to be withdrawn',
    );
    const after = env.outbox.get(job.id);
    expect(after.status).toBe('cancelled');
    expect(after.counts).toMatchObject({ cancelled: 300, pending: 0, sent: 0 });
    expect(env.emulator.sent()).toHaveLength(0);
  });

  it('a failed write pauses the job; resuming reconciles the rows whose results were lost', async () => {
    let commits = 0;
    env = await startOutboxEnv({
      durability: (real) =>
        durabilityWith(real, {
          commitRelaxed: (fn) => {
            // The third round's commit fails: its answered results are lost with it.
            if (++commits === 3) throw new Error('SQLITE_FULL: database or disk is full');
            return real.commitRelaxed(fn);
          },
        }),
    });
    const { job } = await env.outbox.create(jobInput(sharedRows(1200)));
    await env.outbox.start(job.id);
    await until(() => env!.outbox.get(job.id).status === 'paused', 5_000, 'the job to pause');
    const paused = env.outbox.get(job.id);
    expect(paused).toMatchObject({ pausedReason: 'error', lastErrorCode: 'Local.DatabaseWrite' });
    // The answers lost with the failed write: those rows may have been sent, so `unknown`.
    const lost = paused.counts.unknown;
    expect(lost).toBeGreaterThan(0);
    expect(lost % 200).toBe(0);
    expect(
      rowsOf(env, job.id)
        .filter((r) => r.state === 'unknown')
        .every((r) => r.code === 'Interrupted'),
    ).toBe(true);

    // Resuming sends the rest; the unknown rows are checked with Tencent, never sent again.
    await runToEnd(env, job.id);
    expect(env.outbox.get(job.id).counts.unknown).toBe(lost);
    env.clock.advance(5_000);
    env.scheduler.fireDue();
    await until(
      () => env!.outbox.get(job.id).counts.sent === 1200,
      5_000,
      'the unknown rows to be reconciled',
    );
    const sent = env.emulator.sent().map((s) => s.phone);
    expect(sent).toHaveLength(1200);
    expect(new Set(sent).size).toBe(1200);
  });

  it('records sends in the ledger, pushes cooldown.changed and answers cooldown queries', async () => {
    env = await startOutboxEnv();
    const { job } = await env.outbox.create(
      jobInput([
        { rowNo: 1, phone: phoneOf(1), params: ['111111', '5'] },
        { rowNo: 2, phone: phoneOf(2), params: ['111111', '5'] },
      ]),
    );
    await runToEnd(env, job.id);
    const changed = env.events
      .filter((e) => e.name === 'cooldown.changed')
      .flatMap((e) => (e.payload as { items: CooldownItem[] }).items);
    expect(changed.map((c) => c.phone).sort()).toEqual([phoneOf(1), phoneOf(2)]);
    for (const c of changed) {
      expect(c.allowedAt).toBe(BEIJING_10AM + 30_000);
      expect(c.reason).toBe('thirtySeconds');
      expect(c.counts).toEqual({ s30: 1, h1: 1, day: 1 });
    }
    const q = await env.outbox.cooldownQuery([phoneOf(1), phoneOf(3)]);
    expect(q.items).toEqual([
      {
        phone: phoneOf(1),
        allowedAt: BEIJING_10AM + 30_000,
        reason: 'thirtySeconds',
        counts: { s30: 1, h1: 1, day: 1 },
      },
      {
        phone: phoneOf(3),
        allowedAt: BEIJING_10AM,
        reason: null,
        counts: { s30: 0, h1: 0, day: 0 },
      },
    ]);
    const list = await env.outbox.cooldownList(0, 10);
    expect(list.total).toBe(2);
    expect(list.items.map((i) => i.phone).sort()).toEqual([phoneOf(1), phoneOf(2)]);
    env.clock.advance(30_000);
    expect((await env.outbox.cooldownList(0, 10)).total).toBe(0);
  });

  it('flags rows sent with the same template and params in the last 24 h', async () => {
    env = await startOutboxEnv();
    const first = await env.outbox.create(
      jobInput([{ rowNo: 1, phone: phoneOf(1), params: ['222222', '5'] }]),
    );
    await runToEnd(env, first.job.id);
    env.clock.advance(2 * 3600_000);
    const second = await env.outbox.create(
      jobInput([
        { rowNo: 1, phone: phoneOf(1), params: ['222222', '5'] },
        { rowNo: 2, phone: phoneOf(1), params: ['333333', '5'] },
        { rowNo: 3, phone: phoneOf(2), params: ['222222', '5'] },
      ]),
    );
    expect(second.job.recentDuplicates).toBe(1);
    const rows = rowsOf(env, second.job.id);
    expect(rows[0]!.recentSend).toEqual({ at: BEIJING_10AM });
    expect(rows[1]!.recentSend).toBeNull();
    expect(rows[2]!.recentSend).toBeNull();
    const plan = env.outbox.plan(second.job.id);
    expect(plan.recentDuplicates.items).toEqual([
      { rowNo: 1, phone: phoneOf(1), at: BEIJING_10AM },
    ]);
  });
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
    env.outbox.settle();
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
    const q = await env.outbox.cooldownQuery([phoneOf(11)]);
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

describe('outbox: failures, retry and reconcile', () => {
  it('retries request-level retryable failures with backoff, then sends', async () => {
    env = await startOutboxEnv();
    env.emulator.injectFault({ kind: 'requestLimit', count: 2 });
    const { job } = await env.outbox.create(
      jobInput([{ rowNo: 1, phone: phoneOf(20), params: ['1', '5'] }]),
    );
    await env.outbox.start(job.id);
    await until(() => rowsOf(env!, job.id)[0]!.state === 'held', 5000, 'first backoff');
    let row = rowsOf(env, job.id)[0]!;
    expect(row).toMatchObject({ heldReason: 'retry', code: 'RequestLimitExceeded', attempts: 1 });
    // Equal jitter with random 0.5: 1 s step → 750 ms.
    expect(row.notBefore).toBe(BEIJING_10AM + 750);
    env.clock.advance(750);
    env.scheduler.fireDue();
    await until(
      () => rowsOf(env!, job.id)[0]!.attempts === 2 && rowsOf(env!, job.id)[0]!.state === 'held',
    );
    row = rowsOf(env, job.id)[0]!;
    expect(row.notBefore).toBe(BEIJING_10AM + 750 + 1500);
    env.clock.advance(1500);
    env.scheduler.fireDue();
    await until(finished(env, job.id));
    expect(rowsOf(env, job.id)[0]).toMatchObject({ state: 'sent', attempts: 3 });
    expect(env.emulator.sent()).toHaveLength(1);
  });

  it('gives up after the bounded attempts; job.retry re-queues safe failures only', async () => {
    env = await startOutboxEnv({ retry: { maxAttempts: 2 } });
    env.emulator.injectFault({ kind: 'http5xx', count: 2 });
    const { job } = await env.outbox.create(
      jobInput([
        { rowNo: 1, phone: phoneOf(21), params: ['1', '5'] },
        { rowNo: 2, phone: '+8613900000000', params: ['1', '5'] },
      ]),
    );
    await env.outbox.start(job.id);
    await until(() => rowsOf(env!, job.id).every((r) => r.state === 'held'), 5000);
    env.clock.advance(60_000);
    env.scheduler.fireDue();
    await until(finished(env, job.id), 5000);
    let rows = rowsOf(env, job.id);
    // One request for both (same params): both failed after 2 attempts, nothing was sent.
    for (const r of rows)
      expect(r).toMatchObject({ state: 'failed', retrySafe: true, attempts: 2, code: 'Http.5xx' });
    expect(env.emulator.sent()).toHaveLength(0);

    expect(await env.outbox.retryFailed(job.id)).toEqual({ affected: 2 });
    await until(
      () => rowsOf(env!, job.id).every((r) => r.state !== 'pending' && r.state !== 'sending'),
      5000,
    );
    await env.outbox.idle();
    rows = rowsOf(env, job.id);
    expect(rows[0]).toMatchObject({ state: 'sent', attempts: 3 });
    // Blacklisted: final, not offered for retry.
    expect(rows[1]).toMatchObject({
      state: 'failed',
      retrySafe: false,
      code: 'FailedOperation.PhoneNumberInBlacklist',
    });
    expect(await env.outbox.retryFailed(job.id)).toEqual({ affected: 0 });
    expect(env.emulator.sent().map((s) => s.phone)).toEqual([phoneOf(21)]);
  });

  it('never re-sends an unknown outcome automatically; reconcile confirms an accepted send', async () => {
    env = await startOutboxEnv();
    env.emulator.injectFault({ kind: 'acceptThenDrop', count: 1 });
    env.emulator.injectFault({ kind: 'nonJson', count: 1 });
    const { job } = await env.outbox.create(
      jobInput(
        [
          { rowNo: 1, phone: phoneOf(30), params: ['1', '5'] },
          { rowNo: 2, phone: phoneOf(31), params: ['2', '5'] },
        ],
        { options: { marketing: false, heldPolicy: 'wait', concurrency: 1 } },
      ),
    );
    await runToEnd(env, job.id);
    let rows = rowsOf(env, job.id);
    expect(rows.map((r) => r.state)).toEqual(['unknown', 'unknown']);
    expect(env.emulator.sent().map((s) => s.phone)).toEqual([phoneOf(30)]);
    // Time passes, timers fire: nothing is re-sent, the scheduled reconcile confirms row 1.
    env.clock.advance(3_000);
    env.scheduler.fireDue();
    await until(() => rowsOf(env!, job.id)[0]!.state === 'sent', 5000, 'reconciled');
    await new Promise((r) => setTimeout(r, 100));
    rows = rowsOf(env, job.id);
    expect(rows[0]).toMatchObject({ state: 'sent', serialNo: env.emulator.sent()[0]!.serialNo });
    expect(rows[1]!.state).toBe('unknown');
    expect(rows[1]!.reconciledAt).not.toBeNull();
    expect(env.emulator.sent()).toHaveLength(1);

    // The user's explicit choice: re-send the unknown row, once, even on a double click.
    const [x, y] = await Promise.all([
      env.outbox.resendUnknown(job.id, [2]),
      env.outbox.resendUnknown(job.id, [2]),
    ]);
    expect(x.affected + y.affected).toBe(1);
    await until(() => rowsOf(env!, job.id)[1]!.state === 'sent', 5000, 'resent');
    await env.outbox.idle();
    expect(env.emulator.sent().filter((s) => s.phone === phoneOf(31))).toHaveLength(1);
  });
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
