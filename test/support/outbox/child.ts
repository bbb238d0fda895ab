/**
 * The outbox in its own process, for the crash and fault tests: they SIGKILL it at random
 * moments and start it again on the same data dir. Run with `node --import tsx` (one process,
 * so SIGKILL really kills the sender). Prints one JSON line per milestone on stdout.
 *
 *   --mode run        create the job (idempotency key) or resume it, exit when it is finished
 *   --mode reconcile  check every unknown row with the emulator, exit
 *   --mode resend     explicit re-send of every unknown row, exit when done
 *   --api legacy      send through the legacy App Key gateway (the emulator line's appKey)
 *
 * SMS_DESK_CHILD_BOOT=per-process makes every start a new boot (leaving marks never trusted,
 * as on a machine without a boot id): the recovery as it was before the marks, for figures.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { JobCreateInput, JobProgress } from '../../../src/shared/api/outbox';
import { DEFAULT_FREQUENCY_RULES } from '../../../src/shared/domain';
import { systemClock } from '../../../src/main/core/kernel/clock';
import { EventBus } from '../../../src/main/core/kernel/events';
import { LegacyGateway } from '../../../src/main/core/gateway/legacy-gateway';
import { TencentGateway } from '../../../src/main/core/gateway/tencent-gateway';
import { silentLogger } from '../../../src/main/core/kernel/log';
import { OutboxService } from '../../../src/main/core/outbox';
import { openDatabase } from '../../../src/main/core/store/db';

const ownBoot = `process:${randomUUID()}`;
const print = (o: Record<string, unknown>): void => {
  process.stdout.write(`${JSON.stringify(o)}\n`);
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      emulator: { type: 'string' },
      job: { type: 'string' },
      mode: { type: 'string' },
      api: { type: 'string' },
    },
  });
  const emu = JSON.parse(values.emulator!) as {
    endpoint: string;
    secretId: string;
    secretKey: string;
    sdkAppId: string;
    region: string;
    appKey?: string;
  };
  const input = JSON.parse(readFileSync(values.job!, 'utf8')) as JobCreateInput;
  const db = openDatabase(join(values['data-dir']!, 'sms-desk.db'));
  const gateway =
    values.api === 'legacy'
      ? new LegacyGateway({
          sdkAppId: emu.sdkAppId,
          appKey: emu.appKey!,
          endpoint: emu.endpoint,
          timeoutMs: 1_000,
        })
      : new TencentGateway({ ...emu, timeoutMs: 1_000 });
  const bus = new EventBus();
  const outbox = new OutboxService({
    db,
    clock: systemClock,
    events: bus,
    logger: silentLogger,
    gateway: () => gateway,
    rules: () => DEFAULT_FREQUENCY_RULES,
    retry: { baseMs: 100, maxMs: 1_000, maxAttempts: 10 },
    reconcileRatePerSec: 100,
    // The tests reconcile explicitly at the end; restarts reconcile on their own.
    reconcileDelayMs: 3_000,
    ...(process.env.SMS_DESK_CHILD_BOOT === 'per-process' ? { bootId: () => ownBoot } : {}),
  });
  const rec = outbox.recover();
  print({ event: 'recovered', neverLeft: outbox.neverLeft });
  print({ event: 'started', ...rec });

  const finish = async (o: Record<string, unknown>): Promise<never> => {
    print(o);
    await outbox.close();
    gateway.close();
    db.close();
    process.exit(0);
  };

  const { job } = await outbox.create(input);
  const done = new Promise<void>((resolve) => {
    bus.on((name, payload) => {
      if (name === 'job.finished' && (payload as JobProgress).jobId === job.id) resolve();
    });
  });

  if (values.mode === 'reconcile') {
    await outbox.recovered;
    const r = await outbox.reconcile(job.id);
    await finish({ event: 'reconciled', jobId: job.id, ...r });
  }
  if (values.mode === 'resend') {
    await outbox.recovered;
    const r = await outbox.resendUnknown(job.id);
    if (r.affected > 0) await done;
    await finish({ event: 'resent', jobId: job.id, ...r, counts: outbox.get(job.id).counts });
  }

  const current = outbox.get(job.id);
  if (current.status === 'finished') {
    await finish({ event: 'finished', jobId: job.id, counts: current.counts });
  }
  await outbox.start(job.id);
  print({ event: 'running', jobId: job.id });
  await done;
  await outbox.recovered;
  await finish({ event: 'finished', jobId: job.id, counts: outbox.get(job.id).counts });
}

main().catch((e: unknown) => {
  process.stderr.write(
    `outbox child: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
  );
  process.exit(1);
});
