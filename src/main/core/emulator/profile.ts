import { readFileSync } from 'node:fs';
import { z } from 'zod';
import defaultProfileJson from './default-profile.json';

/** The emulator's starting state: accounts, signs, templates, limits and quotas. */

const accountSchema = z.object({
  secretId: z.string().min(1),
  secretKey: z.string().min(1),
  sdkAppId: z.string().min(1),
  region: z.string().default('ap-guangzhou'),
  /** Personal (individual-verified) accounts cannot list signs/templates. */
  accountType: z.enum(['enterprise', 'personal']).default('enterprise'),
  /** A disabled key answers AuthFailure.SecretIdNotFound, like a key switched off in CAM. */
  disabled: z.boolean().default(false),
  /** Simulates an API-key IP allow-list that excludes this machine. */
  ipNotInWhitelist: z.boolean().default(false),
  /**
   * The application's legacy App Key (32 hex digits): with it the account is reachable through
   * the legacy `/v5/tlssmssvr/*` endpoints too, signed with `sig`.
   */
  appKey: z
    .string()
    .regex(/^[0-9a-f]{32}$/)
    .optional(),
});

const signSchema = z.object({
  signId: z.number().int(),
  signName: z.string().min(1),
  /** 0 usable, 1 under review, 2 approved but pending, -1 rejected. */
  statusCode: z.number().int(),
  international: z.number().int().default(0),
  reviewReply: z.string().default(''),
  createTime: z.number().int().default(0),
});

const templateSchema = z.object({
  templateId: z.string().regex(/^\d+$/),
  name: z.string(),
  kind: z.enum(['verification', 'notification', 'marketing']),
  content: z.string(),
  /** 0 approved, 1 under review, 2 approved but pending, -1 rejected. */
  statusCode: z.number().int(),
  international: z.number().int().default(0),
  reviewReply: z.string().default(''),
  createTime: z.number().int().default(0),
});

const packageSchema = z.object({
  packageId: z.number().int(),
  /** 0 gift, 1 purchased. */
  packageType: z.number().int().default(0),
  amount: z.number().int().nonnegative(),
  used: z.number().int().nonnegative().default(0),
  createTime: z.number().int(),
  effectiveTime: z.number().int(),
  expiredTime: z.number().int(),
});

export const profileSchema = z.object({
  accounts: z.array(accountSchema).min(1),
  signs: z.array(signSchema).default([]),
  templates: z.array(templateSchema).default([]),
  limits: z
    .object({
      thirtySecond: z.number().int().positive().default(1),
      oneHour: z.number().int().positive().default(5),
      daily: z.number().int().positive().default(10),
    })
    .default({ thirtySecond: 1, oneHour: 5, daily: 10 }),
  /** Max characters per variable of non-verification templates. */
  variableMaxLength: z.number().int().positive().default(12),
  /** E.164 numbers on the unsubscribe/do-not-disturb list. */
  blacklist: z.array(z.string()).default([]),
  packages: z.array(packageSchema).default([]),
  receiptDelayMs: z.number().int().nonnegative().default(1500),
  receiptFailShare: z.number().min(0).max(1).default(0.05),
});

export type EmulatorProfile = z.infer<typeof profileSchema>;
export type ProfileAccount = EmulatorProfile['accounts'][number];
export type ProfileSign = EmulatorProfile['signs'][number];
export type ProfileTemplate = EmulatorProfile['templates'][number];
export type ProfilePackage = EmulatorProfile['packages'][number];

export function parseProfile(data: unknown): EmulatorProfile {
  return profileSchema.parse(data);
}

export function loadProfile(file: string): EmulatorProfile {
  return parseProfile(JSON.parse(readFileSync(file, 'utf8')));
}

/** The practice-mode profile (fixed practice credentials; not real secrets). */
export const defaultProfile: EmulatorProfile = parseProfile(defaultProfileJson);
