/**
 * A fresh idempotency key for one attempt to create a job: the same key twice finds the same
 * job, so a double click or a retried call never makes a second one.
 */
export function newIdempotencyKey(kind: 'direct' | 'batch'): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return `${kind}-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
