/**
 * Pure security decisions for the Electron shell, kept apart from `electron` so they are
 * unit-tested directly.
 */

/** Only a parseable http(s) URL may be handed to the system browser. */
export function externalUrlToOpen(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 2048) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (!url.hostname) return null;
  return url.toString();
}

/** Tencent Cloud's console and documentation: links the app itself shows, opened without asking. */
const TRUSTED_HOSTS = ['cloud.tencent.com', 'tencentcloud.com'];

/** Whether an external link goes to Tencent's console or docs over https (no question asked). */
export function isTrustedExternal(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol !== 'https:' || u.username || u.password || (u.port && u.port !== '443'))
    return false;
  const host = u.hostname.toLowerCase();
  return TRUSTED_HOSTS.some((t) => host === t || host.endsWith(`.${t}`));
}

/** Is `target` a page of our own app (same origin as what we loaded)? */
export function isAppUrl(target: string, appUrl: string): boolean {
  try {
    const t = new URL(target);
    const a = new URL(appUrl);
    if (a.protocol === 'file:') return t.protocol === 'file:' && t.pathname === a.pathname;
    // A custom scheme (app://) has an opaque origin, 'null' for every such URL: compare
    // scheme and host instead.
    if (a.origin === 'null') return t.protocol === a.protocol && t.host === a.host;
    return t.origin === a.origin;
  } catch {
    return false;
  }
}

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
].join('; ');
