import { z } from 'zod';
import type { ReviewStatus } from './domain';
import { safeText } from './safe-text';

/**
 * Sign names as users type them: often pasted with their 【】 and stray spaces. Tencent wants
 * the bare name; brackets left inside it would be sent and fail every number.
 */
export function cleanSignName(input: string): string {
  return input
    .trim()
    .replace(/^[【\s]+/, '')
    .replace(/[】\s]+$/, '')
    .trim();
}

/** True when a cleaned name still holds a bracket (e.g. "店【名"): refused, never sent. */
export const signHasBrackets = (name: string): boolean => /[【】]/.test(name);

export interface KnownSign {
  signName: string;
  international: boolean;
  status: ReviewStatus;
}

export type SignRefusal =
  | { code: 'sign_brackets'; messageKey: 'templates.errors.signBrackets' }
  | {
      code: 'sign_not_approved';
      messageKey: 'templates.errors.signNotApproved';
      status: ReviewStatus;
    };

/**
 * Whether a send may use this sign, decided before any request: a sign the app itself lists as
 * under review or rejected fails every number at Tencent. A sign the app does not know (no
 * list synced, nothing added by hand) is left to Tencent to judge.
 */
export function signRefusal(
  signName: string,
  known: readonly KnownSign[],
  international?: boolean,
): SignRefusal | null {
  const name = cleanSignName(signName);
  if (signHasBrackets(name))
    return { code: 'sign_brackets', messageKey: 'templates.errors.signBrackets' };
  const same = known.filter(
    (s) =>
      s.signName === name && (international === undefined || s.international === international),
  );
  if (same.length === 0 || same.some((s) => s.status === 'approved')) return null;
  return {
    code: 'sign_not_approved',
    messageKey: 'templates.errors.signNotApproved',
    status: same[0]!.status,
  };
}

/**
 * A typed sign name: brackets and spaces around it are dropped, brackets left inside refuse
 * it. Used by every form and call that takes a sign, so 设置, the send page and batch agree.
 */
export const signNameSchema = safeText(
  z
    .string()
    .overwrite(cleanSignName)
    .min(2, { message: 'account.validation.signName' })
    .max(20, { message: 'account.validation.signName' })
    .refine((s) => !signHasBrackets(s), { message: 'account.validation.signBrackets' }),
);
