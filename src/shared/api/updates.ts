import { z } from 'zod';
import { defineCall } from './define';

/** Automatic updates (设置 → 自动更新). The check sends only the app's version and platform. */
export const updateSettingsSchema = z.object({ enabled: z.boolean() });
export type UpdateSettings = z.infer<typeof updateSettingsSchema>;

export const updatesCalls = {
  'updates.settings': defineCall(z.undefined(), updateSettingsSchema),
  'updates.setEnabled': defineCall(updateSettingsSchema, updateSettingsSchema),
};
