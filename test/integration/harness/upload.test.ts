import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../src/main/core';
import { startHarnessServer, type HarnessServer } from '../../support/harness/server';
import { createHarnessDownloads, type HarnessDownloads } from '../../support/harness/downloads';
import {
  CUSTOMER_COUNTS,
  makeImportFiles,
  type ImportFixtures,
} from '../../support/fixtures/make-import-files';

/**
 * In the browser harness a File has no path: the twin uploads it, the harness answers a grant
 * (as the preload does in Electron) and the core imports the granted file through the same
 * dispatch as Electron's IPC. Exports land in the harness's downloads folder and come back
 * through the download route.
 */
let dir: string;
let core: Core;
let server: HarnessServer;
let files: ImportFixtures;
let downloads: HarnessDownloads;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sms-upload-'));
  files = await makeImportFiles(join(dir, 'files'));
  downloads = createHarnessDownloads(mkdtempSync(join(tmpdir(), 'sms-downloads-')));
  core = await createCore({ dataDir: join(dir, 'data'), env: {}, pickSavePath: downloads.pick });
  server = await startHarnessServer(core, 0, undefined, downloads);
});

afterAll(async () => {
  await server?.close();
  await core?.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(downloads.dir, { recursive: true, force: true });
});

interface Wire {
  ok: boolean;
  value?: {
    importId: number;
    summary: unknown;
    rows: { rowNumber: number }[] | number;
    path: string | null;
  };
  error?: unknown;
}

const upload = async (name: string, bytes: Buffer) => {
  const res = await fetch(new URL('/__sms/upload?name=' + encodeURIComponent(name), server.url), {
    method: 'POST',
    body: bytes,
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

const call = async (name: string, input: unknown) =>
  (await (
    await fetch(new URL('/__sms/call', server.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, input }),
    })
  ).json()) as Wire;

describe('harness upload', () => {
  it('answers a grant (never a path) for the uploaded bytes, and the core imports by grant', async () => {
    const bytes = readFileSync(files.gbk);
    const res = await upload('../客户 名单.csv', bytes);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['fileName', 'grant', 'sizeBytes']);
    expect(res.body).toMatchObject({ fileName: '客户 名单.csv', sizeBytes: bytes.length });
    const grant = res.body.grant as string;

    const opened = await call('import.open', { grant });
    expect(opened.ok).toBe(true);
    expect(opened.value!.summary).toMatchObject({
      ...CUSTOMER_COUNTS,
      fileName: '客户 名单.csv',
      encoding: 'gb18030',
    });
    // One pick, one import: the grant is spent.
    expect(await call('import.open', { grant })).toMatchObject({
      ok: false,
      error: { code: 'file_grant_invalid' },
    });

    const page = await call('import.rows', {
      importId: opened.value!.importId,
      filter: 'problems',
      offset: 0,
      limit: 1000,
    });
    expect((page.value!.rows as { rowNumber: number }[]).map((r) => r.rowNumber)).toEqual([
      50, 51, 52, 53,
    ]);
    const tooBig = await call('import.rows', {
      importId: opened.value!.importId,
      offset: 0,
      limit: 1001,
    });
    expect(tooBig).toMatchObject({ ok: false, error: { code: 'invalid_input' } });

    const binary = await upload('bin.csv', readFileSync(files.bad.binary));
    const bad = await call('import.open', { grant: binary.body.grant });
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'import_file_binary', messageKey: 'imports.errors.binary' },
    });

    // The export goes to the harness's downloads folder and comes back over the download route.
    const exported = await call('batch.exportProblems', { importId: opened.value!.importId });
    expect(exported.ok).toBe(true);
    const saved = exported.value!.path!;
    expect(saved.startsWith(downloads.dir)).toBe(true);
    const name = saved.slice(downloads.dir.length + 1);
    const got = await fetch(
      new URL('/__sms/download?name=' + encodeURIComponent(name), server.url),
    );
    expect(got.status).toBe(200);
    expect(await got.text()).toContain('行号');
    const escape = await fetch(
      new URL('/__sms/download?name=' + encodeURIComponent('../data/sms-desk.db'), server.url),
    );
    expect(escape.status).toBe(404);
  });
});
