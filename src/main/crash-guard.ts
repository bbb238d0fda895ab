/**
 * The last line of defence in the main process: an exception nobody caught, or a promise
 * nobody awaited, must not end the app (Electron's default shows a stack trace and dies).
 * It is logged, the user sees one plain-language notice at a time, and the app keeps going:
 * the outbox journals every send before it leaves, so whatever was in flight is reconciled.
 */
export interface CrashGuardDeps {
  log(kind: 'uncaughtException' | 'unhandledRejection', error: unknown): void;
  /** Shows the plain notice; resolves when the user has dismissed it. */
  notify(): Promise<void>;
}

type ProcessLike = Pick<NodeJS.Process, 'on' | 'off'>;

export function installCrashGuards(proc: ProcessLike, deps: CrashGuardDeps): () => void {
  let showing = false;
  const handle = (kind: 'uncaughtException' | 'unhandledRejection') => (error: unknown) => {
    try {
      deps.log(kind, error);
    } catch {
      // Logging may be what failed (a full disk): the notice still goes up.
    }
    if (showing) return;
    showing = true;
    deps
      .notify()
      .catch(() => undefined)
      .finally(() => {
        showing = false;
      });
  };
  const onException = handle('uncaughtException');
  const onRejection = handle('unhandledRejection');
  proc.on('uncaughtException', onException);
  proc.on('unhandledRejection', onRejection);
  return () => {
    proc.off('uncaughtException', onException);
    proc.off('unhandledRejection', onRejection);
  };
}

/** What a log line may say about a foreign error: its kind, code and a short message. */
export function describeError(error: unknown): Record<string, unknown> {
  if (error instanceof Error) {
    return {
      name: error.name,
      code: (error as { code?: unknown }).code,
      message: error.message.slice(0, 300),
    };
  }
  return { type: typeof error };
}
