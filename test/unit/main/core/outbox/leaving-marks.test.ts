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
    a.reset('s1');
    a.mark({ entryId: 7, attemptedAt: 1_795_744_800_000 });
    a.mark({ entryId: 8, attemptedAt: 1_795_744_800_123 });
    // SIGKILL: no close, no fsync; the OS still holds what was written.
    const left = new LeavingMarks(file, boot('boot-1')).readLeft('s1');
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
    expect(a.readLeft('s1').trusted).toBe(false);
    a.reset('s1');
    a.mark({ entryId: 1, attemptedAt: 1 });
    a.close();
    expect(new LeavingMarks(file, boot('boot-2')).readLeft('s1').trusted).toBe(false);
    writeFileSync(file, 'garbage\n1.1\n');
    expect(new LeavingMarks(file, boot('boot-1')).readLeft('s1').trusted).toBe(false);
    expect(new LeavingMarks(null, boot('boot-1')).readLeft('s1').trusted).toBe(false);
  });

  it('are not trusted for a database whose recovery is not the one that started the file (a restored backup)', () => {
    const a = new LeavingMarks(file, boot('boot-1'));
    a.reset('s2');
    a.mark({ entryId: 1, attemptedAt: 1 });
    a.close();
    // The database names an older recovery (it came back from a backup), or none.
    expect(new LeavingMarks(file, boot('boot-1')).readLeft('s1').trusted).toBe(false);
    expect(new LeavingMarks(file, boot('boot-1')).readLeft(undefined).trusted).toBe(false);
    expect(new LeavingMarks(file, boot('boot-1')).readLeft('s2').trusted).toBe(true);
  });

  it('a process that marks before any recovery makes the file untrusted, never trusted', () => {
    const settled = new LeavingMarks(file, boot('boot-1'));
    settled.reset('s1');
    settled.close();
    // Another process of the same boot sends without having recovered: its marks do not
    // cover records an earlier process left, so nothing in the file may be relied on.
    const unsettled = new LeavingMarks(file, boot('boot-1'));
    unsettled.mark({ entryId: 3, attemptedAt: 3 });
    unsettled.close();
    expect(new LeavingMarks(file, boot('boot-1')).readLeft('s1').trusted).toBe(false);
    expect(readFileSync(file, 'latin1').split('\n')).toContain('!');
  });

  it('reset starts the file over; marks after a close append; nothing is written without a path', () => {
    const a = new LeavingMarks(file, boot('boot-1'));
    a.reset('s1');
    a.mark({ entryId: 1, attemptedAt: 1 });
    a.reset('s2');
    expect(readFileSync(file, 'latin1')).toBe('sms-desk-leaving 2 boot-1 s2\n');
    a.close();
    a.mark({ entryId: 2, attemptedAt: 2 });
    a.close();
    expect(readFileSync(file, 'latin1')).toBe('sms-desk-leaving 2 boot-1 s2\n2.2\n');
    const none = new LeavingMarks(null, boot('boot-1'));
    none.reset('s1');
    none.mark({ entryId: 1, attemptedAt: 1 });
    expect(readdirSync(dir)).toEqual(['sms-desk.db-leaving']);
  });
});
