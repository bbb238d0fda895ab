import type { TFunction } from 'i18next';
import type { Template } from '../../../shared/api/templates';

/**
 * What to call placeholder {i+1} of a template, the same on every screen: the name the user gave
 * it in 设置, else what the words around it say it is (验证码, 分钟…), else 变量 n.
 */
export function variableLabel(
  template: Pick<Template, 'variableNames' | 'variables'> | undefined | null,
  i: number,
  t: TFunction,
): string {
  const named = template?.variableNames[i] || template?.variables[i]?.label;
  if (named) return named;
  const key = template?.variables[i]?.labelKey;
  if (key) {
    const inferred = t(`templates.variableLabel.${key}`, { defaultValue: '' });
    // Catalog words are lower case in English ("minutes"); a field label starts with a capital.
    if (inferred) return inferred.charAt(0).toUpperCase() + inferred.slice(1);
  }
  return t('send.variable', { n: i + 1 });
}

/** Labels of all `count` placeholders. */
export function variableLabels(
  template: Pick<Template, 'variableNames' | 'variables'> | undefined | null,
  count: number,
  t: TFunction,
): string[] {
  return Array.from({ length: count }, (_x, i) => variableLabel(template, i, t));
}
