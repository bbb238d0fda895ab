import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findSecretInDir, findSecretInText } from '../../support/secret-scan';

// The secret scans of the keychain, session-only and wizard tests pass when they find nothing,
// so the scanner itself must be shown to find a planted key in every form it claims to cover.
const SECRET = 'Zq8mK2pX7vN4rT1wY6bH3cJ9dF5gL0sA';
let dir: string | undefined;

afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('secret scan', () => {
  it('finds the key in nested files, a WAL and a log, in each disguise', () => {
    dir = mkdtempSync(join(tmpdir(), 'sms-desk-scan-'));
    mkdirSync(join(dir, 'logs', 'old'), { recursive: true });
    writeFileSync(join(dir, 'sms-desk.db'), Buffer.from('SQLite format 3\0 nothing here'));
    writeFileSync(
      join(dir, 'sms-desk.db-wal'),
      Buffer.concat([Buffer.alloc(32), Buffer.from(SECRET, 'utf16le')]),
    );
    writeFileSync(join(dir, 'logs', 'sms-desk.log'), `INFO saved key=${SECRET}\n`);
    writeFileSync(
      join(dir, 'logs', 'old', 'a.log'),
      Buffer.from(SECRET).toString('base64') + '\n' + Buffer.from(SECRET).toString('hex'),
    );
    writeFileSync(join(dir, 'notes.txt'), [...SECRET].reverse().join(''));

    const hits = findSecretInDir(dir, SECRET)
      .map((h) => h.slice(dir!.length + 1))
      .sort();
    expect(hits).toEqual(
      [
        join('logs', 'old', 'a.log') + ' (base64)',
        join('logs', 'old', 'a.log') + ' (hex)',
        join('logs', 'sms-desk.log') + ' (utf8)',
        'notes.txt (reversed)',
        'sms-desk.db-wal (utf16le)',
      ].sort(),
    );
  });

  it('finds nothing where the key is absent', () => {
    dir = mkdtempSync(join(tmpdir(), 'sms-desk-scan-'));
    writeFileSync(join(dir, 'sms-desk.log'), `INFO saved key=*** id=AKID…MPLE\n`);
    expect(findSecretInDir(dir, SECRET)).toEqual([]);
  });

  it('finds a legacy App Key in its own disguises too', () => {
    const appKey = '5f03a35d00ee52a21327ab048186a2c4';
    dir = mkdtempSync(join(tmpdir(), 'sms-desk-scan-'));
    const raw = Buffer.from(appKey, 'hex');
    writeFileSync(join(dir, 'blob.db'), Buffer.concat([Buffer.alloc(7), raw, Buffer.alloc(3)]));
    writeFileSync(join(dir, 'upper.log'), `key=${appKey.toUpperCase()}\n`);
    writeFileSync(join(dir, 'b64.log'), raw.toString('base64'));
    writeFileSync(join(dir, 'plain.log'), `appKey=${appKey}`);
    const hits = findSecretInDir(dir, appKey)
      .map((h) => h.slice(dir!.length + 1))
      .sort();
    expect(hits).toEqual(
      [
        'b64.log (appKey-bytes-base64)',
        'blob.db (appKey-bytes)',
        'plain.log (utf8)',
        'upper.log (appKey-case)',
      ].sort(),
    );
    expect(findSecretInText(`sig=${'0'.repeat(64)}`, appKey)).toEqual([]);
  });

  it('finds the key in recorded IPC text', () => {
    const body = JSON.stringify({ ok: true, value: { echoed: SECRET } });
    expect(findSecretInText(body, SECRET)).toEqual(['utf8']);
    expect(findSecretInText(body.replace(SECRET, '***'), SECRET)).toEqual([]);
  });
});
