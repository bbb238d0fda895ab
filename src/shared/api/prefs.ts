import { z } from 'zod';
import { defineCall } from './define';

/**
 * Small user choices the app remembers between runs (not secrets, not settings with rules of
 * their own). Each key has its own value schema in the core (`core/prefs`).
 */
export const prefKeySchema = z.enum(['language', 'send.lastJob']);
export type PrefKey = z.infer<typeof prefKeySchema>;

export const prefValueSchema = z.union([z.string().max(200), z.number(), z.boolean(), z.null()]);
export type PrefValue = z.infer<typeof prefValueSchema>;

const prefOutput = z.object({ key: prefKeySchema, value: prefValueSchema });

export const prefsCalls = {
  /** The stored value, or null when the user never chose one. */
  'prefs.get': defineCall(z.object({ key: prefKeySchema }), prefOutput),
  /** Stores a value (null forgets it); a value the key does not accept is refused. */
  'prefs.set': defineCall(z.object({ key: prefKeySchema, value: prefValueSchema }), prefOutput),
};
