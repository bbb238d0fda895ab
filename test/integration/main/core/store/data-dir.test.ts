import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore } from '../../../../../src/main/core';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sms-datadir-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe.runIf(process.platform !== 'win32')('data folder permissions', () => {
  it('creates the data folder owner-only, and tightens one that was left open', async () => {
    const fresh = join(dir, 'new', 'data');
    const core = await createCore({ dataDir: fresh, env: {} });
    await core.close();
    expect(statSync(fresh).mode & 0o777).toBe(0o700);

    const open = join(dir, 'open');
    mkdirSync(open, { mode: 0o755 });
    const again = await createCore({ dataDir: open, env: {} });
    await again.close();
    expect(statSync(open).mode & 0o777).toBe(0o700);
  });
});
