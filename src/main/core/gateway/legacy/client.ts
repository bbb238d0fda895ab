import http from 'node:http';
import https from 'node:https';
import { createApiAgent } from '../api-agent';
import { RequestGates } from '../request-gate';
import { legacyRandom, legacySig } from './sig';

export const LEGACY_DEFAULT_ENDPOINT = 'https://yun.tim.qq.com';
const PATH = '/v5/tlssmssvr/';

/** One `tel` entry: the country calling code and the national number, as the legacy API wants. */
export interface LegacyTel {
  nationcode: string;
  mobile: string;
}

export interface LegacyClientOptions {
  sdkAppId: string;
  appKey: string;
  /** 'https://yun.tim.qq.com' (default) or e.g. 'http://127.0.0.1:PORT' (the emulator). */
  endpoint?: string;
  timeoutMs: number;
  maxSockets?: number;
  /** Unix seconds for `time` (the server refuses more than 10 min of skew). */
  nowSeconds?: () => number;
}

export interface CallOptions {
  signal?: AbortSignal;
  /** Nothing of the request reaches the network before this resolves (see RequestGates). */
  notBefore?: Promise<void>;
  /** Runs right before the first byte is written, with `notBefore` (see RequestGates). */
  beforeWire?: () => void;
}

/** Thrown on any failure, shaped like the SDK's exceptions so `classifySdkError` reads it. */
export class LegacyHttpError extends Error {
  constructor(
    message: string,
    readonly httpCode?: number,
    readonly type?: 'invalid-json',
  ) {
    super(message);
  }
}

/**
 * The legacy HTTPS API (`/v5/tlssmssvr/<op>`), one JSON POST per call. It signs every call
 * with `sig`, reuses connections through its own agent (so an inherited http_proxy never
 * captures loopback traffic), and can hold a request back at the pool like the API 3.0 gateway.
 */
export class LegacyClient {
  readonly endpoint: string;
  private readonly agent: http.Agent;
  private readonly gates: RequestGates;
  private readonly request: typeof http.request;

  constructor(private readonly o: LegacyClientOptions) {
    this.endpoint = (o.endpoint ?? LEGACY_DEFAULT_ENDPOINT).replace(/\/+$/, '');
    const { isHttps, agent } = createApiAgent(this.endpoint, o.maxSockets);
    this.agent = agent;
    this.request = isHttps ? https.request : http.request;
    this.gates = new RequestGates(this.agent);
  }

  private now(): number {
    return this.o.nowSeconds ? this.o.nowSeconds() : Math.floor(Date.now() / 1000);
  }

  /** `sendsms` (one number) or `sendmultisms2` (up to 200), template form. */
  send(
    tels: LegacyTel[],
    msg: { tplId: number; params: string[]; sign: string; ext: string },
    opts: CallOptions = {},
  ): Promise<{ body: Record<string, unknown>; left: () => boolean }> {
    const single = tels.length === 1;
    return this.post(
      single ? 'sendsms' : 'sendmultisms2',
      (random, time) => ({
        tel: single ? tels[0] : tels,
        tpl_id: msg.tplId,
        params: msg.params,
        sign: msg.sign,
        sig: legacySig({
          appKey: this.o.appKey,
          random,
          time,
          mobiles: tels.map((t) => t.mobile),
        }),
        time,
        extend: '',
        ext: msg.ext,
      }),
      opts,
    );
  }

  /** `pullstatus4mobile`: receipts (type 0) or replies (1) of one number, read-only. */
  pullForMobile(
    type: 0 | 1,
    tel: LegacyTel,
    beginSeconds: number,
    endSeconds: number,
    max: number,
  ): Promise<{ body: Record<string, unknown> }> {
    return this.post('pullstatus4mobile', (random, time) => ({
      sig: legacySig({ appKey: this.o.appKey, random, time }),
      type,
      time,
      max,
      begin_time: beginSeconds,
      end_time: endSeconds,
      nationcode: tel.nationcode,
      mobile: tel.mobile,
    }));
  }

  /**
   * `pullstatus`: the queue of receipts (type 0) or replies (1); each item comes once, so a
   * caller must store what it gets before pulling again (core/inbound does).
   */
  pullQueue(type: 0 | 1, max: number): Promise<{ body: Record<string, unknown> }> {
    return this.post('pullstatus', (random, time) => ({
      sig: legacySig({ appKey: this.o.appKey, random, time }),
      type,
      time,
      max,
    }));
  }

  private post(
    op: string,
    build: (random: string, time: number) => Record<string, unknown>,
    opts: CallOptions = {},
  ): Promise<{ body: Record<string, unknown>; left: () => boolean }> {
    const random = legacyRandom();
    const payload = Buffer.from(JSON.stringify(build(random, this.now())), 'utf8');
    const url = new URL(`${this.endpoint}${PATH}${op}`);
    url.searchParams.set('sdkappid', this.o.sdkAppId);
    url.searchParams.set('random', random);
    const gate = opts.notBefore
      ? this.gates.open(opts.notBefore, opts.signal, opts.beforeWire)
      : null;
    const signal = gate ? gate.signal : opts.signal;
    const left = (): boolean => (gate ? gate.left() : true);
    return new Promise<{ body: Record<string, unknown>; left: () => boolean }>(
      (resolve, reject) => {
        const req = this.request(url, {
          method: 'POST',
          agent: this.agent,
          headers: {
            'Content-Type': 'application/json',
            'Content-Length': payload.length,
            ...(gate ? gate.headers : {}),
          },
        });
        let settled = false;
        const done = (): void => {
          settled = true;
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          gate?.close();
        };
        // A request still held at the pool has no socket, and Node emits no error for it when
        // destroyed: every way out rejects here, not only through the request's 'error'.
        const fail = (err: Error): void => {
          if (settled) return;
          done();
          reject(err);
        };
        const abortWith = (err: Error): void => {
          req.destroy(err);
          fail(err);
        };
        const timer = setTimeout(() => {
          abortWith(new Error(`network timeout at: ${url.origin}${url.pathname}`));
        }, this.o.timeoutMs);
        const onAbort = (): void => {
          const e = new Error('The user aborted a request.');
          e.name = 'AbortError';
          abortWith(e);
        };
        if (signal?.aborted) onAbort();
        else signal?.addEventListener('abort', onAbort, { once: true });
        req.on('error', fail);
        req.on('response', (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', fail);
          res.on('end', () => {
            if (settled) return;
            done();
            const status = res.statusCode ?? 0;
            if (status !== 200) {
              reject(new LegacyHttpError(res.statusMessage ?? `HTTP ${status}`, status));
              return;
            }
            let body: unknown;
            try {
              body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
            } catch {
              reject(new LegacyHttpError('invalid json response body', undefined, 'invalid-json'));
              return;
            }
            if (typeof body !== 'object' || body === null || Array.isArray(body)) {
              reject(
                new LegacyHttpError('response is not a JSON object', undefined, 'invalid-json'),
              );
              return;
            }
            resolve({ body: body as Record<string, unknown>, left });
          });
        });
        req.end(payload);
      },
    ).catch((err: unknown) => {
      // Tell the caller whether the request ever had a socket (a held one never left).
      throw Object.assign(err instanceof Error ? err : new Error(String(err)), { left: left() });
    });
  }

  destroy(): void {
    this.agent.destroy();
  }
}
