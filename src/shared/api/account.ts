import { z } from 'zod';
import { signNameSchema } from '../signs';
import { accountTypeSchema, frequencyRulesSchema, regionSchema } from '../domain';
import { defineCall, defineEvent } from './define';
import { modeSchema } from './app';

/**
 * Input shapes, checked before any call to Tencent. Messages are i18n keys (`account.validation.*`)
 * so the renderer can show them next to the field (dispatch passes them through as
 * `details.issues[].message`).
 *
 * - SecretId: `AKID` + 10–60 letters/digits. Tencent's are `AKID` + 32 today; sub-user keys
 *   look the same. Pasted whitespace is trimmed.
 * - SecretKey: 16–128 printable characters without spaces (Tencent's are 32 mixed-case letters
 *   and digits).
 * - App Key (the legacy qcloudsms kind): 32 hexadecimal digits, as 短信控制台 → 应用管理 shows it.
 *   The two 32-character keys differ in shape: a SecretKey all in 0-9a-f is practically
 *   impossible (about 1 in 10^19), so a key pasted into the other kind's field is recognised
 *   and explained instead of failing at Tencent.
 * - SDK AppID: 10 digits starting with 14 (e.g. 1400123456), as shown in 短信控制台 → 应用管理.
 */
export const SECRET_ID_PATTERN = /^AKID[0-9A-Za-z]{10,60}$/;
export const SDK_APP_ID_PATTERN = /^14\d{8}$/;
export const SECRET_KEY_PATTERN = /^[\x21-\x7e]{16,128}$/;
export const APP_KEY_PATTERN = /^[0-9a-fA-F]{32}$/;

/** Which kind of account: API 3.0 (SecretId + SecretKey) or the legacy App Key API. */
export const accountKindSchema = z.enum(['apiKey', 'appKey']);
export type AccountKind = z.infer<typeof accountKindSchema>;

/** What a pasted key looks like, so a key put into the wrong field can be explained. */
export function keyShape(raw: string): 'secretId' | 'appKey' | 'secretKey' | 'other' {
  const s = raw.trim();
  if (SECRET_ID_PATTERN.test(s)) return 'secretId';
  if (APP_KEY_PATTERN.test(s)) return 'appKey';
  if (SECRET_KEY_PATTERN.test(s)) return 'secretKey';
  return 'other';
}

export const secretIdSchema = z
  .string()
  .trim()
  .regex(SECRET_ID_PATTERN, { message: 'account.validation.secretId' });
export const sdkAppIdSchema = z
  .string()
  .trim()
  .regex(SDK_APP_ID_PATTERN, { message: 'account.validation.sdkAppId' });
export const secretKeySchema = z
  .string()
  .trim()
  .regex(SECRET_KEY_PATTERN, { message: 'account.validation.secretKey' })
  .refine((v) => keyShape(v) !== 'appKey', { message: 'account.validation.secretKeyIsAppKey' });
export const appKeySchema = z
  .string()
  .trim()
  .superRefine((v, ctx) => {
    const shape = keyShape(v);
    if (shape === 'appKey') return;
    const message =
      shape === 'secretId'
        ? 'account.validation.appKeyIsSecretId'
        : shape === 'secretKey'
          ? 'account.validation.appKeyIsSecretKey'
          : 'account.validation.appKey';
    ctx.addIssue({ code: 'custom', message });
  });
/** The default sign: see signs.ts (brackets stripped, a bracket inside refused). */
export { signNameSchema };

export const storedSchema = z.enum(['keychain', 'session', 'none']);
export type Stored = z.infer<typeof storedSchema>;

export const keychainStatusSchema = z.object({
  available: z.boolean(),
  /** Secret-free reason (`no-session-bus`, `no-provider`, `locked`, …) when not available. */
  reason: z.string().optional(),
});

/** The account's non-secret settings as the renderer sees them (no SecretId, no SecretKey). */
export const publicProfileSchema = z.object({
  sdkAppId: z.string(),
  region: regionSchema,
  defaultSign: z.string().nullable(),
  international: z.boolean(),
  accountType: accountTypeSchema,
  /** Per-variable character limit for non-verification templates; null = no limit. */
  variableMaxLength: z.number().int().min(1).max(500).nullable(),
  frequencyRules: frequencyRulesSchema,
  verified: z.boolean(),
  /** ms since epoch of the last successful connection test. */
  verifiedAt: z.number().nullable(),
});
export type PublicProfile = z.infer<typeof publicProfileSchema>;

export const accountStatusSchema = z.object({
  /** The mode in effect: 'account' only while a usable SecretKey is held. */
  mode: modeSchema,
  stored: storedSchema,
  /** `AKID…Ab12`: enough to recognise the key, never enough to use it. Null for App Key accounts. */
  secretIdMasked: z.string().nullable(),
  /** The saved account's kind; absent when there is none (and from builds before the App Key kind). */
  kind: accountKindSchema.optional(),
  profile: publicProfileSchema.nullable(),
  keychain: keychainStatusSchema,
  verified: z.boolean(),
  /** A profile exists but its SecretKey is not available (session-only after a restart, or
   * the keychain entry was removed outside the app): the user must enter it again. */
  needsSecret: z.boolean(),
});
export type AccountStatus = z.infer<typeof accountStatusSchema>;

/** What exactly is wrong, in words the wizard can explain (`account.test.<problem>`). */
export const connectionProblemSchema = z.enum([
  'wrongKey',
  'keyNotFound',
  'notApiKey',
  'appNotInAccount',
  'appDisabled',
  'ipNotAllowed',
  'clockSkew',
  'permissionDenied',
  'arrears',
  'rateLimited',
  'networkDown',
  'serviceError',
  // The legacy App Key kind: its sig did not verify, its SDK AppID is unknown, or the legacy
  // endpoint turned the request away (Tencent may switch it off).
  'wrongAppKey',
  'appIdUnknown',
  'legacyRefused',
  'other',
]);
export type ConnectionProblem = z.infer<typeof connectionProblemSchema>;

export const connectionTestSchema = z.object({
  ok: z.boolean(),
  problem: connectionProblemSchema.nullable(),
  /** Tencent's error code (or the transport's) for support; never a message text. */
  code: z.string().nullable(),
  /** Personal (individually verified) accounts cannot list templates: not fatal, templates
   * are entered by hand later. */
  personalCannotListTemplates: z.boolean(),
  signs: z.number().int().nullable(),
  templates: z.number().int().nullable(),
  /** The legacy App Key kind has no template or sign lists: they are added by hand. */
  manualTemplates: z.boolean().optional(),
});
export type ConnectionTest = z.infer<typeof connectionTestSchema>;

const connectionFields = z.object({
  /** Default `apiKey`: SecretId + SecretKey. `appKey`: the legacy SDK AppID + App Key. */
  kind: accountKindSchema.default('apiKey'),
  sdkAppId: sdkAppIdSchema,
  /** Required for the `apiKey` kind; ignored for `appKey`. */
  secretId: secretIdSchema.optional(),
  /** Omitted: use the stored SecretKey of the same SecretId (e.g. to re-test or change App ID). */
  secretKey: secretKeySchema.optional(),
  /** The `appKey` kind's secret. Omitted: use the stored App Key of the same SDK AppID. */
  appKey: appKeySchema.optional(),
  region: regionSchema,
});

function kindNeeds(
  v: { kind: AccountKind; secretId?: string | undefined },
  ctx: z.RefinementCtx,
): void {
  if (v.kind === 'apiKey' && v.secretId === undefined) {
    ctx.addIssue({ code: 'custom', path: ['secretId'], message: 'account.validation.secretId' });
  }
}

export const connectionInputSchema = connectionFields.superRefine(kindNeeds);
export type ConnectionInput = z.input<typeof connectionInputSchema>;

export const saveInputSchema = connectionFields
  .extend({
    /** Save even though Tencent could not be reached (offline); marked not verified. A key that
     * Tencent rejects is never saved. */
    saveUnverified: z.boolean().default(false),
    /** Keep the secret in memory only (required when the keychain is unavailable). */
    sessionOnly: z.boolean().default(false),
  })
  .superRefine(kindNeeds);
export type SaveInput = z.input<typeof saveInputSchema>;

export const saveResultSchema = z.object({
  saved: z.boolean(),
  test: connectionTestSchema,
  status: accountStatusSchema,
});

export const settingsInputSchema = z
  .object({
    region: regionSchema,
    defaultSign: signNameSchema.nullable(),
    international: z.boolean(),
    accountType: accountTypeSchema,
    variableMaxLength: z.number().int().min(1).max(500).nullable(),
    frequencyRules: frequencyRulesSchema,
  })
  .partial();
export type SettingsInput = z.input<typeof settingsInputSchema>;

export const accountCalls = {
  'account.status': defineCall(z.undefined(), accountStatusSchema),
  'account.testConnection': defineCall(connectionInputSchema, connectionTestSchema),
  'account.save': defineCall(saveInputSchema, saveResultSchema),
  'account.updateSettings': defineCall(settingsInputSchema, accountStatusSchema),
  'account.remove': defineCall(z.undefined(), accountStatusSchema),
  'account.usePractice': defineCall(z.undefined(), accountStatusSchema),
  /** Tests the saved account with its held key; a pass marks it verified (e.g. saved offline). */
  'account.retest': defineCall(
    z.undefined(),
    z.object({ test: connectionTestSchema, status: accountStatusSchema }),
  ),
  /** Back from practice mode to the saved account (needs its SecretKey to be available). */
  'account.useAccount': defineCall(z.undefined(), accountStatusSchema),
};

export const accountEvents = {
  'account.changed': defineEvent(accountStatusSchema),
};
