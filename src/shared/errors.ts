import { z } from 'zod';

/**
 * What crosses IPC when a call fails: a stable code, a message-catalog key the renderer
 * translates, and optional details for interpolation. Never a stack, never a secret.
 */
export const errorInfoSchema = z.object({
  code: z.string(),
  messageKey: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type ErrorInfo = z.infer<typeof errorInfoSchema>;

/** An expected failure the user should be told about, thrown anywhere in core. */
export class AppError extends Error {
  readonly code: string;
  readonly messageKey: string;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, messageKey: string, details?: Record<string, unknown>) {
    super(code);
    this.name = 'AppError';
    this.code = code;
    this.messageKey = messageKey;
    this.details = details;
  }

  toInfo(): ErrorInfo {
    return this.details === undefined
      ? { code: this.code, messageKey: this.messageKey }
      : { code: this.code, messageKey: this.messageKey, details: this.details };
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };
