import type { Logger } from './log';

/**
 * Wraps background work (a timer, a deferred task) so that a failure is logged and the process
 * keeps going: an exception thrown from a timer callback in Electron's main process would end
 * the app with a stack-trace dialog. The message is kept short: foreign texts may carry anything.
 */
export function guarded(logger: Logger, label: string, task: () => unknown): () => void {
  const report = (e: unknown) =>
    logger.error(`background task failed: ${label}`, {
      error: e instanceof Error ? `${e.name}: ${e.message}`.slice(0, 300) : typeof e,
      code: (e as { code?: unknown })?.code,
    });
  return () => {
    try {
      const out = task();
      if (out instanceof Promise) out.catch(report);
    } catch (e) {
      report(e);
    }
  };
}
