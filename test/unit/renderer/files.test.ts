// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FilePathError, pathForFile } from '../../../src/renderer/src/lib/files';

afterEach(() => {
  delete window.smsFiles;
  vi.unstubAllGlobals();
});

describe('pathForFile', () => {
  it('uses the preload resolver in Electron and never uploads', async () => {
    const fetchSpy = vi.fn();
    vi.stubGlobal('fetch', fetchSpy);
    window.smsFiles = { pathForFile: () => '/home/u/客户.csv' };
    await expect(pathForFile(new File(['x'], '客户.csv'))).resolves.toBe('/home/u/客户.csv');
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('uploads the bytes in the harness and returns the temporary path', async () => {
    const fetchSpy = vi.fn(async (_url: string, _init: RequestInit) => ({
      ok: true,
      json: async () => ({ path: '/data/uploads/u-1/客户.csv' }),
    }));
    vi.stubGlobal('fetch', fetchSpy);
    const file = new File(['手机号\n13800000000\n'], '客户.csv');
    await expect(pathForFile(file)).resolves.toBe('/data/uploads/u-1/客户.csv');
    const [url, init] = fetchSpy.mock.calls[0]!;
    expect(url).toBe(`/__sms/upload?name=${encodeURIComponent('客户.csv')}`);
    expect(init.method).toBe('POST');
    expect(init.body).toBe(file);
  });

  it('reports a failed upload as a FilePathError', async () => {
    vi.stubGlobal('fetch', async () => ({ ok: false, json: async () => ({}) }));
    await expect(pathForFile(new File(['x'], 'a.csv'))).rejects.toBeInstanceOf(FilePathError);
  });
});
