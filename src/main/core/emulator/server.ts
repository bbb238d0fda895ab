import { randomUUID } from 'node:crypto';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { Socket } from 'node:net';
import { otherActions } from './actions';
import { applyFaults, type FaultPorts } from './fault-response';
import { FaultQueue, faultSpecSchema, type FaultSpec } from './faults';
import { defaultProfile, type EmulatorProfile, type ProfilePackage } from './profile';
import { packagesInputSchema, toProfilePackages } from './packages-control';
import { sendSms } from './send-sms';
import { firstHeader, publicRecord, readBody, sendJson } from './http-io';
import { handleLegacy, LEGACY_PREFIX } from './legacy';
import { EmulatorState, type Action, type ApiOutcome, type SentRecord } from './state';
import { tc3Verify } from './tc3';
import { replyActions } from './replies';
import {
  applyBlacklist,
  applyReceipts,
  applyReply,
  inboundControl,
  type BlacklistSpec,
  type ReceiptSpec,
  type ReplySpec,
} from './inbound-control';

export interface EmulatorOptions {
  /** 0 (default) picks a free port. Always bound to 127.0.0.1. */
  port?: number;
  profile?: EmulatorProfile;
  /** Business clock (frequency windows, marketing hours, receipts); default Date.now. */
  now?: () => number;
  /**
   * Tencent's own wall clock for the 300 s signature-skew rule; default Date.now. Separate from
   * `now` so shifting business days never expires signatures, while a test can still stand for
   * a user whose computer clock is off.
   */
  wallClock?: () => number;
  /** Overrides the profile's receipt delay (business-clock ms). */
  receiptDelayMs?: number;
  /** Overrides the profile's share of receipts that report a delivery failure. */
  receiptFailShare?: number;
  /** Test hook: each API request as it arrives, before it is checked or handled. */
  onRequest?: (r: { headers: IncomingHttpHeaders; body: Buffer }) => void;
}

export interface EmulatorAccount {
  secretId: string;
  secretKey: string;
  sdkAppId: string;
  region: string;
  /** The legacy App Key, when the profile gives the account one. */
  appKey?: string;
}

export interface RunningEmulator {
  /** 'http://127.0.0.1:PORT' */
  endpoint: string;
  port: number;
  /** The profile's first account. */
  account: EmulatorAccount;
  sent(): SentRecord[];
  /** The most API requests being handled at once since start or `reset`. */
  peakInFlight(): number;
  reset(): void;
  shiftClock(ms: number): void;
  injectFault(f: FaultSpec): void;
  /** A customer replies (what `POST /__emulator/replies` does). */
  injectReply(r: ReplySpec): void;
  /** Puts a number on (or off) the refusal list (`POST /__emulator/blacklist`). */
  setBlacklisted(b: BlacklistSpec): void;
  /** Receipt delay, failure share, withholding (`POST /__emulator/receipts`). */
  setReceipts(r: ReceiptSpec): void;
  /** Replaces the packages (what `POST /__emulator/packages` does). */
  setPackages(packages: ProfilePackage[]): void;
  close(): Promise<void>;
}

export const API_VERSION = '2021-01-11';

const actions: Record<string, Action> = {
  SendSms: (state, account, body) => sendSms(state, account, body),
  ...otherActions,
  ...replyActions,
};

export async function startEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  const profile = opts.profile ?? defaultProfile;
  const state = new EmulatorState(
    profile,
    opts.now ?? (() => Date.now()),
    opts.receiptDelayMs ?? profile.receiptDelayMs,
    opts.receiptFailShare ?? profile.receiptFailShare,
  );
  const faults = new FaultQueue();
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let closing = false;

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  const faultPorts: FaultPorts = { faults, sleep, closing: () => closing };

  function sendApi(res: ServerResponse, outcome: ApiOutcome, traceId?: string): void {
    const requestId = randomUUID();
    const response = outcome.ok
      ? { ...outcome.data, RequestId: requestId }
      : { Error: { Code: outcome.code, Message: outcome.message }, RequestId: requestId };
    sendJson(res, 200, { Response: response }, traceId);
  }

  function apiErr(res: ServerResponse, code: string, message: string, traceId?: string): void {
    sendApi(res, { ok: false, code, message }, traceId);
  }

  async function handleControl(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    raw: Buffer,
  ): Promise<void> {
    const method = req.method ?? 'GET';
    let json: unknown = undefined;
    if (raw.length > 0) {
      try {
        json = JSON.parse(raw.toString('utf8'));
      } catch {
        sendJson(res, 400, { error: 'body is not JSON' });
        return;
      }
    }
    const inbound = method === 'POST' ? inboundControl(state, path, json) : null;
    if (inbound) {
      sendJson(res, inbound.status, inbound.body);
    } else if (path === '/__emulator/sent' && method === 'GET') {
      sendJson(res, 200, state.sends.map(publicRecord));
    } else if (path === '/__emulator/reset' && method === 'POST') {
      api.reset();
      sendJson(res, 200, { ok: true });
    } else if (path === '/__emulator/clock' && method === 'POST') {
      const shift = (json as { shiftMs?: unknown } | undefined)?.shiftMs;
      if (typeof shift !== 'number' || !Number.isFinite(shift)) {
        sendJson(res, 400, { error: 'expected {"shiftMs": number}' });
        return;
      }
      state.shiftClock(shift);
      sendJson(res, 200, { ok: true, now: state.now() });
    } else if (path === '/__emulator/clock' && method === 'GET') {
      sendJson(res, 200, { now: state.now() });
    } else if (path === '/__emulator/faults' && method === 'POST') {
      const parsed = faultSpecSchema.safeParse(json);
      if (!parsed.success) {
        sendJson(res, 400, { error: parsed.error.message });
        return;
      }
      faults.add(parsed.data);
      sendJson(res, 200, { ok: true });
    } else if (path === '/__emulator/packages' && method === 'POST') {
      const parsed = packagesInputSchema.safeParse(json);
      if (!parsed.success) {
        sendJson(res, 400, { error: parsed.error.message });
        return;
      }
      state.setPackages(toProfilePackages(parsed.data, state.now()));
      sendJson(res, 200, { ok: true, balance: state.balance() });
    } else if (path === '/__emulator/packages' && method === 'GET') {
      sendJson(res, 200, { packages: state.packages, balance: state.balance() });
    } else if (path === '/__emulator/faults' && method === 'DELETE') {
      faults.clear();
      sendJson(res, 200, { ok: true });
    } else {
      sendJson(res, 404, { error: `no control route ${method} ${path}` });
    }
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, raw: Buffer): Promise<void> {
    opts.onRequest?.({ headers: req.headers, body: raw });
    const traceId = firstHeader(req, 'x-tc-traceid');
    const action = firstHeader(req, 'x-tc-action');
    if (!action)
      return apiErr(
        res,
        'MissingParameter',
        'The request is missing a required parameter `Action`.',
        traceId,
      );
    const version = firstHeader(req, 'x-tc-version');
    if (!version) {
      return apiErr(
        res,
        'MissingParameter',
        'The request is missing a required parameter `Version`.',
        traceId,
      );
    }
    if (version !== API_VERSION) {
      return apiErr(
        res,
        'NoSuchVersion',
        `The requested version \`${version ?? ''}\` of action \`${action}\` does not exist.`,
        traceId,
      );
    }

    const isSend = action === 'SendSms';
    const fault = await applyFaults(faultPorts, isSend, res, () =>
      apiErr(
        res,
        'RequestLimitExceeded',
        'Your current request times exceeds limit, please try again later.',
        traceId,
      ),
    );
    if (!fault) return;

    const verified = tc3Verify({
      method: req.method ?? 'POST',
      path: '/',
      query: '',
      headers: req.headers,
      body: raw,
      nowSeconds: Math.floor((opts.wallClock ?? Date.now)() / 1000),
      lookupSecretKey: (id) => {
        const a = state.accountBySecretId(id);
        return a && !a.disabled ? a.secretKey : undefined;
      },
    });
    if (!verified.ok) return apiErr(res, verified.code, verified.message, traceId);
    const account = state.accountBySecretId(verified.secretId);
    if (!account)
      return apiErr(res, 'AuthFailure.SecretIdNotFound', 'The SecretId is not found.', traceId);
    if (account.ipNotInWhitelist) {
      return apiErr(
        res,
        'UnauthorizedOperation.RequestIpNotInWhitelist',
        'The request IP is not in the whitelist of this key.',
        traceId,
      );
    }
    if (!firstHeader(req, 'x-tc-region')) {
      return apiErr(
        res,
        'MissingParameter',
        'The request is missing a required parameter `Region`.',
        traceId,
      );
    }
    const handler = actions[action];
    if (!handler) {
      return apiErr(res, 'InvalidAction', `The action \`${action}\` is not found.`, traceId);
    }
    let body: unknown;
    try {
      body = raw.length === 0 ? {} : JSON.parse(raw.toString('utf8'));
    } catch {
      return apiErr(
        res,
        'FailedOperation.JsonParseFail',
        'The request body is not valid JSON.',
        traceId,
      );
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return apiErr(
        res,
        'FailedOperation.JsonParseFail',
        'The request body must be a JSON object.',
        traceId,
      );
    }
    const b = body as Record<string, unknown>;
    const outcome = isSend
      ? sendSms(state, account, b, { internalTimeout: fault.kind === 'internalTimeout' })
      : handler(state, account, b);
    if (fault.kind === 'acceptThenDrop') {
      // The send is recorded, but the client never sees a byte: its outcome is unknown.
      req.socket.destroy();
      return;
    }
    sendApi(res, outcome, traceId);
  }

  const legacyDeps = {
    state,
    pullByPhone: otherActions.PullSmsSendStatusByPhoneNumber!,
    pullQueue: otherActions.PullSmsSendStatus!,
    ...faultPorts,
    wallClock: opts.wallClock ?? Date.now,
    onRequest: opts.onRequest,
  };

  let open = 0;
  let peak = 0;
  const server = createServer((req, res) => {
    if (!(req.url ?? '').startsWith('/__emulator/')) {
      open++;
      peak = Math.max(peak, open);
      res.once('close', () => open--);
    }
    void (async () => {
      const raw = await readBody(req);
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      if (raw === null) {
        return apiErr(res, 'RequestSizeLimitExceeded', 'The request body is too large.');
      }
      if (path.startsWith('/__emulator/')) return handleControl(req, res, path, raw);
      if (path.startsWith(LEGACY_PREFIX)) {
        const op = path.slice(LEGACY_PREFIX.length);
        return handleLegacy(legacyDeps, req, res, op, raw);
      }
      if (path !== '/' || req.method !== 'POST') {
        return apiErr(
          res,
          'UnsupportedProtocol',
          'The emulator accepts POST / with a JSON body only.',
        );
      }
      return handleApi(req, res, raw);
    })().catch(() => {
      if (!res.headersSent && !res.destroyed) {
        sendApi(res, { ok: false, code: 'InternalError', message: 'Emulator internal error.' });
      }
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const first = profile.accounts[0]!;

  const api: RunningEmulator = {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    account: {
      secretId: first.secretId,
      secretKey: first.secretKey,
      sdkAppId: first.sdkAppId,
      region: first.region,
      ...(first.appKey ? { appKey: first.appKey } : {}),
    },
    sent: () => state.sends.map(publicRecord),
    peakInFlight: () => peak,
    reset: () => {
      peak = open;
      state.reset();
      faults.clear();
    },
    shiftClock: (ms) => state.shiftClock(ms),
    injectFault: (f) => faults.add(faultSpecSchema.parse(f)),
    injectReply: (r) => applyReply(state, r),
    setBlacklisted: (b) => applyBlacklist(state, b),
    setReceipts: (r) => applyReceipts(state, r),
    setPackages: (packages) => state.setPackages(packages),
    close: async () => {
      if (closing) return;
      closing = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Hung and keep-alive sockets would keep close() waiting forever.
      for (const s of sockets) s.destroy();
      await closed;
    },
  };
  return api;
}
