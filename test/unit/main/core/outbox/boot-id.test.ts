import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readLinuxBootId, systemBootId } from '../../../../../src/main/core/outbox/boot-id';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('boot id', () => {
  it('reads the kernel boot id, trimmed', () => {
    dir = mkdtempSync(join(tmpdir(), 'boot-id-'));
    const file = join(dir, 'boot_id');
    writeFileSync(file, '0f4bdcd2-5a7e-4e0c-9a55-0a8f8b1f7f21\n');
    expect(readLinuxBootId(file)).toBe('0f4bdcd2-5a7e-4e0c-9a55-0a8f8b1f7f21');
  });

  it('has none where the file is missing or holds something else (each start is a new boot)', () => {
    dir = mkdtempSync(join(tmpdir(), 'boot-id-'));
    expect(readLinuxBootId(join(dir, 'missing'))).toBeNull();
    const odd = join(dir, 'odd');
    writeFileSync(odd, 'sms-desk-leaving 1 x\n!\n');
    expect(readLinuxBootId(odd)).toBeNull();
  });

  it('is one value for the life of the process', () => {
    const a = systemBootId();
    expect(a.length).toBeGreaterThan(8);
    expect(systemBootId()).toBe(a);
    // On Linux it is the kernel's; elsewhere a per-process id that no later start shares.
    const linux = readLinuxBootId();
    if (linux !== null) expect(a).toBe(linux);
    else expect(a.startsWith('process:')).toBe(true);
  });
});
