import { z } from 'zod';
import { defineCall, defineEvent } from './define';

/** Receipts, replies and the do-not-send list (core/inbound, core/optout). */

const e164 = z.string().regex(/^\+[1-9]\d{4,16}$/);
const page = {
  search: z.string().trim().max(100).default(''),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(50),
};
const language = z.enum(['zh-CN', 'en-US']).default('zh-CN');

export const replyRowSchema = z.object({
  id: z.number().int(),
  phone: z.string(),
  text: z.string(),
  sign: z.string(),
  extendCode: z.string(),
  repliedAt: z.number(),
  /** The reply was an opt-out keyword: the number joined the do-not-send list. */
  optOut: z.boolean(),
});
export type ReplyRow = z.infer<typeof replyRowSchema>;

export const optOutSourceSchema = z.enum(['reply', 'refusal', 'manual', 'import']);
export const optOutRowSchema = z.object({
  phone: z.string(),
  source: optOutSourceSchema,
  note: z.string(),
  addedAt: z.number(),
});
export type OptOutRow = z.infer<typeof optOutRowSchema>;

export const otherReceiptSchema = z.object({
  serialNo: z.string(),
  phone: z.string(),
  delivered: z.boolean(),
  description: z.string(),
  receivedAt: z.number(),
});

const exportOut = z.object({ path: z.string().nullable(), count: z.number().int() });
const addOut = z.object({
  added: z.number().int(),
  /** Already on the list. */
  already: z.number().int(),
  /** Entries that are not phone numbers, as given (the first 200). */
  invalid: z.array(z.string()),
  invalidCount: z.number().int(),
});

export const inboundCalls = {
  'replies.list': defineCall(
    z.object(page),
    z.object({ rows: z.array(replyRowSchema), total: z.number().int() }),
  ),
  'replies.export': defineCall(z.strictObject({ language }), exportOut),
  /** Receipts for serial numbers no job of ours sent (sends made elsewhere, same account). */
  'receipts.other': defineCall(
    z.object({ offset: page.offset, limit: page.limit }),
    z.object({ rows: z.array(otherReceiptSchema), total: z.number().int() }),
  ),
  'inbound.status': defineCall(
    z.undefined(),
    z.object({ lastPullAt: z.number().nullable(), lastError: z.string().nullable() }),
  ),
  /** 立即检查: pulls receipts and replies now instead of waiting for the schedule. */
  'inbound.pullNow': defineCall(
    z.undefined(),
    z.object({
      receipts: z.number().int(),
      replies: z.number().int(),
      lastError: z.string().nullable(),
    }),
  ),
  'optout.list': defineCall(
    z.object(page),
    z.object({ rows: z.array(optOutRowSchema), total: z.number().int() }),
  ),
  /** Pasted numbers (any separators, as the send page accepts them). */
  'optout.add': defineCall(
    z.strictObject({ text: z.string().max(2_000_000), note: z.string().max(200).default('') }),
    addOut,
  ),
  'optout.remove': defineCall(
    z.strictObject({ phones: z.array(e164).min(1).max(10_000) }),
    z.object({ removed: z.number().int() }),
  ),
  /** A spreadsheet the user picked (a grant, as for batch imports): its phone column joins. */
  'optout.import': defineCall(
    z.strictObject({ grant: z.string().min(1).max(200), note: z.string().max(200).default('') }),
    addOut,
  ),
  'optout.export': defineCall(z.strictObject({ language }), exportOut),
  'optout.keywords': defineCall(
    z.undefined(),
    z.object({ keywords: z.array(z.string()), defaults: z.array(z.string()) }),
  ),
  'optout.setKeywords': defineCall(
    z.strictObject({ keywords: z.array(z.string().max(100)).max(200) }),
    z.object({ keywords: z.array(z.string()) }),
  ),
  /** Delivery counts of one job (its delivery rate). */
  'receipts.forJob': defineCall(
    z.strictObject({ jobId: z.number().int() }),
    z.object({
      delivered: z.number().int(),
      failed: z.number().int(),
      waiting: z.number().int(),
      expired: z.number().int(),
    }),
  ),
};

export const inboundEvents = {
  /** New receipts or replies were stored: screens showing them refresh. */
  'inbound.changed': defineEvent(
    z.object({ receipts: z.number().int(), replies: z.number().int() }),
  ),
};
