import http from 'node:http';
import https from 'node:https';

/** Tencent allows 200 numbers per SendSms; the outbox runs a few requests in parallel. */
const DEFAULT_MAX_SOCKETS = 8;
const IDLE_SOCKET_MS = 10_000;

export interface ApiAgent {
  url: URL;
  isHttps: boolean;
  agent: http.Agent;
}

/**
 * The connection pool both gateways use: our own agent, so an inherited http_proxy never
 * captures loopback traffic and sockets are reused.
 */
export function createApiAgent(endpoint: string, maxSockets?: number): ApiAgent {
  const url = new URL(endpoint);
  const isHttps = url.protocol === 'https:';
  if (!isHttps && url.protocol !== 'http:') {
    throw new Error(`Unsupported endpoint protocol: ${url.protocol}`);
  }
  const agentOpts = {
    keepAlive: true,
    maxSockets: maxSockets ?? DEFAULT_MAX_SOCKETS,
    maxFreeSockets: maxSockets ?? DEFAULT_MAX_SOCKETS,
    scheduling: 'lifo' as const,
    // Only idle sockets are dropped at this timeout (requests have their own). A server that
    // silently closed an idle connection would otherwise make the next send fail with a reset
    // after it was written, which we must report as unknown.
    timeout: IDLE_SOCKET_MS,
  };
  return { url, isHttps, agent: isHttps ? new https.Agent(agentOpts) : new http.Agent(agentOpts) };
}
