// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { grantForFile } from '../../../src/renderer/src/lib/files';
import { SmsError } from '../../../src/renderer/src/lib/sms';

afterEach(() => {
  delete window.smsFiles;
  vi.unstubAllGlobals();
});

describe('grantForFile', () => {
  it('asks the preload for a grant in Electron and never uploads', async () => {
    const fetchSpy = vi.fn();
    vi.stubGlobal('fetch', fetchSpy);
    window.smsFiles = {
      grantForFile: async (f) => ({
        ok: true,
        value: { grant: 'g-1', fileName: f.name, sizeBytes: f.size },
      }),
    };
    await expect(grantForFile(new File(['x'], '客户.csv'))).resolves.toBe('g-1');
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('passes a refused grant on as the core said it', async () => {
    window.smsFiles = {
      grantForFile: async () => ({
        ok: false,
        error: { code: 'file_not_readable', messageKey: 'errors.fileNotReadable' },
      }),
    };
    const e = await grantForFile(new File(['x'], 'a.csv')).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SmsError);
    expect((e as SmsError).info.messageKey).toBe('errors.fileNotReadable');
  });

  it('uploads the bytes in the harness and returns the grant it answers', async () => {
    const fetchSpy = vi.fn(async (_url: string, _init: RequestInit) => ({
      ok: true,
      json: async () => ({ grant: 'g-2', fileName: '客户.csv', sizeBytes: 20 }),
    }));
    vi.stubGlobal('fetch', fetchSpy);
    const file = new File(['手机号\n13800000000\n'], '客户.csv');
    await expect(grantForFile(file)).resolves.toBe('g-2');
    const [url, init] = fetchSpy.mock.calls[0]!;
    expect(url).toBe(`/__sms/upload?name=${encodeURIComponent('客户.csv')}`);
    expect(init.method).toBe('POST');
    expect(init.body).toBe(file);
  });

  it('reports a failed upload with a translated reason', async () => {
    vi.stubGlobal('fetch', async () => ({ ok: false, json: async () => ({}) }));
    const e = await grantForFile(new File(['x'], 'a.csv')).catch((x: unknown) => x);
    expect((e as SmsError).info.code).toBe('file_not_readable');
  });
});
