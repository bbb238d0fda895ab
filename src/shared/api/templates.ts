import { z } from 'zod';
import { safeText } from '../safe-text';
import { reviewStatusSchema, templateKindSchema } from '../domain';
import { defineCall } from './define';
import { signNameSchema } from '../signs';
import { variableKindSchema } from '../variables';

/** Where a cached template or sign came from: the account's list, or typed in by hand. */
export const catalogSourceSchema = z.enum(['synced', 'manual']);

export const templateVariableSchema = z.object({
  kind: variableKindSchema,
  /** The user's name for it ('' when none). */
  label: z.string(),
  /** What the text says it stands for: `templates.variableLabel.<labelKey>` (name, minutes…). */
  labelKey: z.string(),
  /** True when the user chose the kind; false when it is inferred from the text. */
  chosen: z.boolean(),
});
export type TemplateVariable = z.infer<typeof templateVariableSchema>;

export const templateSchema = z.object({
  templateId: z.string(),
  name: z.string(),
  content: z.string(),
  international: z.boolean(),
  status: reviewStatusSchema,
  /** Tencent's review reply, kept verbatim so the user sees why a template cannot be used. */
  reviewReply: z.string(),
  /** ms since epoch, when Tencent created it (null for manual entries). */
  createdAt: z.number().nullable(),
  source: catalogSourceSchema,
  kind: templateKindSchema,
  /** True once the user chose the kind; a later sync never overrides it. */
  kindChosen: z.boolean(),
  /** Index i names placeholder {i+1}; '' means unnamed. */
  variableNames: z.array(z.string()),
  /**
   * What each placeholder means: its kind (the value rule) and label, either chosen by the user
   * or inferred from the words around it.
   */
  variables: z.array(templateVariableSchema),
  /** Index i is the kind the user chose for {i+1}; null: inferred (see `variables`). */
  variableKinds: z.array(variableKindSchema.nullable()),
  /** Only approved templates can be sent. */
  usable: z.boolean(),
  updatedAt: z.number(),
});
export type Template = z.infer<typeof templateSchema>;

export const signSchema = z.object({
  signName: z.string(),
  signId: z.number().nullable(),
  international: z.boolean(),
  status: reviewStatusSchema,
  reviewReply: z.string(),
  createdAt: z.number().nullable(),
  source: catalogSourceSchema,
  usable: z.boolean(),
  updatedAt: z.number(),
});
export type Sign = z.infer<typeof signSchema>;

/** One list that could not be fetched during a sync; the cache keeps its previous rows. */
export const syncProblemSchema = z.object({
  list: z.enum(['templates', 'signs']),
  international: z.boolean(),
  code: z.string(),
  /** Catalog key the renderer translates (e.g. templates.errors.notEnterprise). */
  messageKey: z.string(),
});
export type SyncProblem = z.infer<typeof syncProblemSchema>;

export const syncStatusSchema = z.object({
  at: z.number(),
  /** The app the lists came from; switching account (or practice mode) replaces them. */
  sdkAppId: z.string().optional(),
  /** The account cannot list templates (personal verification): add them by hand. */
  personal: z.boolean(),
  problems: z.array(syncProblemSchema),
  templates: z.number().int(),
  signs: z.number().int(),
});
export type SyncStatus = z.infer<typeof syncStatusSchema>;

const templateKey = z.object({
  templateId: z
    .string()
    .trim()
    .regex(/^\d{1,12}$/),
});

const contentSchema = safeText(z.string().trim().min(1).max(500), true);
const nameSchema = safeText(z.string().trim().max(100));
const variableNamesSchema = z.array(safeText(z.string().trim().max(20))).max(50);

export const addTemplateInputSchema = templateKey.extend({
  content: contentSchema,
  kind: templateKindSchema.optional(),
  name: nameSchema.optional(),
  international: z.boolean().default(false),
  variableNames: variableNamesSchema.optional(),
  /** Index i is the kind of {i+1}; null: infer it from the text. */
  variableKinds: z.array(variableKindSchema.nullable()).max(50).optional(),
});

export const updateTemplateInputSchema = templateKey.extend({
  kind: templateKindSchema.optional(),
  variableNames: variableNamesSchema.optional(),
  variableKinds: z.array(variableKindSchema.nullable()).max(50).optional(),
  name: nameSchema.optional(),
  /** Manual templates only: the content as approved in the console. */
  content: contentSchema.optional(),
});

export const addSignInputSchema = z.object({
  signName: signNameSchema,
  international: z.boolean().default(false),
});

export const templatesCalls = {
  'templates.sync': defineCall(z.undefined(), syncStatusSchema),
  'templates.list': defineCall(
    z.undefined(),
    z.object({ templates: z.array(templateSchema), lastSync: syncStatusSchema.nullable() }),
  ),
  'templates.add': defineCall(addTemplateInputSchema, templateSchema),
  'templates.update': defineCall(updateTemplateInputSchema, templateSchema),
  'templates.remove': defineCall(templateKey, z.object({ removed: z.boolean() })),
  'signs.list': defineCall(z.undefined(), z.object({ signs: z.array(signSchema) })),
  'signs.add': defineCall(addSignInputSchema, signSchema),
  'signs.remove': defineCall(
    z.object({ signName: z.string(), international: z.boolean().default(false) }),
    z.object({ removed: z.boolean() }),
  ),
};
