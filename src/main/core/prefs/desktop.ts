/** The desktop shell's and scheduled sends' preferences: what each accepts, and their defaults. */
import { z } from 'zod';
import { windowBoundsSchema, type PrefKey, type PrefValue } from '../../../shared/api/prefs';
import { DEFAULT_SCHEDULE_GRACE_MINUTES } from '../../../shared/api/schedule';

type DesktopKey = Exclude<PrefKey, 'language' | 'send.lastJob'>;

export const desktopPrefRules: Record<DesktopKey, z.ZodType<PrefValue>> = {
  /** The renderer's last page (its menu key, such as `batch`). */
  lastPage: z.string().regex(/^[a-z]{1,20}$/),
  /** Closing the window with work pending keeps the app in the tray (false: closing quits). */
  closeToTray: z.boolean(),
  /** The tray was explained once. */
  trayExplained: z.boolean(),
  notifications: z.boolean(),
  openAtLogin: z.boolean(),
  /** 开机自动启动 was offered once, when the user first scheduled a send. */
  openAtLoginOffered: z.boolean(),
  /** How late a scheduled job may still start on its own after the app was closed. */
  scheduleGraceMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60),
  windowBounds: windowBoundsSchema,
};

export const DEFAULT_GRACE_MS = DEFAULT_SCHEDULE_GRACE_MINUTES * 60_000;
