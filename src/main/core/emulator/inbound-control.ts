import { z } from 'zod';
import { parseNumber } from './phone';
import { injectReply } from './replies';
import type { EmulatorState } from './state';

/**
 * Control of what comes back from customers and carriers: replies, the refusal list, and how
 * receipts behave (delay, failure share, withheld). Used by `/__emulator/{replies,blacklist,
 * receipts}` and by the in-process API of a running emulator.
 */

export const replySpecSchema = z.object({
  phone: z.string().min(1),
  // Stored exactly as given, empty text included: real replies can be odd.
  text: z.string(),
  sign: z.string().optional(),
  at: z.number().optional(),
  extendCode: z.string().optional(),
});
export type ReplySpec = z.infer<typeof replySpecSchema>;

export const blacklistSpecSchema = z.object({
  phone: z.string().min(1),
  /** false takes the number off the list again. */
  on: z.boolean().default(true),
});
export type BlacklistSpec = z.input<typeof blacklistSpecSchema>;

export const receiptSpecSchema = z.object({
  delayMs: z.number().int().nonnegative().optional(),
  failShare: z.number().min(0).max(1).optional(),
  /** true: sends from now on never get a receipt; false: they do again. */
  withhold: z.boolean().optional(),
});
export type ReceiptSpec = z.infer<typeof receiptSpecSchema>;

export function applyReply(state: EmulatorState, spec: ReplySpec): void {
  injectReply(state, spec);
}

export function applyBlacklist(state: EmulatorState, spec: BlacklistSpec): void {
  const s = blacklistSpecSchema.parse(spec);
  const e164 = parseNumber(s.phone).e164;
  if (s.on) state.blacklist.add(e164);
  else state.blacklist.delete(e164);
}

export function applyReceipts(state: EmulatorState, spec: ReceiptSpec): void {
  if (spec.delayMs !== undefined) state.receiptDelayMs = spec.delayMs;
  if (spec.failShare !== undefined) state.receiptFailShare = spec.failShare;
  if (spec.withhold !== undefined) state.withholdReceipts = spec.withhold;
}

const routes = {
  '/__emulator/replies': [replySpecSchema, applyReply],
  '/__emulator/blacklist': [blacklistSpecSchema, applyBlacklist],
  '/__emulator/receipts': [receiptSpecSchema, applyReceipts],
} as const;

/** Handles a POST to one of the routes above: null when the path is not one of them. */
export function inboundControl(
  state: EmulatorState,
  path: string,
  json: unknown,
): { status: number; body: unknown } | null {
  const route = routes[path as keyof typeof routes];
  if (!route) return null;
  const parsed = route[0].safeParse(json);
  if (!parsed.success) return { status: 400, body: { error: parsed.error.message } };
  (route[1] as (s: EmulatorState, v: unknown) => void)(state, parsed.data);
  return { status: 200, body: { ok: true } };
}
