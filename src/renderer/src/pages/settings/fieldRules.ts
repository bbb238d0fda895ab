import type { RuleObject } from 'antd/es/form';
import type { TFunction } from 'i18next';
import type { z } from 'zod';

/** An antd Form rule from a shared zod schema, so the field shows the same message core would. */
export function zodRule(schema: z.ZodType, t: TFunction, optional = false): RuleObject {
  return {
    validator: (_rule, value: unknown) => {
      if (optional && (value === undefined || value === null || value === ''))
        return Promise.resolve();
      if (value === undefined || value === null || value === '')
        return Promise.reject(new Error(t('account.validation.required')));
      const r = schema.safeParse(value);
      if (r.success) return Promise.resolve();
      return Promise.reject(new Error(t(r.error.issues[0]?.message ?? 'errors.invalidInput')));
    },
  };
}
