import type { z } from 'zod';

/**
 * Characters no typed text needs and an attacker likes: C0/C1 controls (NUL ends a string in
 * C code and in some Tencent backends) and the bidirectional overrides and isolates, which make
 * a sign name or an SMS read differently from what is stored ("Trojan Source").
 */
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_SINGLE_LINE = /[\u0000-\u001f\u007f-\u009f]/;
/** Multi-line text (template content) keeps tab and line breaks. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_MULTI_LINE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** The catalog key of the message a field shows for such a character. */
export const UNSAFE_TEXT_MESSAGE = 'errors.unsafeCharacters';

export function hasUnsafeCharacters(text: string, multiline = false): boolean {
  return BIDI.test(text) || (multiline ? CONTROL_MULTI_LINE : CONTROL_SINGLE_LINE).test(text);
}

/** The shared refinement every free-text input of the contract goes through. */
export function safeText<T extends z.ZodType<string>>(schema: T, multiline = false): T {
  return schema.refine((v) => !hasUnsafeCharacters(v, multiline), {
    message: UNSAFE_TEXT_MESSAGE,
  }) as T;
}
