import { z } from 'zod';

/**
 * Core domain vocabulary shared by all processes. Rule functions live in their own modules
 * (phone.ts, template.ts, segments.ts, frequency.ts); this file only names things.
 */

/** Per-number frequency limits of one SdkAppId (Tencent defaults: 1 / 30 s, 5 / h, 10 / day). */
export const frequencyRulesSchema = z.object({
  perThirtySeconds: z.number().int().min(1).max(1000),
  perHour: z.number().int().min(1).max(10000),
  perDay: z.number().int().min(1).max(100000),
});
export type FrequencyRules = z.infer<typeof frequencyRulesSchema>;
export const DEFAULT_FREQUENCY_RULES: FrequencyRules = {
  perThirtySeconds: 1,
  perHour: 5,
  perDay: 10,
};

export const accountTypeSchema = z.enum(['personal', 'enterprise']);
export type AccountType = z.infer<typeof accountTypeSchema>;

export const templateKindSchema = z.enum(['verification', 'notification', 'marketing']);
export type TemplateKind = z.infer<typeof templateKindSchema>;

/** Review status as the app uses it (Tencent: 0 approved, 1 reviewing, 2 approved pending, -1 rejected). */
export const reviewStatusSchema = z.enum(['approved', 'reviewing', 'pending', 'rejected']);
export type ReviewStatus = z.infer<typeof reviewStatusSchema>;

export const regionSchema = z.enum(['ap-guangzhou', 'ap-beijing', 'ap-nanjing']);
export type Region = z.infer<typeof regionSchema>;

/** Beijing time has no daylight saving: a fixed UTC+8 offset. */
export const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;
