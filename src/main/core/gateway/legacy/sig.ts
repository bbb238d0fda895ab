import { createHash, randomInt } from 'node:crypto';

/**
 * The legacy API's request signature (reference §8):
 * `sha256("appkey=…&random=…&time=…&mobile=a,b")` in lowercase hex. The pull endpoints sign
 * without the `&mobile=` part. The App Key itself never travels: only this digest does.
 */
export function legacySig(p: {
  appKey: string;
  random: string | number;
  time: number;
  /** The national numbers in request order; omitted for the pull endpoints. */
  mobiles?: readonly string[];
}): string {
  let text = `appkey=${p.appKey}&random=${p.random}&time=${p.time}`;
  if (p.mobiles !== undefined) text += `&mobile=${p.mobiles.join(',')}`;
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The `random` query value: a fresh unsigned integer per request, as the qcloudsms SDKs send. */
export function legacyRandom(): string {
  return String(randomInt(100_000, 2 ** 32 - 1));
}
