import type { PrefKey, PrefValue } from '../../../shared/api/prefs';
import { call } from './sms';

/** Several remembered choices at once (null for any never chosen). */
export async function readPrefs<K extends PrefKey>(
  keys: readonly K[],
): Promise<Record<K, PrefValue>> {
  const answers = await Promise.all(keys.map((key) => call('prefs.get', { key })));
  return Object.fromEntries(answers.map((a) => [a.key, a.value])) as Record<K, PrefValue>;
}
