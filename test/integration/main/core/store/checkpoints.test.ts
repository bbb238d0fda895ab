import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../../src/main/core/kernel/clock';
import { WorkerRunner } from '../../../../../src/main/core/kernel/worker-run';
import { startBackgroundCheckpoints } from '../../../../../src/main/core/store/checkpoints';
import { openDatabase, type Db } from '../../../../../src/main/core/store/db';

let dir: string;
let file: string;
let db: Db;
let workers: WorkerRunner;
const tasks: string[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sms-checkpoints-'));
  file = join(dir, 'sms-desk.db');
  db = openDatabase(file);
  tasks.length = 0;
  workers = new WorkerRunner({
    dbFile: file,
    clock: new ManualClock(1_764_000_000_000),
    onSpawn: (_w, task) => tasks.push(task),
  });
});

afterEach(async () => {
  await workers.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** About `mb` megabytes of pages, committed on the main connection. */
function write(mb: number): void {
  db.exec('CREATE TABLE IF NOT EXISTS filler (x BLOB)');
  const insert = db.prepare('INSERT INTO filler (x) VALUES (randomblob(65536))');
  db.transaction(() => {
    for (let i = 0; i < mb * 16; i++) insert.run();
  })();
}

describe('checkpoints in a worker thread', () => {
  it('turns the main connection’s own checkpoints off, so big commits never copy the WAL there', () => {
    const c = startBackgroundCheckpoints({ db, workers });
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    const before = statSync(file).size;
    write(12);
    // Everything went to the WAL; the database file itself did not grow on this thread.
    expect(statSync(file).size).toBe(before);
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(12 * 1024 * 1024);
    return c.close();
  });

  it('copies the WAL back into the database in a worker when asked', async () => {
    const c = startBackgroundCheckpoints({ db, workers });
    const before = statSync(file).size;
    write(6);
    c.request();
    // Asked again while one runs: one more afterwards, not a pile of them.
    c.request();
    c.request();
    await c.close();
    expect(tasks.filter((t) => t === 'db.checkpoint').length).toBeGreaterThanOrEqual(1);
    expect(tasks.filter((t) => t === 'db.checkpoint').length).toBeLessThanOrEqual(2);
    expect(statSync(file).size).toBeGreaterThan(before + 6 * 1024 * 1024);
    expect((db.prepare('SELECT count(*) AS n FROM filler').get() as { n: number }).n).toBe(96);
  });
});
