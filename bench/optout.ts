/**
 * The do-not-send check against the cooldown check it must not outcost, in the same run, on
 * the same numbers: a million numbers on the list, a 100,000-row batch's pre-flight (every
 * number checked once) and one request of 200 (what the planner checks before each request).
 *
 *   npm run bench -- optout      (or npx tsx bench/optout.ts)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_FREQUENCY_RULES } from '../src/shared/domain';
import { createLedgerRoom } from '../src/main/core/ledger';
import { OptOutRepo } from '../src/main/core/optout/repo';
import { openDatabase, runMigrations } from '../src/main/core/store/db';
import { migrations } from '../src/main/core/store/migrations';
import { ManualClock } from '../src/main/core/kernel/clock';
import { fillOptOut, listedPhone } from '../test/support/optout/fill';

const APP = '1400000001';
const LIST = 1_000_000;
const BATCH = 100_000;
const NOW = Date.UTC(2026, 10, 27, 2, 0, 0);

/** Median of `runs` timings of `fn` (ms). */
function median(runs: number, fn: () => void): number {
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    fn();
    t.push(performance.now() - s);
  }
  t.sort((a, b) => a - b);
  return Math.round(t[Math.floor(t.length / 2)]! * 100) / 100;
}

export async function run(): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'sms-desk-bench-optout-'));
  try {
    const db = openDatabase(join(dir, 'bench.db'));
    runMigrations(db, migrations);
    const build = performance.now();
    fillOptOut(db, APP, LIST, NOW);
    const buildMs = Math.round(performance.now() - build);

    // The batch: every 10th number is on the list; all of them were sent an hour's worth of
    // messages ago (so the cooldown check has history to read, as after a morning batch).
    const phones = Array.from({ length: BATCH }, (_, i) =>
      listedPhone(i * 10 + (i % 10 === 0 ? 0 : 5_000_000)),
    );
    const clock = new ManualClock(NOW);
    const ledger = createLedgerRoom({ db, clock });
    db.transaction(() => {
      const at = NOW - 20 * 60_000;
      ledger.repo.recordSends(
        APP,
        phones.map((phone) => ({ phone, at })),
      );
    })();
    const scope = { sdkAppId: APP, rules: DEFAULT_FREQUENCY_RULES };
    const repo = new OptOutRepo(db);

    const listed = repo.among(APP, phones).size;
    const optBatch = median(5, () => repo.among(APP, phones));
    const coolBatch = median(5, () => ledger.heldAmong(scope, phones, NOW));
    const request = phones.slice(0, 200);
    const optRequest = median(51, () => repo.among(APP, request));
    const coolRequest = median(51, () => ledger.heldAmong(scope, request, NOW));
    db.close();
    const figures = {
      'optout.check.1m.build.ms': buildMs,
      'optout.check.1m.listedInBatch': listed,
      'optout.check.1m.batch100k.ms': optBatch,
      'optout.check.1m.cooldownBatch100k.ms': coolBatch,
      'optout.check.1m.batch100k.ratio': Math.round((optBatch / coolBatch) * 1000) / 1000,
      'optout.check.1m.request200.ms': optRequest,
      'optout.check.1m.cooldownRequest200.ms': coolRequest,
      'optout.check.1m.request200.ratio': Math.round((optRequest / coolRequest) * 1000) / 1000,
    };
    for (const [k, v] of Object.entries(figures)) console.log(`${k}: ${v}`);
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  void run();
}
