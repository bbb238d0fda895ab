import type { ServerResponse } from 'node:http';
import type { FaultDecision, FaultQueue } from './faults';

export interface FaultPorts {
  faults: FaultQueue;
  sleep(ms: number): Promise<void>;
  closing(): boolean;
}

/**
 * The faults of one request, the same for the API 3.0 and the legacy routes: only sends take
 * them; latency is waited out, then a transport fault answers the request here. Rate limits are
 * answered by `refuseForRate`, since each API refuses them in its own words. Returns null when
 * the request is answered or dropped, else the decision for the route to finish (e.g.
 * acceptThenDrop).
 */
export async function applyFaults(
  p: FaultPorts,
  isSend: boolean,
  res: ServerResponse,
  refuseForRate: () => void,
): Promise<FaultDecision | null> {
  const fault: FaultDecision = isSend ? p.faults.take() : { latencyMs: 0, kind: null };
  if (fault.latencyMs > 0) await p.sleep(fault.latencyMs);
  if (p.closing()) return null;
  switch (fault.kind) {
    case 'http5xx':
      res.writeHead(503, { 'Content-Type': 'text/plain' });
      res.end('Service Unavailable');
      return null;
    case 'requestLimit':
      refuseForRate();
      return null;
    case 'hang':
      // Hold the socket until the client gives up or close() destroys it.
      return null;
    case 'nonJson':
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
      return null;
    default:
      return fault;
  }
}
