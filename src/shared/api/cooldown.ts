import { z } from 'zod';
import type { Cooldown } from '../frequency';
import { defineCall, defineEvent } from './define';

/** E.164, as every core call stores numbers. */
const e164 = z.string().regex(/^\+[1-9]\d{4,16}$/);

/**
 * When one number may receive again. `allowedAt` is absolute (ms since epoch) so the renderer
 * can tick a countdown locally; `reason` names the window that holds it (null when free now).
 */
export const cooldownItemSchema = z.object({
  phone: z.string(),
  allowedAt: z.number(),
  // A string on the wire: a renderer older or newer than the core shows an unknown reason as
  // "other" instead of failing the whole answer.
  reason: z.string().nullable(),
  counts: z.object({ s30: z.number().int(), h1: z.number().int(), day: z.number().int() }),
});
/** A number's `Cooldown` (src/shared/frequency.ts, the one type), as calls and events carry it. */
export type CooldownItem = z.infer<typeof cooldownItemSchema>;
/** Every `Cooldown` is a valid item once its number is added (checked by the compiler). */
export const cooldownItemOf = (phone: string, cooldown: Cooldown): CooldownItem => ({
  phone,
  ...cooldown,
});

export const cooldownListInputSchema = z.object({
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(10_000).default(500),
});

export const cooldownCalls = {
  /** State of up to 10,000 numbers at once (one statement on the core side). */
  'cooldown.query': defineCall(
    z.object({ phones: z.array(e164).max(10_000) }),
    z.object({ items: z.array(cooldownItemSchema), now: z.number() }),
  ),
  /** Numbers cooling down now, soonest release first, paged. */
  'cooldown.list': defineCall(
    cooldownListInputSchema,
    z.object({ items: z.array(cooldownItemSchema), total: z.number().int(), now: z.number() }),
  ),
};

export const cooldownEvents = {
  /** Pushed after every recorded send or server-reported block, for the numbers it touched. */
  'cooldown.changed': defineEvent(z.object({ items: z.array(cooldownItemSchema) })),
};
