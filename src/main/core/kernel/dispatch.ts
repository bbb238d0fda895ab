import { ZodError } from 'zod';
import { calls, isCallName } from '../../../shared/api';
import { isAppError, type ErrorInfo, type Result } from '../../../shared/errors';
import type { Handlers } from './handlers';
import type { Logger } from './log';
import { storageErrorInfo } from '../store/errors';

/** Compact, secret-free description of what was wrong with an input. */
function zodIssues(e: ZodError): { path: string; message: string }[] {
  return e.issues.slice(0, 20).map((i) => ({ path: i.path.join('.'), message: i.message }));
}

export const invalidInput = (e: ZodError): ErrorInfo => ({
  code: 'invalid_input',
  messageKey: 'errors.invalidInput',
  details: { issues: zodIssues(e) },
});

/**
 * The one door into core for every call, used by the Electron IPC layer and the browser
 * harness alike: unknown names are refused, input is `unknown` until the contract's schema
 * parses it, and failures become `{code, messageKey, details}` without a stack or a secret.
 */
export async function dispatch(
  handlers: Handlers,
  name: unknown,
  input: unknown,
  logger?: Logger,
): Promise<Result<unknown>> {
  if (!isCallName(name)) {
    return { ok: false, error: { code: 'unknown_call', messageKey: 'errors.unknownCall' } };
  }
  const def = calls[name];
  const parsed = def.input.safeParse(input);
  if (!parsed.success) return { ok: false, error: invalidInput(parsed.error) };
  try {
    const handler = handlers[name] as (i: unknown) => unknown;
    const value = await handler(parsed.data);
    const out = def.output.safeParse(value);
    if (!out.success) {
      logger?.error(`output of ${name} does not match the contract`, {
        issues: zodIssues(out.error),
      });
      return { ok: false, error: { code: 'internal', messageKey: 'errors.internal' } };
    }
    return { ok: true, value: out.data };
  } catch (e) {
    if (isAppError(e)) return { ok: false, error: e.toInfo() };
    if (e instanceof ZodError) return { ok: false, error: invalidInput(e) };
    // A full, read-only, corrupt or busy database says so, whichever call ran into it.
    const storage = storageErrorInfo(e);
    if (storage) {
      logger?.error(`call ${name} failed: storage`, { code: storage.code });
      return { ok: false, error: storage };
    }
    // Unexpected: log the name only (messages of foreign errors may carry anything).
    logger?.error(`call ${name} failed`, {
      error: e instanceof Error ? `${e.name}: ${e.message}` : typeof e,
    });
    return { ok: false, error: { code: 'internal', messageKey: 'errors.internal' } };
  }
}
