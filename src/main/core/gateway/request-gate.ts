import type http from 'node:http';
import type { Socket } from 'node:net';

/** Names a request's gate; taken off before the request is written, so it never leaves. */
export const GATE_HEADER = 'x-sms-desk-gate';

/** One request's gate, as the caller sees it. */
export interface Gate {
  /** To send with the request (through the SDK's request options). */
  readonly headers: Record<string, string>;
  /**
   * Aborts when the gate fails or `signal` (the caller's) aborts: pass it with the request, so
   * the call ends at once (a request that never got a socket emits no error of its own).
   */
  readonly signal: AbortSignal;
  /** Whether the request was let through to a socket: false means nothing of it left. */
  left(): boolean;
  /** Forgets the gate once the call has its outcome. */
  close(): void;
}

type AddRequest = (req: http.ClientRequest, options: unknown) => void;

/**
 * Holds requests back at the connection pool until a promise resolves, so the SDK can sign and
 * serialise a request while the send journal is being synced, and the bytes go the moment the
 * record is on disk (on a busy machine that sync takes 1–2 ms, and the SDK's work about 0.5 ms
 * of it is no longer spent after it).
 *
 * Node's `ClientRequest` gets its socket only through the agent's `addRequest` (called from its
 * constructor; request bodies are buffered until a socket is assigned), and this is the one
 * place we hook, as agent libraries do: a gated request reaches the real `addRequest` only
 * after its promise resolved. If the promise rejects, the request is destroyed before it ever
 * had a socket: nothing of it was written.
 */
export class RequestGates {
  private seq = 0;
  private readonly held = new Map<
    string,
    { until: Promise<void>; left: boolean; beforeWire: (() => void) | undefined }
  >();

  constructor(agent: http.Agent) {
    const a = agent as http.Agent & { addRequest: AddRequest };
    const add: AddRequest = a.addRequest.bind(a);
    a.addRequest = (req, options) => {
      if (!req.hasHeader(GATE_HEADER)) {
        add(req, options);
        return;
      }
      // node-fetch hands its headers over as arrays of values.
      const raw = req.getHeader(GATE_HEADER);
      const id = String(Array.isArray(raw) ? raw[0] : raw);
      req.removeHeader(GATE_HEADER);
      const g = this.held.get(id);
      if (!g) {
        // Fail closed: a gate we do not know of never opens.
        req.destroy(new Error('request gate unknown'));
        return;
      }
      g.until.then(
        () => {
          // Aborted while held (a cancel, or its timeout): it never leaves.
          if (req.destroyed) return;
          const beforeWire = g.beforeWire;
          if (beforeWire) lastMomentBeforeBytes(req, beforeWire, () => (g.left = true));
          else g.left = true;
          add(req, options);
        },
        // The caller aborts the call when its gate fails (see `Gate.signal`); this only lets
        // the request object go.
        () => req.destroy(),
      );
    };
  }

  /**
   * A gate that opens when `until` resolves, and never when it rejects. `beforeWire` runs at
   * the last moment before the request's first byte is written (its socket connected); if it
   * throws, the request is destroyed and nothing of it leaves.
   */
  open(until: Promise<void>, signal?: AbortSignal, beforeWire?: () => void): Gate {
    const id = String(++this.seq);
    const g = { until, left: false, beforeWire };
    this.held.set(id, g);
    const failed = new AbortController();
    until.catch(() => failed.abort());
    return {
      headers: { [GATE_HEADER]: id },
      signal: signal ? AbortSignal.any([signal, failed.signal]) : failed.signal,
      left: () => g.left,
      close: () => this.held.delete(id),
    };
  }
}

/**
 * Runs `hook` once the request has a connected socket and before it writes: `ClientRequest`
 * emits 'socket' right before flushing its buffered headers and body. A socket still
 * connecting is corked so the flush stays in memory, and the hook runs first thing on
 * 'connect' (prepended). A process killed before the hook ran sent nothing of this request.
 */
function lastMomentBeforeBytes(req: http.ClientRequest, hook: () => void, ran: () => void): void {
  req.once('socket', (socket: Socket) => {
    const go = (): boolean => {
      try {
        hook();
        ran();
        return true;
      } catch (e) {
        req.destroy(e instanceof Error ? e : new Error(String(e)));
        socket.destroy();
        return false;
      }
    };
    if (!socket.connecting) {
      go();
      return;
    }
    socket.cork();
    socket.prependOnceListener('connect', () => {
      if (go()) socket.uncork();
    });
  });
}
