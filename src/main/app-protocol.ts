/**
 * The renderer is served from app://sms-desk/ rather than file://. The packaged app turns the
 * GrantFileProtocolExtraPrivileges fuse off (build/after-pack.mts), after which Chromium treats
 * file:// as a browser does and refuses the bundle's module script; a custom scheme also serves
 * only the renderer's own folder, where a file:// page could read any file on the machine.
 */
import { join, normalize, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CustomScheme, Protocol } from 'electron';
import { CONTENT_SECURITY_POLICY } from './security';

export const APP_SCHEME = 'app';
export const APP_HOST = 'sms-desk';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** Registered before the app is ready: a standard, secure origin ('self' in the CSP). */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
};

/** The file an app:// URL names inside `rendererDir`, or null for anything outside it. */
export function rendererFileFor(url: string, rendererDir: string): string | null {
  let parsed: URL;
  let path: string;
  try {
    parsed = new URL(url);
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  if (path.includes('\0')) return null;
  const root = normalize(rendererDir);
  const file = normalize(join(root, path === '/' ? '/index.html' : path));
  return file.startsWith(root + sep) ? file : null;
}

/** Answers app:// requests from `rendererDir`, with the app's CSP on every response. */
export function serveRenderer(
  protocol: Pick<Protocol, 'handle'>,
  rendererDir: string,
  fetchFile: (fileUrl: string) => Promise<Response>,
): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = rendererFileFor(request.url, rendererDir);
    if (!file) return new Response('not found', { status: 404 });
    let res: Response;
    try {
      res = await fetchFile(pathToFileURL(file).toString());
    } catch {
      return new Response('not found', { status: 404 });
    }
    const headers = new Headers(res.headers);
    headers.set('content-security-policy', CONTENT_SECURITY_POLICY);
    return new Response(res.body, { status: res.status, headers });
  });
}
