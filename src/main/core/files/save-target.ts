import { AppError } from '../../../shared/errors';

/**
 * Asks the user where to save an export (the shell's native save dialog, the harness's
 * downloads folder in tests) and answers the chosen absolute path, or null when cancelled.
 */
export type PickSavePath = (suggestedName: string) => Promise<string | null>;

/** Keeps a file name the OS will accept whatever the catalog or a job name put in it. */
export function safeFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = name.replace(/[\u0000-\u001f\u007f<>:"/\\|?*]/g, '_').trim();
  return cleaned.slice(0, 120) || 'export.csv';
}

export async function chooseSaveTarget(
  pick: PickSavePath | undefined,
  suggestedName: string,
): Promise<string | null> {
  if (!pick) throw new AppError('export_unavailable', 'errors.exportUnavailable');
  return pick(safeFileName(suggestedName));
}
