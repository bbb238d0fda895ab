import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LeavingMarks } from '../../../../../src/main/core/outbox/leaving-marks';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'leaving-'));
  file = join(dir, 'sms-desk.db-leaving');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const boot =
  (id: string): (() => string) =>
  () =>
    id;

describe('leaving marks', () => {
  it('after recovery reset them, a later process of the same boot trusts them', () => {
    const a = new LeavingMarks(file, boot('boot-1'));
    a.reset();
    a.mark({ entryId: 7, attemptedAt: 1_795_744_800_000 });
    a.mark({ entryId: 8, attemptedAt: 1_795_744_800_123 });
    // SIGKILL: no close, no fsync; the OS still holds what was written.
    const left = new LeavingMarks(file, boot('boot-1')).readLeft();
    expect(left.trusted).toBe(true);
    if (!left.trusted) return;
    expect(left.has({ entryId: 7, attemptedAt: 1_795_744_800_000 })).toBe(true);
    expect(left.has({ entryId: 8, attemptedAt: 1_795_744_800_123 })).toBe(true);
    // Journaled but never marked: never left.
    expect(left.has({ entryId: 9, attemptedAt: 1_795_744_800_200 })).toBe(false);
    // The same entry id reused for a later request is another request.
    expect(left.has({ entryId: 7, attemptedAt: 1_795_744_900_000 })).toBe(false);
    a.close();
  });

  it('are not trusted after a machine restart, without a file, or with a damaged header', () => {
    const a = new LeavingMarks(file, boot('boot-1'));
    expect(a.readLeft().trusted).toBe(false);
    a.reset();
    a.mark({ entryId: 1, attemptedAt: 1 });
    a.close();
    expect(new LeavingMarks(file, boot('boot-2')).readLeft().trusted).toBe(false);
    writeFileSync(file, 'garbage\n1.1\n');
    expect(new LeavingMarks(file, boot('boot-1')).readLeft().trusted).toBe(false);
    expect(new LeavingMarks(null, boot('boot-1')).readLeft().trusted).toBe(false);
  });

  it('a process that marks before any recovery makes the file untrusted, never trusted', () => {
    const settled = new LeavingMarks(file, boot('boot-1'));
    settled.reset();
    settled.close();
    // Another process of the same boot sends without having recovered: its marks do not
    // cover records an earlier process left, so nothing in the file may be relied on.
    const unsettled = new LeavingMarks(file, boot('boot-1'));
    unsettled.mark({ entryId: 3, attemptedAt: 3 });
    unsettled.close();
    expect(new LeavingMarks(file, boot('boot-1')).readLeft().trusted).toBe(false);
    expect(readFileSync(file, 'latin1').split('\n')).toContain('!');
  });

  it('reset starts the file over for this boot; nothing is written for an in-memory database', () => {
    const a = new LeavingMarks(file, boot('boot-1'));
    a.reset();
    a.mark({ entryId: 1, attemptedAt: 1 });
    a.reset();
    expect(readFileSync(file, 'latin1')).toBe('sms-desk-leaving 1 boot-1\n');
    a.close();
    const none = new LeavingMarks(null, boot('boot-1'));
    none.reset();
    none.mark({ entryId: 1, attemptedAt: 1 });
    expect(readdirSync(dir)).toEqual(['sms-desk.db-leaving']);
  });
});
