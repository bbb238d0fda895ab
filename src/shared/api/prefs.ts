import { z } from 'zod';
import { defineCall, defineEvent } from './define';

/**
 * Small user choices the app remembers between runs (not secrets, not settings with rules of
 * their own). Each key has its own value schema in the core (`core/prefs`).
 */
export const prefKeySchema = z.enum([
  'language',
  'send.lastJob',
  // The desktop shell and scheduled sends (core/prefs/desktop.ts).
  'lastPage',
  'closeToTray',
  'trayExplained',
  'notifications',
  'openAtLogin',
  'openAtLoginOffered',
  'scheduleGraceMinutes',
  'windowBounds',
]);
export type PrefKey = z.infer<typeof prefKeySchema>;

/** Where the window was, to open it there again (the shell clamps it to a visible display). */
export const windowBoundsSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(200).max(20_000),
  height: z.number().int().min(200).max(20_000),
  maximized: z.boolean().default(false),
});
export type WindowBounds = z.infer<typeof windowBoundsSchema>;

export const prefValueSchema = z.union([
  z.string().max(200),
  z.number(),
  z.boolean(),
  windowBoundsSchema,
  z.null(),
]);
export type PrefValue = z.infer<typeof prefValueSchema>;

const prefOutput = z.object({ key: prefKeySchema, value: prefValueSchema });

export const prefsCalls = {
  /** The stored value, or null when the user never chose one. */
  'prefs.get': defineCall(z.object({ key: prefKeySchema }), prefOutput),
  /** Stores a value (null forgets it); a value the key does not accept is refused. */
  'prefs.set': defineCall(z.object({ key: prefKeySchema, value: prefValueSchema }), prefOutput),
};

export const prefsEvents = {
  /** A preference changed (the shell applies the login item and the tray choice at once). */
  'prefs.changed': defineEvent(prefOutput),
};
