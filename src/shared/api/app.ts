import { z } from 'zod';
import { defineCall, defineEvent } from './define';

export const modeSchema = z.enum(['practice', 'account']);

export const appInfoSchema = z.object({
  version: z.string(),
  dataDir: z.string(),
  platform: z.string(),
  mode: modeSchema,
  keychain: z.object({
    available: z.boolean(),
    /** A short, secret-free reason when the keychain cannot be used. */
    reason: z.string().optional(),
  }),
  /**
   * A development override sends API calls somewhere other than Tencent (never in a packaged
   * app); the UI shows a banner with it while it is set.
   */
  endpointOverride: z.string().nullable(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

export const appCalls = {
  'app.info': defineCall(z.undefined(), appInfoSchema),
};

export const appEvents = {
  'app.modeChanged': defineEvent(z.object({ mode: modeSchema })),
};
