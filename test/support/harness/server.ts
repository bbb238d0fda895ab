import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';
import type { Core } from '../../../src/main/core';
import { handleUpload } from './upload';
import type { HarnessDownloads } from './downloads';

const ROOT = resolve(__dirname, '../../..');
const RENDERER_DIR = join(ROOT, 'out/renderer');
const MAX_BODY = 64 * 1024 * 1024;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
};

async function buildTwin(): Promise<string> {
  const out = await build({
    entryPoints: [join(__dirname, 'twin.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    write: false,
  });
  return out.outputFiles[0]!.text;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

export interface HarnessServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/**
 * Serves the built renderer and a `window.sms` twin that forwards every call and event to
 * the real core through the same dispatch (same contract, same validation) as Electron's IPC.
 */
export async function startHarnessServer(
  core: Core,
  port = 0,
  extraRoutes?: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>,
  downloads?: HarnessDownloads,
): Promise<HarnessServer> {
  const twin = await buildTwin();
  const sseClients = new Set<ServerResponse>();
  const unsubscribe = core.onEvent((name, payload) => {
    const frame = `event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`;
    for (const c of sseClients) c.write(frame);
  });

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, 'text/plain', 'internal error');
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/__sms/call' && req.method === 'POST') {
      let body: { name?: unknown; input?: unknown };
      try {
        body = JSON.parse((await readBody(req)).toString('utf8')) as typeof body;
      } catch {
        send(
          res,
          400,
          'application/json',
          JSON.stringify({
            ok: false,
            error: { code: 'invalid_input', messageKey: 'errors.invalidInput' },
          }),
        );
        return;
      }
      const result = await core.call(body?.name as string, body?.input);
      send(res, 200, 'application/json; charset=utf-8', JSON.stringify(result));
      return;
    }
    if (url.pathname === '/__sms/events' && req.method === 'GET') {
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      res.write(': connected\n\n');
      sseClients.add(res);
      req.on('close', () => sseClients.delete(res));
      return;
    }
    if (url.pathname === '/__sms/twin.js') {
      send(res, 200, TYPES['.js']!, twin);
      return;
    }
    if (url.pathname === '/__sms/upload' && req.method === 'POST') {
      await handleUpload(core, req, res);
      return;
    }
    if (url.pathname === '/__sms/download' && req.method === 'GET' && downloads) {
      downloads.handle(req, res);
      return;
    }
    if (extraRoutes && (await extraRoutes(req, res))) return;
    await serveStatic(url.pathname, res);
  }

  async function serveStatic(pathname: string, res: ServerResponse): Promise<void> {
    const rel = pathname === '/' ? '/index.html' : decodeURIComponent(pathname);
    const file = normalize(join(RENDERER_DIR, rel));
    if (!file.startsWith(RENDERER_DIR)) return send(res, 403, 'text/plain', 'forbidden');
    try {
      const s = await stat(file);
      if (!s.isFile()) throw new Error('not a file');
    } catch {
      return send(res, 404, 'text/plain', 'not found');
    }
    let data = await readFile(file);
    if (file.endsWith('index.html')) {
      // The twin must run before the app's module script, as the preload does in Electron.
      data = Buffer.from(
        data
          .toString('utf8')
          .replace('<head>', '<head>\n    <script src="/__sms/twin.js"></script>'),
      );
    }
    send(res, 200, TYPES[extname(file)] ?? 'application/octet-stream', data);
  }

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => ok());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}/`,
    server,
    async close() {
      unsubscribe();
      for (const c of sseClients) c.end();
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}
