import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../src/main/core';
import { startHarnessServer, type HarnessServer } from '../../support/harness/server';
import {
  CUSTOMER_COUNTS,
  makeImportFiles,
  type ImportFixtures,
} from '../../support/fixtures/make-import-files';

/**
 * In the browser harness a File has no path: the twin uploads it and the core then imports by
 * path through the same dispatch as Electron's IPC.
 */
let dir: string;
let core: Core;
let server: HarnessServer;
let files: ImportFixtures;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sms-upload-'));
  files = await makeImportFiles(join(dir, 'files'));
  core = await createCore({ dataDir: join(dir, 'data'), env: {} });
  server = await startHarnessServer(core);
});

afterAll(async () => {
  await server?.close();
  await core?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Wire {
  ok: boolean;
  value?: { importId: number; summary: unknown; rows: { rowNumber: number }[] };
  error?: unknown;
}

const call = async (name: string, input: unknown) =>
  (await (
    await fetch(new URL('/__sms/call', server.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, input }),
    })
  ).json()) as Wire;

describe('harness upload', () => {
  it('stores the bytes under the data dir and the core imports that path', async () => {
    const bytes = readFileSync(files.gbk);
    const res = await fetch(
      new URL('/__sms/upload?name=' + encodeURIComponent('../客户 名单.csv'), server.url),
      {
        method: 'POST',
        body: bytes,
      },
    );
    expect(res.status).toBe(200);
    const { path } = (await res.json()) as { path: string };
    expect(path.startsWith(join(dir, 'data', 'uploads'))).toBe(true);
    expect(path.endsWith('/客户 名单.csv')).toBe(true);
    expect(readFileSync(path).equals(bytes)).toBe(true);

    const opened = await call('import.open', { path });
    expect(opened.ok).toBe(true);
    expect(opened.value!.summary).toMatchObject({
      ...CUSTOMER_COUNTS,
      fileName: '客户 名单.csv',
      encoding: 'gb18030',
    });

    const page = await call('import.rows', {
      importId: opened.value!.importId,
      filter: 'problems',
      offset: 0,
      limit: 1000,
    });
    expect(page.value!.rows.map((r) => r.rowNumber)).toEqual([50, 51, 52, 53]);
    const tooBig = await call('import.rows', {
      importId: opened.value!.importId,
      offset: 0,
      limit: 1001,
    });
    expect(tooBig).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const bad = await call('import.open', { path: files.bad.binary });
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'import_file_binary', messageKey: 'imports.errors.binary' },
    });
  });
});
