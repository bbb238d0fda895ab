/**
 * Answers the emulator never gives but a proxy, a captive portal or a broken front end might:
 * the real SDK against a bare loopback server, to pin how each one surfaces from the SDK.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TencentGateway } from '../../../../../src/main/core/gateway/tencent-gateway';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
let handler: Handler = (_req, res) => res.end();
let server: Server;
let endpoint: string;
let gw: TencentGateway;

const json =
  (status: number, body: unknown): Handler =>
  (_req, res) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };

const send = () =>
  gw.sendSms({
    phones: ['+8613800000001', '+8613800000002'],
    templateId: '2001001',
    signName: 'SMS Desk练习',
    params: ['1234', '5'],
  });

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => handler(req, res));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  gw = new TencentGateway({
    secretId: 'AKIDodd',
    secretKey: 'OddResponsesKeyOddResponsesKey00',
    sdkAppId: '1400000001',
    region: 'ap-guangzhou',
    endpoint,
    timeoutMs: 1000,
  });
});

afterAll(async () => {
  await gw.closeGracefully();
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

describe('odd answers to SendSms', () => {
  it('a 200 JSON without Response is unknown', async () => {
    handler = json(200, { hello: 'portal' });
    expect(await send()).toMatchObject({
      kind: 'failed',
      failure: 'unknown',
      code: 'Network.BadResponse',
    });
  });

  it('a Response without SendStatusSet is unknown, with its RequestId', async () => {
    handler = json(200, { Response: { RequestId: 'rid-1' } });
    expect(await send()).toMatchObject({
      kind: 'failed',
      failure: 'unknown',
      code: 'Network.BadResponse',
      requestId: 'rid-1',
    });
  });

  it('numbers missing from SendStatusSet are unknown; the others keep their outcome', async () => {
    handler = json(200, {
      Response: {
        RequestId: 'rid-2',
        SendStatusSet: [
          {
            PhoneNumber: '+8613800000002',
            Code: 'Ok',
            Message: 'send success',
            SerialNo: '2433:1',
            Fee: 1,
            SessionContext: '',
            IsoCode: 'CN',
          },
        ],
      },
    });
    const r = await send();
    expect(r.kind).toBe('answered');
    if (r.kind !== 'answered') return;
    expect(r.results.map((n) => [n.phone, n.outcome])).toEqual([
      ['+8613800000001', 'unknown'],
      ['+8613800000002', 'sent'],
    ]);
  });

  it.each([
    [503, 'retryable', 'Http.5xx'],
    [500, 'retryable', 'Http.5xx'],
    [429, 'retryable', 'Http.4xx'],
    [502, 'unknown', 'Http.UpstreamLost'],
    [504, 'unknown', 'Http.UpstreamLost'],
  ])('HTTP %i → %s', async (status, failure, code) => {
    handler = (_req, res) => {
      res.writeHead(status, { 'Content-Type': 'text/plain' });
      res.end('no');
    };
    expect(await send()).toMatchObject({ kind: 'failed', failure, code });
  });

  it('a body cut off half way is unknown', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '500' });
      res.write('{"Response":{"SendStatusSet":[');
      setTimeout(() => res.socket?.destroy(), 20);
    };
    const r = await send();
    expect(r).toMatchObject({ kind: 'failed', failure: 'unknown' });
    // node-fetch 2 only notices a cut Content-Length body when its timeout fires.
    expect(['Network.Reset', 'Network.Timeout']).toContain(r.kind === 'failed' && r.code);
  });

  it('an API error answer is classified by its code', async () => {
    handler = json(200, {
      Response: {
        Error: { Code: 'AuthFailure.SecretIdNotFound', Message: 'nope' },
        RequestId: 'rid-3',
      },
    });
    expect(await send()).toMatchObject({
      kind: 'failed',
      failure: 'permanent',
      code: 'AuthFailure.SecretIdNotFound',
      requestId: 'rid-3',
    });
  });
});
