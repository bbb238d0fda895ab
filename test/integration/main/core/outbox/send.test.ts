/** The outbox sends: idempotent jobs, requests grouped by params, pages of rows, the journal on disk before a request leaves, failed writes, and the ledger records. */
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { CooldownItem } from '../../../../../src/shared/api/cooldown';
import type { WalDurability } from '../../../../../src/main/core/store/durability';
import {
  BEIJING_10AM,
  phoneOf,
  startOutboxEnv,
  until,
  watchSends,
  durabilityWith,
  type OutboxEnv,
} from '../../../../support/outbox/env';
import { jobInput, runToEnd, rowsOf, sharedRows } from '../../../../support/outbox/jobs';

let env: OutboxEnv | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

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
    const q = await env.outbox.ledger.cooldownQuery([phoneOf(1), phoneOf(3)]);
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
    const list = await env.outbox.ledger.cooldownList(0, 10);
    expect(list.total).toBe(2);
    expect(list.items.map((i) => i.phone).sort()).toEqual([phoneOf(1), phoneOf(2)]);
    env.clock.advance(30_000);
    expect((await env.outbox.ledger.cooldownList(0, 10)).total).toBe(0);
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
