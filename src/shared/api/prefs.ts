/**
 * Small preferences the app remembers between starts (not secrets, not account settings):
 * one call pair with a closed list of keys, each with its own schema.
 */
import { z } from 'zod';
import { defineCall, defineEvent } from './define';
import { DEFAULT_SCHEDULE_GRACE_MINUTES } from './schedule';

export const windowBoundsSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(200).max(20_000),
  height: z.number().int().min(200).max(20_000),
  maximized: z.boolean().default(false),
});
export type WindowBounds = z.infer<typeof windowBoundsSchema>;

export const prefSchemas = {
  language: z.enum(['zh-CN', 'en-US']),
  /** The renderer's last page (its menu key, such as `batch`). */
  lastPage: z.string().regex(/^[a-z]{1,20}$/),
  /** Closing the window with work pending keeps the app in the tray (false: quit as asked). */
  closeToTray: z.boolean(),
  /** The tray explanation was shown once. */
  trayExplained: z.boolean(),
  notifications: z.boolean(),
  openAtLogin: z.boolean(),
  /** 开机自动启动 was offered once, when the user first scheduled a send. */
  openAtLoginOffered: z.boolean(),
  scheduleGraceMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60),
  windowBounds: windowBoundsSchema,
};
export type PrefKey = keyof typeof prefSchemas;
export type PrefValue<K extends PrefKey> = z.infer<(typeof prefSchemas)[K]>;
export const prefKeySchema = z.enum(Object.keys(prefSchemas) as [PrefKey, ...PrefKey[]]);

/** What a key reads as before the user chose anything. */
export const prefDefaults: { [K in PrefKey]: PrefValue<K> | null } = {
  language: null,
  lastPage: null,
  closeToTray: true,
  trayExplained: false,
  notifications: true,
  openAtLogin: false,
  openAtLoginOffered: false,
  scheduleGraceMinutes: DEFAULT_SCHEDULE_GRACE_MINUTES,
  windowBounds: null,
};

/** Validates a value for its key; throws a ZodError when it does not fit. */
export const parsePref = <K extends PrefKey>(key: K, value: unknown): PrefValue<K> =>
  prefSchemas[key].parse(value) as PrefValue<K>;

const prefValue = z.union([z.string(), z.number(), z.boolean(), windowBoundsSchema, z.null()]);

export const prefsCalls = {
  /** Every preference (defaults filled in). */
  'prefs.get': defineCall(z.undefined(), z.record(prefKeySchema, prefValue)),
  /** Sets one preference; the value is checked against the key's own schema. */
  'prefs.set': defineCall(
    z
      .object({ key: prefKeySchema, value: z.unknown() })
      .refine((v) => prefSchemas[v.key].safeParse(v.value).success, {
        message: 'value does not fit the key',
        path: ['value'],
      }),
    z.object({ ok: z.literal(true) }),
  ),
};

export const prefsEvents = {
  /** A preference changed (the shell applies the login item and the tray choice). */
  'prefs.changed': defineEvent(z.object({ key: prefKeySchema, value: prefValue })),
};
