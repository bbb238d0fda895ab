/**
 * The harness's clock control: the core runs on the system clock plus an offset that an E2E can
 * move (`POST /__sms/clock {advanceMs}`), so a send scheduled two minutes ahead runs without a
 * real two-minute wait. Moving the clock wakes the core, as a machine waking from sleep does.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../../../src/main/core/kernel/clock';

const MAX_ADVANCE_MS = 366 * 24 * 3600_000;

export interface HarnessClock {
  clock: Clock;
  /** Handles `/__sms/clock`; false for any other path. */
  route(req: IncomingMessage, res: ServerResponse, wake: () => void): Promise<boolean>;
}

/** `offsetMs`: where the clock starts relative to the real time (a restart "later"). */
export function createHarnessClock(offsetMs = 0): HarnessClock {
  let offset = offsetMs;
  const clock: Clock = { now: () => Date.now() + offset };
  return {
    clock,
    async route(req, res, wake) {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname !== '/__sms/clock') return false;
      if (req.method === 'POST') {
        let body = '';
        for await (const chunk of req) body += (chunk as Buffer).toString('utf8');
        const advanceMs = (JSON.parse(body || '{}') as { advanceMs?: unknown }).advanceMs;
        if (typeof advanceMs !== 'number' || !(advanceMs >= 0) || advanceMs > MAX_ADVANCE_MS) {
          res.writeHead(400, { 'content-type': 'text/plain' });
          res.end('advanceMs: a number of milliseconds, 0 or more');
          return true;
        }
        offset += advanceMs;
        wake();
      }
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify({ now: clock.now(), offsetMs: offset }));
      return true;
    },
  };
}
