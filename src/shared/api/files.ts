import { z } from 'zod';
import type { Result } from '../errors';

/**
 * A file the user picked, as the renderer knows it: an opaque grant id for import calls, the
 * name and size to show. The path stays in main.
 */
export const fileGrantSchema = z.object({
  grant: z.string(),
  fileName: z.string(),
  sizeBytes: z.number().int(),
});
export type FileGrantInfo = z.infer<typeof fileGrantSchema>;
export type FileGrantResult = Result<FileGrantInfo>;

/**
 * The one IPC channel outside the call contract: the preload resolves a picked or dropped File
 * to its path (`webUtils.getPathForFile`, which only works on real user-chosen files) and main
 * answers a grant. It is not in `calls`, so `window.sms` has no method that takes a path.
 */
export const FILE_GRANT_CHANNEL = 'sms-files:grant';
