import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SentRecord } from './state';

/** Small HTTP helpers shared by the emulator's API 3.0 and legacy routes. */

const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** The body, or null when it is larger than any real request (answered with an error). */
export function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY_BYTES) chunks.push(c);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function firstHeader(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  payload: unknown,
  traceId?: string,
): void {
  if (res.destroyed || res.headersSent) return;
  const body = JSON.stringify(payload);
  const headers: Record<string, string | number> = {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
  };
  if (traceId) headers['X-TC-TraceId'] = traceId;
  res.writeHead(status, headers);
  res.end(body);
}

/** What `/__emulator/sent` shows of a stored send. */
export function publicRecord(s: SentRecord): SentRecord {
  return {
    phone: s.phone,
    templateId: s.templateId,
    params: [...s.params],
    sign: s.sign,
    sessionContext: s.sessionContext,
    serialNo: s.serialNo,
    at: s.at,
    fee: s.fee,
    api: s.api,
  };
}
